/**
 * Training: one step = a fresh batch from the task, loss L + τ·P, gradients, clipping, Adam; metrics read back.
 * Loss convention: the task loss and the ponder cost P of a sequence are both summed over its time steps, then
 * averaged over the batch — so τ is comparable with the paper's values.
 */
import * as tf from '@tensorflow/tfjs';
import type { Config } from '../config/schema';
import { getTask } from '../tasks/registry';
import type { Task, TaskData } from '../tasks/task';
import type { PonderSettings } from './act';
import type { AdamSnapshot } from './adam';
import { Adam, globalNorm } from './adam';
import { Checkpoint, TrainingDiverged, nonFiniteVariables } from './checkpoint';
import { withKernelTransposes } from './linear';
import { haltCheckFor } from './backend';
import type { BatchTensors } from './batch';
import { batchTensors } from './batch';
import type { HeadSpec } from './types';
import { sequenceErrors, sequenceLoss } from './head';
import type { ForwardStart, ModelSpec } from './model';
import { ActModel } from './model';
import { getCell } from './cells/registry';
import { Rng, streamSeed } from './random';
import type { StreamSnapshot } from './streaming';
import { TruncatedStreams, checkStreamSnapshot } from './streaming';
import type { TruncationSnapshot } from './adaptiveTruncation';
import { probeTruncation, summarizeProbes } from './adaptiveTruncation';

export interface StepMetrics {
  step: number;
  /** L + τ·P, averaged over the batch. */
  loss: number;
  /** L alone, averaged over the batch. */
  taskLoss: number;
  /** Fraction of sequences with any wrong output. */
  seqError: number;
  /** Mean N(t) per input step (1 without ACT). */
  ponder: number;
  /** Global gradient norm before clipping. */
  gradNorm: number;
  /** Streaming training: the truncation K this step used. */
  truncation?: number;
  /** Cell updates computed per ponder unit over the batch's input steps (the work done: halted rows ride along). */
  updates: number[];
  msPerStep: number;
}

/** The settings that act on a running training from its next step. */
export type LiveSettings = Pick<Config, 'tau' | 'eps' | 'maxSteps' | 'lr' | 'clip'>;

export function modelSpecFor(config: Config, task: Task = getTask(config.task)): ModelSpec {
  const dims = task.dims(config);
  const cellKeys = Object.keys(getCell(config.cell).options);
  return {
    cell: config.cell,
    cellOptions: Object.fromEntries(cellKeys.map((key) => [key, (config as Record<string, unknown>)[key] as number | string | boolean])),
    inputSize: dims.inputSize,
    hidden: config.hidden,
    layers: config.layers,
    act: config.act,
    ponderMode: config.ponderMode,
    head: dims.head,
  };
}

export function ponderSettingsFor(config: Pick<Config, 'eps' | 'maxSteps'>): PonderSettings {
  return { eps: config.eps, maxSteps: config.maxSteps, haltCheck: haltCheckFor(tf.getBackend()) };
}

export interface Objective {
  /** L + τ·P averaged over the batch: what the gradients are of. */
  total: tf.Scalar;
  taskLoss: tf.Scalar;
  seqError: tf.Scalar;
  /** Mean N(t) over the real input steps. */
  ponder: tf.Scalar;
  updates: number[];
  /** With ForwardStart.keepStateAfter: every unit's state after that many steps. */
  stateAfter?: tf.Tensor2D[][];
}

/** The training loss of a batch and the metrics that come with it (the loss convention: see the file comment). */
export function trainingObjective(model: ActModel, head: HeadSpec, batch: BatchTensors, tau: number, settings: PonderSettings, start?: ForwardStart): Objective {
  const out = model.forward(batch.inputs, batch.stepMask, settings, undefined, start);
  const taskLoss = sequenceLoss(head, out.logits, batch.targets, batch.targetMask);
  const errors = sequenceErrors(head, out.logits, batch.targets, batch.targetMask);
  return {
    total: tf.mean(tf.add(taskLoss, tf.mul(tau, out.ponderCost))) as tf.Scalar,
    taskLoss: tf.mean(taskLoss) as tf.Scalar,
    seqError: tf.mean(errors) as tf.Scalar,
    ponder: tf.div(tf.sum(out.ponderSteps), batch.realSteps) as tf.Scalar,
    updates: out.updates,
    stateAfter: out.stateAfter,
  };
}

/** Throws a clear Error when a task that reads text gets none. */
export function requireData(task: Task, data: TaskData | undefined): void {
  if (task.needsData && !data) throw new Error(`The ${task.label} task needs text to read; none was given.`);
}

/** What a resumed Trainer continues from. */
export interface ResumeParts {
  model: ActModel;
  optimizer?: AdamSnapshot;
  dataStream?: readonly number[];
  step?: number;
  /** Streaming training: where the streams stand, K and the state they carry. */
  streams?: StreamSnapshot;
}

export class Trainer {
  readonly task: Task;
  readonly model: ActModel;
  private current: Config;
  private readonly optimizer: Adam;
  private readonly dataRng: Rng;
  private readonly data?: TaskData;
  private steps = 0;
  private lastGood: Checkpoint;
  /** Streaming training with truncation (tbptt > 0 or tbpttDelta > 0), else undefined: independent sequences. */
  private readonly streams?: TruncatedStreams;
  /** Adaptive truncation (tbpttDelta > 0): the newest update of K and what it was estimated from. */
  private lastTruncation?: TruncationSnapshot;
  /** Steps between in-memory checkpoints (a diverging step rolls back to the latest). */
  checkpointEvery = 100;

  private constructor(config: Config, data: TaskData | undefined, resume?: ResumeParts) {
    this.current = config;
    this.task = getTask(config.task);
    requireData(this.task, data);
    this.data = data;
    this.model = resume?.model ?? new ActModel(modelSpecFor(config, this.task), new Rng(streamSeed(config.seed, 'init')));
    this.optimizer = new Adam(this.model.variables.map(({ variable }) => variable), config.lr);
    if (resume?.optimizer) this.optimizer.restore(resume.optimizer);
    this.dataRng = resume?.dataStream ? Rng.fromState(resume.dataStream) : new Rng(streamSeed(config.seed, 'train'));
    this.steps = resume?.step ?? 0;
    if (config.tbptt > 0 || config.tbpttDelta > 0) this.streams = this.openStreams(config, resume?.streams);
    this.lastGood = Checkpoint.take(this.steps, this.model.variables, this.optimizer);
  }

  /** A fresh model from the config's seed. The backend must be initialised first. */
  static create(config: Config, data?: TaskData): Trainer {
    return new Trainer(config, data);
  }

  /**
   * Continues from a given model: with only the model, a fresh optimizer and data stream; with the optimizer
   * state, data-stream position and step of a saved run (see trainerState.ts), exactly where it stopped.
   */
  static resume(config: Config, parts: ResumeParts, data?: TaskData): Trainer {
    return new Trainer(config, data, parts);
  }

  /** A copy of the optimizer state (the caller disposes its tensors). */
  optimizerSnapshot(): AdamSnapshot {
    return this.optimizer.snapshot();
  }

  /** Where the training data stream stands, to continue it after a reload. */
  dataStreamState(): number[] {
    return this.dataRng.state();
  }

  get config(): Config {
    return this.current;
  }

  get stepCount(): number {
    return this.steps;
  }

  updateLive(settings: Partial<LiveSettings>): void {
    this.current = { ...this.current, ...settings };
    this.optimizer.learningRate = this.current.lr;
  }

  async step(): Promise<StepMetrics> {
    const started = performance.now();
    const { tau, clip } = this.current;
    if (this.current.tbpttDelta > 0 && this.steps % this.task.stream!.truncation.every === 0) await this.estimateTruncation();
    const truncation = this.streams?.truncation;
    const window = this.streams?.window(this.task.stream!, this.current, this.data?.train);
    const host = window?.batch ?? this.task.generate(this.current, this.current.batch, this.dataRng, this.data?.train);
    const settings = ponderSettingsFor(this.current);
    const head = this.task.dims(this.current).head;
    let updates: number[] = [];
    const variables = this.model.variables.map(({ variable }) => variable);
    let carried: tf.Tensor2D[][] | undefined;
    const { packed, gradients, norm } = tf.tidy(() => {
      const batch = batchTensors(host);
      let observed: tf.Tensor1D | undefined;
      const { value, grads } = withKernelTransposes(() => tf.variableGrads(() => {
        const start = window && { state: this.streams!.state, keepStateAfter: window.keepStateAfter };
        const objective = trainingObjective(this.model, head, batch, tau, settings, start);
        observed = tf.keep(tf.stack([objective.taskLoss, objective.seqError, objective.ponder]) as tf.Tensor1D);
        carried = objective.stateAfter?.map((unit) => unit.map((tensor) => tf.keep(tensor)));
        updates = objective.updates;
        return objective.total;
      }, variables));
      const gradientList = variables.map((variable) => grads[variable.name]);
      const gradientNorm = globalNorm(gradientList);
      const metrics = tf.concat([tf.reshape(value, [1]), observed!, tf.reshape(gradientNorm, [1])]);
      observed!.dispose();
      return { packed: metrics, gradients: gradientList, norm: gradientNorm };
    });
    // The metrics are read before the update: a step whose loss or gradients are not finite must not change
    // the weights (checking on the host costs nothing extra, the metrics are read every step anyway).
    let values: Float32Array | Int32Array | Uint8Array;
    let finite: boolean;
    try {
      values = await packed.data();
      finite = Number.isFinite(values[0]) && Number.isFinite(values[4]); // the loss and the gradient norm
      if (finite) this.optimizer.apply(gradients, norm, clip);
      if (finite && carried) this.streams!.advance(this.task.stream!, this.current, carried, this.data?.train);
      else if (carried) tf.dispose(carried.flat());
    } finally {
      tf.dispose([packed, norm, ...gradients]);
    }
    const [loss, taskLoss, seqError, ponder, gradNorm] = values;
    this.steps += 1;
    if (!finite) await this.rollBack(loss, gradNorm);
    if (this.steps % this.checkpointEvery === 0) this.keepCheckpoint();
    return { step: this.steps, loss, taskLoss, seqError, ponder, gradNorm, updates, truncation, msPerStep: performance.now() - started };
  }

  /** Where the streams stand (streaming training only), to continue them exactly after a reload. */
  async streamSnapshot(): Promise<StreamSnapshot | undefined> {
    return this.streams?.snapshot();
  }

  /** The truncation K of the next step (streaming training), else undefined. */
  get truncation(): number | undefined {
    return this.streams?.truncation;
  }

  /** The newest update of K (adaptive truncation); undefined before the first. */
  get truncationUpdate(): TruncationSnapshot | undefined {
    return this.lastTruncation;
  }

  /**
   * Adaptive truncation: PROBES_PER_UPDATE fresh probes of the gradient's decay on random windows of the
   * training data (seeded by the step, so a resumed run probes the same windows), then K from their estimates.
   */
  private async estimateTruncation(): Promise<void> {
    const update = await probeTruncation(this.model, this.task.dims(this.current).head, this.task.stream!, this.current, {
      rows: this.current.batch,
      delta: this.current.tbpttDelta,
      rng: new Rng(streamSeed(this.current.seed, `probe/${this.steps}`)),
      settings: ponderSettingsFor(this.current),
      bytes: this.data?.train,
    });
    this.lastTruncation = summarizeProbes(update, this.current.tbpttDelta, this.steps);
    this.streams!.truncation = update.K;
  }

  private openStreams(config: Config, saved?: StreamSnapshot): TruncatedStreams {
    const stream = this.task.stream;
    if (!stream) {
      const keys = config.tbpttDelta > 0 ? `tbpttDelta = ${config.tbpttDelta}` : `tbptt = ${config.tbptt}`;
      throw new Error(`${keys} needs a task that is one long stream (wiki, delaycopy); ${this.task.label} is made of separate sequences. Set tbptt=0 and tbpttDelta=0.`);
    }
    const widths = this.model.unitStateWidths;
    if (saved) {
      checkStreamSnapshot(saved, widths, config.batch);
      return new TruncatedStreams(saved, widths);
    }
    const positions = stream.open(config, config.batch, this.dataRng, this.data?.train);
    const truncation = config.tbptt > 0 ? config.tbptt : stream.truncation.start;
    return new TruncatedStreams({ positions, buffered: 0, truncation, state: [] }, widths);
  }

  /** The step the weights would return to if training diverged now. */
  get checkpointStep(): number {
    return this.lastGood.step;
  }

  private keepCheckpoint(): void {
    this.lastGood.dispose();
    this.lastGood = Checkpoint.take(this.steps, this.model.variables, this.optimizer);
  }

  private async rollBack(loss: number, gradNorm: number): Promise<never> {
    const what = [
      ...(Number.isFinite(loss) ? [] : ['loss']),
      ...(Number.isFinite(gradNorm) ? [] : ['gradients']),
    ];
    const badWeights = await nonFiniteVariables(this.model.variables);
    if (badWeights.length > 0) what.push(`weights (${badWeights.join(', ')})`);
    const failedStep = this.steps;
    this.lastGood.restore(this.model.variables, this.optimizer);
    this.steps = this.lastGood.step;
    throw new TrainingDiverged(failedStep, what, this.lastGood.step);
  }

  dispose(): void {
    this.streams?.dispose();
    this.lastGood.dispose();
    this.optimizer.dispose();
    this.model.dispose();
  }
}
