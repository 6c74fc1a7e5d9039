/**
 * Evaluation on fresh sequences from a separate seeded stream: sequence error rate and ponder (the method's:
 * mean N per input step for ACT), overall and per difficulty value; optionally at given lengths (length
 * generalisation). M is `evalMaxSteps` when set.
 */
import * as tf from '@tensorflow/tfjs';
import type { Config } from '../config/schema';
import type { Task, TaskData } from '../tasks/task';
import { optionsAtLength, trainedDifficultyOfRun } from './taskOptions';
import { batchTensors, disposeBatch } from './batch';
import { joinRows } from './batchRows';
import type { HaltingSettings } from './halting/method';
import type { PonderUnroll, SpeculativePass } from './speculation';
import { UnrollPredictor, defaultPonderUnroll, haltCheckOf, speculate } from './speculation';
import { sequenceErrors } from './head';
import type { ActModel } from './model';
import { targetWidth, type HostBatch } from './types';
import { Rng, streamSeed } from './random';
import { ponderSettingsFor, requireData, taskLossOf } from './objective';
import { estimateResources } from './resources';
import { leadingUnscored, PonderAlongSequence, type PonderByStep } from './ponderAlongSequence';

export interface DifficultyStats {
  difficulty: number;
  count: number;
  seqError: number;
  ponder: number;
}

/** Ponder at the input steps of one step difficulty (Task.stepDifficultyLabel), over all sequences. */
export interface StepDifficultyStats {
  difficulty: number;
  /** Input steps of this difficulty. */
  steps: number;
  /** Their mean N. */
  ponder: number;
}

/** Error and ponder over a range of difficulties: what training saw (interpolation) or did not (extrapolation). */
export interface RegionStats {
  region: 'interpolation' | 'extrapolation';
  from: number;
  to: number;
  count: number;
  seqError: number;
  ponder: number;
}

export interface Evaluation {
  count: number;
  seqError: number;
  ponder: number;
  /** Mean updates actually computed per input step and sequence (equals ponder for ACT and fixed repetition; absent in evaluations saved before it existed). */
  computedSteps?: number;
  /** Mean task loss per sequence (summed over its steps). */
  taskLoss: number;
  /** Mean loss per target in bits: bits per character for the character task. */
  bitsPerTarget: number;
  byDifficulty: DifficultyStats[];
  /**
   * Set when byDifficulty and alongSequence come from an even draw (EvaluationOptions.perDifficulty): its sequences
   * at each difficulty. The other numbers are always those of the sequences as the generator draws them.
   */
  perDifficulty?: number;
  /** When the task trains on part of its difficulties only (e.g. parity's trainNonZero): both parts. */
  regions?: RegionStats[];
  /**
   * For a task whose input steps have difficulties of their own (logic: each vector's gates): the mean N at the
   * steps of each, over the sequences as the generator draws them.
   */
  byStepDifficulty?: StepDifficultyStats[];
  /** Where along the sequence the model ponders (absent in evaluations saved before it existed). */
  alongSequence?: PonderByStep;
}

export interface EvaluationOptions {
  sequences: number;
  seed: number;
  batchSize?: number;
  /** For tasks that read text: evaluation reads the held-out bytes. */
  data?: TaskData;
  /** Awaited between batches, e.g. to let a worker handle its messages during a long evaluation. */
  betweenBatches?: () => Promise<void>;
  /** Stops the evaluation early: it then rejects with the signal's reason. */
  signal?: AbortSignal;
  /**
   * Length generalisation: `sequences` sequences at exactly each of these lengths (Task.lengths), instead of
   * `sequences` from the config's own range. A task without lengths, or a length it cannot express, throws.
   */
  lengths?: readonly number[];
  /**
   * Tasks that read text: the whole held-out text in consecutive windows from its start, each from a zero state,
   * instead of `sequences` windows at random places: every window-long stretch counted once, the same number on
   * every run (a few hundred random windows of varied text can miss it by a tenth of a bit).
   */
  whole?: boolean;
  /**
   * How the ponder loop learns where to stop: default by the backend (speculation.ts: speculative on WebGPU, where
   * it would otherwise run all M updates everywhere, and on WebGL); the results are the same either way.
   */
  ponderUnroll?: PonderUnroll;
  /**
   * The numbers by difficulty (byDifficulty, alongSequence) from this many sequences at EACH difficulty of the
   * task's range, drawn by its probe at that difficulty, rather than from the `sequences` as the generator draws
   * them, which can leave a difficulty nearly empty (logic: 6 of 512 sequences have at most 1 gate per vector). The
   * overall numbers stay those of the generator's draw. Not with `lengths` or `whole`.
   */
  perDifficulty?: number;
}

/**
 * The tensor memory one evaluation batch may take. A batch of 256 long sequences through a large memory (e.g. SAM
 * with 1,024 slots at 10× its trained length) outgrows the WASM heap ("memory access out of bounds"); such
 * evaluations run in smaller batches instead. Small models keep batches of up to 256, so their results are as before.
 */
const EVALUATION_BATCH_BYTES = 512 * 1024 ** 2;

/**
 * The largest batch up to `wanted` whose estimated memory fits EVALUATION_BATCH_BYTES: the training step's
 * estimate per sequence (src/core/resources.ts; it includes the tape, so it bounds a forward pass from above).
 */
export function evaluationBatchSize(model: ActModel, task: Task, generating: Config, wanted: number, maxUpdates: number): number {
  const shape = { sequenceSteps: task.dims(generating).maxSteps, maxUpdates };
  const bytesOf = (batch: number) => estimateResources(model.spec, { ...shape, batch }).peakBytes(maxUpdates);
  const perSequence = Math.max(1, bytesOf(2) - bytesOf(1));
  return Math.max(1, Math.min(wanted, Math.floor(EVALUATION_BATCH_BYTES / perSequence)));
}

/** The evaluation stream: never the training stream, the same for the same seed. */
export function evaluationRng(seed: number): Rng {
  return new Rng(streamSeed(seed, 'eval'));
}

/** Per difficulty value: sequences, wrong ones, ponder steps and input steps. */
type Buckets = Map<number, { count: number; errors: number; steps: number; computed: number; inputSteps: number }>;

/** One kind of sequences to evaluate: `count` of them, made `size` at a time from the `done`-th on. */
interface Draw {
  generating: Config;
  count: number;
  make(done: number, size: number): HostBatch;
}

/** What a set of evaluated sequences adds up to: per difficulty, where along the sequence, and in all. */
class Tally {
  readonly buckets: Buckets = new Map();
  readonly alongSequence = new PonderAlongSequence();
  readonly totals = { loss: 0, targets: 0, sequences: 0 };
  /** Per step difficulty: input steps and their summed N (batches without step difficulties add nothing). */
  private readonly steps = new Map<number, { steps: number; ponder: number }>();

  constructor(private readonly head: ReturnType<Task['dims']>['head']) {}

  /** Adds a batch's sequences: `values` are the packed per-sequence results of evaluateBatch. */
  add(host: HostBatch, values: ArrayLike<number>): void {
    const size = host.batch;
    const units = (values.length / size - 4) / host.steps;
    for (let b = 0; b < size; b++) {
      let inputSteps = 0;
      const ponder: number[] = [];
      const targetMask: number[] = [];
      for (let t = 0; t < host.steps; t++) {
        inputSteps += host.stepMask[t * size + b];
        this.totals.targets += host.targetMask[t * size + b] * targetWidth(this.head);
        if (host.stepMask[t * size + b] === 0) continue;
        ponder.push(meanOverUnits(values, (4 + t * units) * size + b, units, size));
        targetMask.push(host.targetMask[t * size + b]);
        if (host.stepDifficulty) this.addStep(host.stepDifficulty[t * size + b], ponder[ponder.length - 1]);
      }
      this.alongSequence.add({ difficulty: host.difficulty[b], ponder, unscored: leadingUnscored(targetMask) });
      const bucket = this.buckets.get(host.difficulty[b]) ?? { count: 0, errors: 0, steps: 0, computed: 0, inputSteps: 0 };
      bucket.count += 1;
      bucket.errors += values[b];
      bucket.steps += values[size + b];
      bucket.computed += values[3 * size + b];
      bucket.inputSteps += inputSteps;
      this.buckets.set(host.difficulty[b], bucket);
      this.totals.loss += values[2 * size + b];
    }
    this.totals.sequences += size;
  }

  private addStep(difficulty: number, ponder: number): void {
    const bucket = this.steps.get(difficulty) ?? { steps: 0, ponder: 0 };
    bucket.steps += 1;
    bucket.ponder += ponder;
    this.steps.set(difficulty, bucket);
  }

  /** Undefined when no batch had step difficulties. */
  byStepDifficulty(): StepDifficultyStats[] | undefined {
    if (this.steps.size === 0) return undefined;
    return [...this.steps.entries()].sort(([a], [b]) => a - b).map(([difficulty, b]) => ({ difficulty, steps: b.steps, ponder: b.ponder / b.steps }));
  }

  byDifficulty(): DifficultyStats[] {
    return [...this.buckets.entries()]
      .sort(([a], [b]) => a - b)
      .map(([difficulty, b]) => ({ difficulty, count: b.count, seqError: b.errors / b.count, ponder: b.steps / b.inputSteps }));
  }
}

export async function evaluate(model: ActModel, task: Task, config: Config, options: EvaluationOptions): Promise<Evaluation> {
  requireData(task, options.data);
  const head = task.dims(config).head;
  const unroll = options.ponderUnroll ?? defaultPonderUnroll(tf.getBackend());
  const backendSettings = ponderSettingsFor(config, 'evaluation');
  const settings = { ...backendSettings, haltCheck: haltCheckOf(unroll, backendSettings.haltCheck) };
  // Speculative: each batch unrolled to what the earlier batches of this evaluation needed (the first to M).
  const predictor = unroll === 'speculative' ? new UnrollPredictor() : undefined;
  const evaluateBatch = async (host: HostBatch): Promise<Float32Array> => {
    const batch = batchTensors(host);
    let packed: tf.Tensor1D;
    try {
      const pass = (passSettings: HaltingSettings): SpeculativePass<tf.Tensor1D> => {
        const { result, unrolled } = tf.tidy(() => {
          const out = model.forward(batch.inputs, batch.stepMask, passSettings);
          const perSequence = tf.stack([
            sequenceErrors(head, out.logits, batch.targets, batch.targetMask),
            out.ponderSteps,
            taskLossOf(head, out, batch),
            out.computedSteps,
          ]);
          return { result: tf.concat([tf.reshape(perSequence, [-1]), tf.reshape(out.ponderRows, [-1])]) as tf.Tensor1D, unrolled: out.unrolled };
        });
        return { result, unrolled, dispose: () => tf.dispose([result, ...(unrolled ? [unrolled] : [])]) };
      };
      packed = predictor ? (await speculate(predictor, settings, model.ponderingCells.length, pass)).result : pass(settings).result;
    } finally {
      disposeBatch(batch);
    }
    const values = (await packed.data()) as Float32Array;
    packed.dispose();
    return values;
  };
  let evaluated = 0;
  const tallyOf = async (draws: readonly Draw[]): Promise<Tally> => {
    const tally = new Tally(head);
    for (const { generating, count, make } of draws) {
      const batchSize = options.batchSize ?? evaluationBatchSize(model, task, generating, Math.min(count, 256), settings.maxSteps);
      for (let done = 0; done < count; done += batchSize) {
        if (evaluated > 0) await options.betweenBatches?.();
        options.signal?.throwIfAborted();
        const host = make(done, Math.min(batchSize, count - done));
        tally.add(host, await evaluateBatch(host));
        evaluated += host.batch;
      }
    }
    return tally;
  };
  // Both draws are made before anything runs, so that options the task cannot take fail first.
  const draws = generatorDraws(task, config, options);
  const even = options.perDifficulty === undefined ? undefined : evenDraw(task, config, options, options.perDifficulty);
  const drawn = await tallyOf(draws);
  const evenly = even && (await tallyOf([even]));
  const { buckets, totals } = drawn;
  const byStepDifficulty = drawn.byStepDifficulty();
  const all = [...buckets.values()];
  const total = (pick: (bucket: (typeof all)[number]) => number) => all.reduce((sum, bucket) => sum + pick(bucket), 0);
  const trained = trainedDifficultyOfRun(task, config);
  const [, highest] = task.difficultyRange(config);
  const region = (name: RegionStats['region'], from: number, to: number): RegionStats => {
    const inside = [...buckets.entries()].filter(([difficulty]) => difficulty >= from && difficulty <= to).map(([, bucket]) => bucket);
    const sum = (pick: (bucket: (typeof all)[number]) => number) => inside.reduce((acc, bucket) => acc + pick(bucket), 0);
    const count = sum((b) => b.count);
    return { region: name, from, to, count, seqError: count > 0 ? sum((b) => b.errors) / count : 0, ponder: count > 0 ? sum((b) => b.steps) / sum((b) => b.inputSteps) : 0 };
  };
  return {
    ...(trained ? { regions: [region('interpolation', trained[0], trained[1]), region('extrapolation', trained[1] + 1, highest)] } : {}),
    count: totals.sequences,
    seqError: total((b) => b.errors) / totals.sequences,
    ponder: total((b) => b.steps) / total((b) => b.inputSteps),
    computedSteps: total((b) => b.computed) / total((b) => b.inputSteps),
    taskLoss: totals.loss / totals.sequences,
    bitsPerTarget: totals.targets > 0 ? totals.loss / totals.targets / Math.LN2 : 0,
    byDifficulty: (evenly ?? drawn).byDifficulty(),
    ...(evenly ? { perDifficulty: options.perDifficulty } : {}),
    ...(byStepDifficulty ? { byStepDifficulty } : {}),
    alongSequence: (evenly ?? drawn).alongSequence.result(),
  };
}

/** The sequences as the generator draws them: `sequences` of them (at each of `lengths`), or the whole held-out text. */
function generatorDraws(task: Task, config: Config, options: EvaluationOptions): Draw[] {
  const rng = evaluationRng(options.seed);
  if (options.whole) {
    const windows = wholeTextWindows(task, config, options);
    return [{ generating: config, count: windows.count, make: (done, size) => windows.read(done, size) }];
  }
  // Each length's options are made before anything runs, so that a length the task cannot express fails first.
  const runs = options.lengths ? options.lengths.map((length) => optionsAtLength(task, config, length)) : [config];
  return runs.map((generating) => ({
    generating,
    count: options.sequences,
    make: (_done, size) => task.generate(generating, size, rng, options.data?.heldOut, 'evaluate'),
  }));
}

/**
 * `perDifficulty` sequences at each difficulty of the task's range, difficulty by difficulty, drawn by its probe at
 * that difficulty (from a stream of their own, so the generator's draw stays the same) and encoded as its generator
 * writes them.
 */
function evenDraw(task: Task, config: Config, options: EvaluationOptions, perDifficulty: number): Draw {
  const random = task.probe?.random;
  if (!task.probe || !random) throw new Error(`the ${task.label} task cannot draw a sequence at a given difficulty, so it cannot be evaluated evenly over difficulty`);
  if (options.lengths || options.whole) throw new Error('an even draw over difficulty covers the config\'s own range; it cannot also take lengths or the whole text');
  const { probe } = task;
  const rng = new Rng(streamSeed(options.seed, 'eval-even'));
  const [lowest, highest] = task.difficultyRange(config);
  const difficulties = Array.from({ length: highest - lowest + 1 }, (_, i) => lowest + i);
  const wanted = difficulties.flatMap((difficulty) => Array<number>(perDifficulty).fill(difficulty));
  return {
    generating: config,
    count: wanted.length,
    make: (done, size) =>
      joinRows(
        wanted.slice(done, done + size).map((difficulty) => {
          const sequence = probe.encode(config, random(config, rng, difficulty));
          if (sequence.difficulty[0] !== difficulty) throw new Error(`the ${task.label} task drew a sequence of difficulty ${sequence.difficulty[0]} when asked for ${difficulty}`);
          return sequence;
        }),
      ),
  };
}

/** The mean of `units` values `stride` apart from `first`: one step's ponder over the pondering units. */
function meanOverUnits(values: ArrayLike<number>, first: number, units: number, stride: number): number {
  let sum = 0;
  for (let u = 0; u < units; u++) sum += values[first + u * stride];
  return sum / units;
}

/** The held-out text cut into consecutive windows of the config's length (see EvaluationOptions.whole). */
function wholeTextWindows(task: Task, config: Config, options: EvaluationOptions): { count: number; read: (first: number, size: number) => HostBatch } {
  const text = options.data?.heldOut;
  if (!task.needsData || !task.stream || !text) throw new Error(`whole-text evaluation is for tasks that read text; ${task.label} does not`);
  if (options.lengths) throw new Error('whole-text evaluation reads windows of the config\'s length; it cannot also take lengths');
  const { stream } = task;
  const steps = task.dims(config).maxSteps;
  const count = Math.floor((text.length - 1) / steps);
  if (count < 1) throw new Error(`the held-out text (${text.length} bytes) is shorter than one ${steps}-step window and the byte after it`);
  const read = (first: number, size: number) =>
    stream.read(config, Array.from({ length: size }, (_, b) => [(first + b) * steps]), steps, text).batch;
  return { count, read };
}
