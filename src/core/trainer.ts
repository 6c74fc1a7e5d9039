/**
 * Training: one step = a fresh batch from the task, loss L + the halting method's regulariser (ACT: τ·P;
 * PonderNet: β·KL), gradients, clipping, Adam; metrics read back.
 * Loss convention: the task loss and the regulariser of a sequence are both summed over its time steps, then
 * averaged over the batch — so τ is comparable with the paper's values.
 */
import * as tf from '@tensorflow/tfjs';
import type { Config } from '../config/schema';
import type { Task, TaskData } from '../tasks/task';
import { curriculumChanges, optionsAtStep } from './taskOptions';
import type { HaltingSettings } from './halting/method';
import type { AdamSnapshot } from './adam';
import { Adam, learningRateAt } from './adam';
import { Checkpoint, TrainingDiverged, nonFiniteVariables } from './checkpoint';
import type { PonderUnroll, UnrollPredictorOptions } from './speculation';
import { UnrollPredictor, defaultPonderUnroll, haltCheckOf, speculate } from './speculation';
import { TapeSegments } from './tapeSegments';
import type { BatchTensors } from './batch';
import type { HeadSpec, HostBatch } from './types';
import { batchTensors, disposeBatch } from './batch';
import { ActModel } from './model';
import type { ForwardStart, OutputDropout } from './model';
import { modelSpecFor, ponderSettingsFor, requireData } from './objective';
import type { ForwardPass, Gradients, UpdateCounts } from './passGradients';
import { batchGradients, emptyCounts, passGradients, recordPass } from './passGradients';
import type { GradientShard } from './shards';
import { SplitBatches } from './shards';
import { nextBudgetTau, warmedTau } from './ponderBudget';
import { Rng, streamSeed } from './random';
import type { StreamSnapshot } from './streaming';
import { TruncatedStreams, checkStreamSnapshot } from './streaming';
import type { TruncationSnapshot } from './adaptiveTruncation';
import { probeTruncation, summarizeProbes } from './adaptiveTruncation';

/** The mean number of targets a sequence of the batch has (taskLoss is summed over them, then averaged over the batch). */
function targetsPerSequence({ targetMask, batch }: HostBatch): number {
  let targets = 0;
  for (const counted of targetMask) targets += counted;
  return targets / batch;
}

export interface StepMetrics {
  step: number;
  /** L + the method's regulariser (τ·P, β·KL), averaged over the batch. */
  loss: number;
  /** L alone (PonderNet: its expectation Σ p_n L_n), averaged over the batch. */
  taskLoss: number;
  /** Fraction of sequences with any wrong output. */
  seqError: number;
  /** L per target, in bits: for a task that reads text, bits per character of this batch (the held-out measure's twin). */
  bitsPerTarget: number;
  /** Mean ponder per input step: ACT N(t), PonderNet Σ n·p_n, repeat ρ, none 1. */
  ponder: number;
  /** Mean updates actually computed per input step and row (ACT: N(t), as ponder; PonderNet: its unroll N). */
  computedSteps: number;
  /** The τ this step's loss used (moves during training in ponder-budget mode and grows during a τ warm-up, see ponderBudget.ts). */
  tau: number;
  /** The learning rate this step's update used (falls during training with a half-life, see learningRateAt). */
  lr: number;
  /** Global gradient norm before clipping. */
  gradNorm: number;
  /** Streaming training: the truncation K this step used. */
  truncation?: number;
  /**
   * Cell updates computed per ponder unit over the batch's input steps (halted rows ride along, unless the loop
   * leaves them out: see `work`; with speculative unrolling, discarded attempts included).
   */
  updates: number[];
  /** The work of those updates, in whole batches (ACT on WASM and CPU computes only the rows still running). */
  work: number[];
  /** Speculative unrolling only: forward passes cut short while a row still ran, each continued by the next. */
  cuts?: number;
  msPerStep: number;
  /** The task options this step's batch was generated with that its curriculum changed (absent when none). */
  curriculum?: Record<string, number | string | boolean>;
}

/** The settings that act on a running training from its next step. */
export type LiveSettings = Pick<Config, 'tau' | 'tauWarmup' | 'ponderTarget' | 'ponderRate' | 'haltPenalty' | 'haltMargin' | 'beta' | 'lambdaP' | 'repeats' | 'eps' | 'maxSteps' | 'evalMaxSteps' | 'lr' | 'lrHalfLife' | 'clip' | 'weightDecay' | 'dropout'>;

/** Engine choices that are not part of the config (they change how, never what, the network computes). */
export interface TrainerOptions {
  /** Default: speculative on WebGPU and WebGL, compact on WASM and CPU (see defaultPonderUnroll). */
  ponderUnroll?: PonderUnroll;
  /** Tuning of the speculative unroll's prediction. */
  unroll?: UnrollPredictorOptions;
  /**
   * Copies of the model elsewhere (worker threads) that each compute the gradients of a part of every batch
   * (shards.ts); the caller starts and disposes them. Not with dropout, streaming training or speculative unrolling.
   */
  shards?: readonly GradientShard[];
}

/** What a resumed Trainer continues from. */
export interface ResumeParts {
  model: ActModel;
  optimizer?: AdamSnapshot;
  dataStream?: readonly number[];
  step?: number;
  /** τ as the ponder budget had moved it (else the config's τ). */
  tau?: number;
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
  /** The step this trainer was created or resumed at (a pretrained snapshot's own training continues from there). */
  readonly startStep: number;
  /** The τ in force: the config's, or where the ponder budget has moved it. */
  private tauNow: number;
  private lastGood: Checkpoint;
  /** Streaming training with truncation (tbptt > 0 or tbpttDelta > 0), else undefined: independent sequences. */
  private readonly streams?: TruncatedStreams;
  /** Adaptive truncation (tbpttDelta > 0): the newest update of K and what it was estimated from. */
  private lastTruncation?: TruncationSnapshot;
  /** Speculative unrolling: predicts each input step's unroll from the recent steps. */
  private readonly unrollPredictor: UnrollPredictor;
  private readonly options: TrainerOptions;
  /** The shards this trainer's batches are split among (options.shards), until it drops them. */
  readonly split: SplitBatches;
  /** Steps between in-memory checkpoints (a diverging step rolls back to the latest). */
  checkpointEvery = 100;

  private constructor(config: Config, task: Task, data: TaskData | undefined, resume?: ResumeParts, options: TrainerOptions = {}) {
    this.options = options;
    this.split = new SplitBatches(options.shards);
    this.split.check(config, this.ponderUnroll);
    this.unrollPredictor = new UnrollPredictor(options.unroll);
    this.current = config;
    this.task = task;
    requireData(this.task, data);
    this.data = data;
    this.model = resume?.model ?? new ActModel(modelSpecFor(config, this.task), new Rng(streamSeed(config.seed, 'init')));
    this.optimizer = new Adam(this.model.variables.map(({ variable }) => variable), config.lr);
    if (resume?.optimizer) this.optimizer.restore(resume.optimizer);
    this.dataRng = resume?.dataStream ? Rng.fromState(resume.dataStream) : new Rng(streamSeed(config.seed, 'train'));
    this.steps = resume?.step ?? 0;
    this.startStep = this.steps;
    this.tauNow = resume?.tau ?? config.tau;
    if (config.tbptt > 0 || config.tbpttDelta > 0) this.streams = this.openStreams(config, resume?.streams);
    this.lastGood = Checkpoint.take(this.steps, this.model.variables, this.optimizer);
  }

  /** A fresh model from the config's seed, training on `task` (the config's task). The backend must be initialised first. */
  static create(config: Config, task: Task, data?: TaskData, options?: TrainerOptions): Trainer {
    return new Trainer(config, task, data, undefined, options);
  }

  /**
   * Continues from a given model: with only the model, a fresh optimizer and data stream; with the optimizer
   * state, data-stream position and step of a saved run (see trainerState.ts), exactly where it stopped.
   */
  static resume(config: Config, task: Task, parts: ResumeParts, data?: TaskData, options?: TrainerOptions): Trainer {
    return new Trainer(config, task, data, parts, options);
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

  /**
   * The config the next training batch is generated from: the task's curriculum (if any) at the current step.
   * A function of the config and the step alone, so a resumed run (which keeps its step) continues it exactly.
   */
  get taskConfig(): Config {
    return optionsAtStep(this.task, this.current, this.steps);
  }

  /** The τ the next step uses (differs from config.tau once the ponder budget has moved it). */
  get tau(): number {
    return this.tauNow;
  }

  /** A τ that differs from the config's restarts τ there; without a ponder budget τ is the config's. */
  updateLive(settings: Partial<LiveSettings>): void {
    this.split.check({ ...this.current, ...settings }, this.ponderUnroll);
    const tauMoved = settings.tau !== undefined && settings.tau !== this.current.tau;
    this.current = { ...this.current, ...settings };
    if (tauMoved || !this.budgeted()) this.tauNow = this.current.tau;
  }

  private budgeted(): boolean {
    return this.current.halting === 'act' && this.current.ponderTarget > 0;
  }

  async step(): Promise<StepMetrics> {
    const started = performance.now();
    const { clip, weightDecay } = this.current;
    const lr = learningRateAt(this.current, this.steps);
    this.optimizer.learningRate = lr;
    const curriculum = curriculumChanges(this.task, this.current, this.steps);
    const tau = this.tauNow;
    const trainingTau = warmedTau(tau, this.current.tauWarmup, this.steps);
    // As the reference: train at the starting K first, then re-estimate after every `every` steps.
    if (this.current.tbpttDelta > 0 && this.steps > 0 && this.steps % this.task.stream!.truncation.every === 0) await this.estimateTruncation();
    const truncation = this.streams?.truncation;
    const window = this.streams?.window(this.task.stream!, this.current, this.data?.train);
    const host = window?.batch ?? this.task.generate(this.taskConfig, this.current.batch, this.dataRng, this.data?.train);
    const backendSettings = ponderSettingsFor(this.current);
    const settings: HaltingSettings = { ...backendSettings, haltCheck: haltCheckOf(this.ponderUnroll, backendSettings.haltCheck), tau: trainingTau };
    const counts = emptyCounts(this.model);
    const { step, cuts } = await this.stepGradients(host, settings, counts, window?.keepStateAfter);
    let values: Float32Array | Int32Array | Uint8Array;
    try {
      values = await step.packed.data();
    } catch (error) {
      tf.dispose([step.packed, step.norm, ...step.gradients, ...(step.carried?.flat() ?? [])]);
      throw error;
    }
    // The metrics are read before the update: a step whose loss or gradients are not finite must not change
    // the weights (checking on the host costs nothing extra, the metrics are read every step anyway).
    const [loss, taskLoss, seqError, ponder, computedSteps, gradNorm] = values;
    const finite = Number.isFinite(loss) && Number.isFinite(gradNorm);
    try {
      if (finite) this.optimizer.apply(step.gradients, step.norm, clip, weightDecay);
      if (finite && step.carried) this.streams!.advance(this.task.stream!, this.current, step.carried, this.data?.train);
      else if (step.carried) tf.dispose(step.carried.flat());
    } finally {
      tf.dispose([step.packed, step.norm, ...step.gradients]);
    }
    this.steps += 1;
    if (!finite) await this.rollBack(loss, gradNorm);
    if (this.budgeted()) this.tauNow = nextBudgetTau(tau, ponder, this.current.ponderTarget, this.current.ponderRate);
    if (this.steps % this.checkpointEvery === 0) this.keepCheckpoint();
    const changed = Object.keys(curriculum).length > 0 ? { curriculum } : {};
    const speculation = this.ponderUnroll === 'speculative' ? { cuts } : {};
    const bitsPerTarget = taskLoss / targetsPerSequence(host) / Math.LN2;
    return { step: this.steps, loss, taskLoss, seqError, bitsPerTarget, ponder, computedSteps, tau: trainingTau, lr, gradNorm, ...counts, truncation, msPerStep: performance.now() - started, ...changed, ...speculation };
  }

  /**
   * This step's output dropout, if any: its mask is seeded by the seed and the step alone, so every speculative pass
   * of a step draws the same mask and a resumed run continues with the masks it would have drawn.
   */
  private get dropout(): OutputDropout | undefined {
    const rate = this.current.dropout;
    return rate > 0 ? { rate, seed: streamSeed(this.current.seed, `dropout/${this.steps}`) } : undefined;
  }

  /** How the ponder loop learns where to stop in training: set by the options, else by the backend running now. */
  get ponderUnroll(): PonderUnroll {
    return this.options.ponderUnroll ?? defaultPonderUnroll(tf.getBackend());
  }

  /**
   * A batch's gradients (not applied yet): split among the shards, one pass, or speculative passes continued until
   * one is not cut short. Adds the cell updates computed to `counts`.
   */
  private async stepGradients(host: HostBatch, settings: HaltingSettings, counts: UpdateCounts, keepStateAfter?: number): Promise<{ step: Gradients; cuts: number }> {
    const split = await this.split.gradients(this.model, this.head, host, settings, counts);
    if (split) return { step: split, cuts: 0 };
    if (this.ponderUnroll !== 'speculative') return { step: batchGradients(this.model, this.head, host, settings, counts, this.startAt(keepStateAfter), this.dropout), cuts: 0 };
    const tape = new TapeSegments();
    const batch = batchTensors(host);
    try {
      return await this.speculativeGradients(tape, batch, settings, counts, keepStateAfter);
    } finally {
      tape.dispose();
      disposeBatch(batch);
    }
  }

  /**
   * Speculative unrolling: forward passes recorded on `tape`, continued until one is not cut short (speculate),
   * then the gradients over all of them: those of the read-back mode's single pass, exactly.
   */
  private async speculativeGradients(tape: TapeSegments, batch: BatchTensors, settings: HaltingSettings, counts: UpdateCounts, keepStateAfter?: number): Promise<{ step: Gradients; cuts: number }> {
    const { result: forward, cuts } = await speculate(this.unrollPredictor, settings, counts.updates.length, (passSettings) => {
      const pass = this.forwardPass(tape, batch, passSettings, counts, keepStateAfter);
      return { result: pass, unrolled: pass.unrolled, dispose: () => tf.dispose([pass.total, pass.observed, ...(pass.unrolled ? [pass.unrolled] : []), ...(pass.carried?.flat() ?? [])]) };
    });
    return { step: passGradients(tape, this.model, forward), cuts };
  }

  /** One forward pass of a batch, recorded on `tape`; adds the cell updates it computed to `counts`. */
  private forwardPass(tape: TapeSegments, batch: BatchTensors, settings: HaltingSettings, counts: UpdateCounts, keepStateAfter?: number): ForwardPass {
    return recordPass(tape, this.model, this.head, batch, settings, counts, this.startAt(keepStateAfter), this.dropout);
  }

  /** Streaming training: where a pass starts (the streams' state) and after how many steps it keeps its state. */
  private startAt(keepStateAfter?: number): ForwardStart | undefined {
    return keepStateAfter !== undefined ? { state: this.streams!.state, keepStateAfter } : undefined;
  }

  private get head(): HeadSpec {
    return this.task.dims(this.current).head;
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
   * Adaptive truncation: the task's number of fresh probes of the gradient's decay on random windows of the
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
