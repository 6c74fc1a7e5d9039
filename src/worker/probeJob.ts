/**
 * The workers' side of probing: keeps the last input the UI asked about (across runs: it applies whenever the
 * run's task is its task), checks and encodes it with the task's own probe, traces it with the model it is
 * given and posts the answer. The probe worker answers with its copy of the weights (probeService.ts); the
 * training worker keeps every request too but answers only once told to (the probe worker failed). Runs on a
 * worker, never on the page's thread.
 */
import type { Config } from '../config/schema';
import { tracePonder } from '../core/trace';
import type { ActModel } from '../core/model';
import { ponderSettingsFor } from '../core/objective';
import { isRefusal, type TaskProbe } from '../tasks/probe';
import type { Task } from '../tasks/task';
import type { ProbeAnswer, ProbeFromWorker, ProbeRequest } from './probeProtocol';
import { STATE_VALUES_PER_TRACE, type RunId } from './protocol';
import type { GivenText } from './wikiProtocol';
import { readText } from './wikiReading';

type Post = (message: ProbeFromWorker, transfer?: Transferable[]) => void;

/** What a task's probe reads when nobody asked about anything yet: for the Wikipedia task, the shipped excerpt. */
export type DefaultInput = (config: Config) => Promise<unknown>;

/** What an answer is computed with: a model, the config it was built and runs with, its task, and its training step. */
export interface ProbedModel {
  model: ActModel;
  config: Config;
  task: Task;
  stepCount: number;
}

export class ProbeJob {
  private request: ProbeRequest | null = null;

  constructor(
    private readonly post: Post,
    private readonly defaultInput: DefaultInput = async () => undefined,
    /** Whether it answers; else it only keeps the latest request until `answerFromNowOn`. */
    private answering = true,
  ) {}

  ask(request: ProbeRequest): void {
    this.request = request;
  }

  answerFromNowOn(): void {
    this.answering = true;
  }

  /** Whether this job answers the requests (else the probe worker does). */
  get answers(): boolean {
    return this.answering;
  }

  /** Answers the run's input (the asked one when it is for this task, else the default, if any) with the given model. */
  async answer(source: ProbedModel, runId: RunId): Promise<void> {
    const { task, config } = source;
    if (!this.answering || !task.probe) return;
    const asked = this.request?.task === task.id ? this.request : null;
    const value = asked ? asked.input : await this.defaultInput(config);
    if (value === undefined) return;
    const id = asked?.id ?? 0;
    const input = task.probe.check(config, value);
    if (isRefusal(input)) {
      this.post({ type: 'probeRefused', runId, id, task: task.id, message: input.error });
      return;
    }
    const answer = await answerOf(source, task.probe, task.id, input, id);
    const transfer = answer.kind === 'reading' ? [answer.reading.ponder, answer.reading.loss, answer.reading.entropy, answer.reading.topBytes, answer.reading.topProbabilities].map((array) => array.buffer as ArrayBuffer) : [];
    this.post({ type: 'probed', runId, answer }, transfer);
  }
}

/** A `reading` answer is reduced per byte (a text is long); a `sequence` answer is the whole trace of the input's sequence. */
async function answerOf(source: ProbedModel, probe: TaskProbe<Config, unknown>, task: string, input: unknown, id: number): Promise<ProbeAnswer> {
  const { config, model, stepCount: step } = source;
  if (probe.answer === 'reading') return { id, task, kind: 'reading', reading: await readText(model, config, input as GivenText, step) };
  // With the cell's states, so that the State panel draws the input made by hand like any traced example.
  const examples = await tracePonder(model, probe.encode(config, input), ponderSettingsFor(config), { stateValues: STATE_VALUES_PER_TRACE });
  return { id, task, kind: 'sequence', trace: { step, eps: config.eps, maxSteps: config.maxSteps, head: source.task.dims(config).head, examples } };
}
