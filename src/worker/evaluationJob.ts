/**
 * Held-out evaluations that do not hold up the worker: one at a time, giving the event loop a turn between
 * batches (so Pause, Reset and One step are handled at once), and dropped as soon as the model is about to change.
 */
import { evaluate } from '../core/evaluate';
import type { Trainer } from '../core/trainer';
import type { TaskData } from '../tasks/task';
import { generalisationLengths } from '../core/taskOptions';
import { heldOutClassStats } from './heldOutClasses';
import { EVALUATION_PER_DIFFICULTY, EVALUATION_SEQUENCES, type EvaluationSnapshot, type FromWorker, type RunId } from './protocol';

/** Held-out windows of a character model traced byte by byte for the means per character class. */
export const CLASS_WINDOWS = 32;

/** Sequences per evaluation batch: a Pause waits for at most one batch. */
const BATCH_SIZE = 128;

export class EvaluationJob {
  private current: { controller: AbortController; runId: RunId } | null = null;
  /** The last finished evaluation: the model has not changed while its step is the trainer's. */
  private last: Omit<EvaluationSnapshot, 'final'> | null = null;

  constructor(
    private readonly post: (message: FromWorker) => void,
    private readonly nextTurn: () => Promise<void>,
  ) {}

  get lastStep(): number | null {
    return this.last?.step ?? null;
  }

  /** Drops the evaluation under way, if any, before the model changes; says so before anything else is posted. */
  cancel(): void {
    if (!this.current) return;
    this.current.controller.abort();
    this.post({ type: 'evaluationDropped', runId: this.current.runId });
    this.current = null;
  }

  /** Forgets the last result: a new model. */
  forget(): void {
    this.cancel();
    this.last = null;
  }

  /**
   * Evaluates the trainer's model and posts the result; a final one is posted even when the model has not
   * changed since the last evaluation (it marks the pause). Resolves when done or dropped.
   */
  async run(trainer: Trainer, runId: RunId, final: boolean, data?: TaskData): Promise<void> {
    this.cancel();
    const step = trainer.stepCount;
    if (this.last?.step === step) {
      if (final) this.post({ type: 'evaluation', runId, snapshot: { ...this.last, final } });
      return;
    }
    const controller = new AbortController();
    this.current = { controller, runId };
    this.post({ type: 'evaluating', runId, step });
    const { task, taskConfig } = trainer;
    // A length task is evaluated at lengths up to its generalisation factor × the longest it trains on now.
    const lengths = task.lengths ? generalisationLengths(task, taskConfig) : undefined;
    const sequences = lengths ? Math.ceil(EVALUATION_SEQUENCES / lengths.length) : EVALUATION_SEQUENCES;
    const perDifficulty = task.drawCurveEvenly && !lengths ? EVALUATION_PER_DIFFICULTY : undefined;
    const options = { sequences, lengths, perDifficulty, batchSize: BATCH_SIZE, seed: trainer.config.seed, betweenBatches: this.nextTurn, signal: controller.signal, data };
    try {
      const evaluation = await evaluate(trainer.model, task, taskConfig, options);
      if (controller.signal.aborted) return;
      const byClass = data ? await heldOutClassStats(trainer.model, trainer.task, trainer.config, data, CLASS_WINDOWS, trainer.config.seed) : undefined;
      if (controller.signal.aborted) return;
      this.last = { step, evaluation, ...(byClass ? { byClass } : {}) };
      this.post({ type: 'evaluation', runId, snapshot: { ...this.last, final } });
    } catch (error) {
      if (!controller.signal.aborted) throw error;
    } finally {
      if (this.current?.controller === controller) this.current = null;
    }
  }
}
