/**
 * The probe worker's logic, apart from the worker itself (probe.worker.ts only connects it), so that tests can
 * drive it with messages. It holds a copy of the current run's weights (refreshed by every 'weights' message) and
 * answers the input made by hand at once with them, on its own backend, never waiting on a training step.
 * Answers coalesce: while one is computed, any number of new requests lead to one more answer, of the latest.
 */
import type { BackendInfo } from '../core/backend';
import { getTask } from '../tasks/registry';
import { HeldModel } from './modelWeights';
import { lowerProbeGate } from './probeGate';
import { ProbeJob, type DefaultInput } from './probeJob';
import type { FromProbeWorker, ModelWeights, ToProbeWorker } from './probeProtocol';
import type { BackendFailure, RunId } from './protocol';

export interface ProbeServiceHost {
  post(message: FromProbeWorker, transfer?: Transferable[]): void;
  /** Starts the backend (with its fallbacks); throws when none starts. */
  startBackend(): Promise<{ info: BackendInfo; failed: BackendFailure[] }>;
  defaultInput?: DefaultInput;
}

export class ProbeService {
  private readonly held = new HeldModel();
  private readonly job: ProbeJob;
  /** The run and step of the weights held; null until the first copy came. */
  private current: { runId: RunId; weights: Omit<ModelWeights, 'values'> } | null = null;
  private backend: Promise<unknown> | null = null;
  private failed = false;
  private queue: Promise<void> = Promise.resolve();
  /** An answer is queued and not yet started: a new request needs no other. */
  private answerQueued = false;
  private gate: SharedArrayBuffer | null = null;

  constructor(private readonly host: ProbeServiceHost) {
    this.job = new ProbeJob((message, transfer) => host.post(message as FromProbeWorker, transfer), host.defaultInput);
  }

  /** Handles a message; resolves once what it asked for (an adoption, an answer) is done. */
  receive(message: ToProbeWorker): Promise<void> {
    if (this.failed) return Promise.resolve();
    switch (message.type) {
      case 'probeGate':
        this.gate = message.gate;
        return Promise.resolve();
      case 'probe':
        this.job.ask(message.request);
        return this.answerSoon();
      case 'weights':
        this.serially(() => this.adopt(message.runId, message.weights));
        return this.answerSoon(true);
    }
  }

  private serially(task: () => Promise<void>): Promise<void> {
    this.queue = this.queue.then(() => (this.failed ? undefined : task())).catch((error: unknown) => this.fail(error));
    return this.queue;
  }

  /** Queues an answer unless one is queued already; `after` queues one anyway (the one queued would come before new weights). */
  private answerSoon(after = false): Promise<void> {
    if (this.answerQueued && !after) return this.queue;
    this.answerQueued = true;
    return this.serially(async () => {
      this.answerQueued = false;
      const model = this.held.model;
      // No weights yet: the request is answered when they come (from the training worker, which must not hold).
      if (this.current && model) {
        const { runId, weights } = this.current;
        await this.job.answer({ model, config: weights.config, task: getTask(weights.config.task), stepCount: weights.step }, runId);
      }
      if (!this.answerQueued) this.lowerGate();
    });
  }

  /** Nothing is left to answer: training goes on (probeGate.ts). */
  private lowerGate(): void {
    if (this.gate) lowerProbeGate(this.gate);
  }

  private async adopt(runId: RunId, weights: ModelWeights): Promise<void> {
    this.backend ??= this.host.startBackend().then(({ info, failed }) => this.host.post({ type: 'probeBackend', backend: info, failed }));
    await this.backend;
    this.held.adopt(weights);
    this.current = { runId, weights: { step: weights.step, config: weights.config } };
  }

  /** Anything that goes wrong here (no backend, a failed answer) hands probing back to the training worker. */
  private fail(error: unknown): void {
    this.failed = true;
    this.lowerGate();
    this.held.dispose();
    this.host.post({ type: 'probeFailed', message: error instanceof Error ? error.message : String(error) });
  }
}
