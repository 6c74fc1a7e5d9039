/**
 * What the bench measures on the current TF.js backend, the same in Node and in the bench page: the large-matMul
 * rate, our training step (time, FLOP rate, tensors and heap over many steps), the naive port's step, and a
 * tf.profile of a few steps grouped by kernel (profile.ts). Never reads synchronously (WebGPU forbids it); the naive port does,
 * so callers do not run it there.
 */
import * as tf from '@tensorflow/tfjs';
import type { Config } from '../src/config/schema';
import { Rng, streamSeed } from '../src/core/random';
import { getTask } from '../src/tasks/registry';
import type { TaskData } from '../src/tasks/task';
import { matMulFlops, stepShape, trainingStepFlops } from './flops';
import { NaiveTrainer } from './naive';
import type { StepProfile } from './profile';
import { median, profileSteps } from './profile';
import { createTrainer } from '../src/run/engine';

/** How many steps of each kind to run for one config on one backend. */
export interface Plan {
  warmup: number;
  /** Timed steps of ours, right after the warm-up. */
  timed: number;
  /** Steps between the tensor/heap snapshots, the timed ones included (0: no memory check). */
  memorySteps: number;
  naiveWarmup: number;
  /** Timed steps of the naive port (0: not run). */
  naiveTimed: number;
  /** Steps of ours and of the naive port to profile with tf.profile (0: none). */
  profile: number;
  /**
   * Steps of a trainer run and thrown away before the measured one (0: none): the first trainer of a page pays
   * one-time costs for its first hundred-odd steps (in Chromium a parity step's 21st–40th took 9.0 ms on the
   * page's first trainer, 3.6–5.2 ms on later fresh trainers doing the same work), which a training run of
   * minutes does not spend its time in.
   */
  primer: number;
}

export interface MatMulRate {
  size: number;
  /** Median ms of one matMul, read-back of the result included. */
  ms: number;
  gflops: number;
}

export interface OursResult {
  steps: number;
  msPerStep: number;
  sequencesPerSecond: number;
  ponder: number;
  gflopPerStep: number;
  gflops: number;
  /**
   * Cell updates computed per training step (all units; discarded speculative attempts included), mean over the
   * timed steps: the same steps from the same seed on every backend. (The warm-up's first step unrolls to M on
   * WebGPU, where nothing is known yet about the lengths.)
   */
  updatesPerStep: number;
  /** Speculative unrolling (WebGPU): forward passes cut short (and continued) over those steps. */
  cuts: number;
}

export interface NaiveResult {
  steps: number;
  msPerStep: number;
  ponder: number;
}

export interface MemoryResult {
  steps: number;
  tensorsBefore: number;
  tensorsAfter: number;
  bytesBefore: number;
  bytesAfter: number;
  heapBefore: number;
  heapAfter: number;
}

export interface ConfigMeasurement {
  ours: OursResult;
  memory?: MemoryResult;
  naive?: NaiveResult;
  profile?: { ours: StepProfile; naive?: StepProfile };
}

/** JS heap in bytes after a garbage collection, however the environment measures it. */
export type HeapProbe = () => Promise<number>;

export async function matMulRate(size: number, reps: number): Promise<MatMulRate> {
  const [a, b] = [tf.randomNormal([size, size]), tf.randomNormal([size, size])];
  const times: number[] = [];
  for (let i = 0; i <= reps; i++) {
    const started = performance.now();
    const product = tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D);
    await product.data();
    product.dispose();
    if (i > 0) times.push(performance.now() - started);
  }
  tf.dispose([a, b]);
  const ms = median(times);
  return { size, ms, gflops: matMulFlops(size) / ms / 1e6 };
}

/** Trains a trainer of this config for `steps` steps and disposes of it. */
async function prime(config: Config, data: TaskData | undefined, steps: number): Promise<void> {
  if (steps === 0) return;
  const trainer = createTrainer(config, data);
  try {
    for (let i = 0; i < steps; i++) await trainer.step();
  } finally {
    trainer.dispose();
  }
}

/**
 * Our Trainer (after the primer, if the plan has one): warm-up, then the timed steps (the same point of training as
 * the naive port's), the profiled steps, and more steps up to `memorySteps`, all between two memory snapshots.
 */
async function measureOurs(config: Config, data: TaskData | undefined, plan: Plan, heap: HeapProbe): Promise<Omit<ConfigMeasurement, 'naive'>> {
  await prime(config, data, plan.primer);
  const trainer = createTrainer(config, data);
  const task = getTask(config.task);
  // Same seed and stream as the trainer's own generator: tells how many input steps each of its batches has.
  const shadow = new Rng(streamSeed(config.seed, 'train'));
  // The work of the timed steps (not of the warm-up, profiled and memory-check steps around them).
  const work = { counting: false, steps: 0, updates: 0, cuts: 0 };
  const step = async (): Promise<{ ms: number; ponder: number; flops: number }> => {
    const inputSteps = task.generate(config, config.batch, shadow, data?.train).steps;
    const started = performance.now();
    const metrics = await trainer.step();
    const ms = performance.now() - started;
    if (work.counting) {
      work.steps += 1;
      work.updates += metrics.updates.reduce((a, b) => a + b, 0);
      work.cuts += metrics.cuts ?? 0;
    }
    return { ms, ponder: metrics.ponder, flops: trainingStepFlops(stepShape(config, inputSteps, metrics.work)) };
  };
  const snapshot = async () => ({ ...tf.memory(), heap: await heap() });
  try {
    for (let i = 0; i < plan.warmup; i++) await step();
    const before = await snapshot();
    const runs = [];
    work.counting = true;
    for (let i = 0; i < plan.timed; i++) runs.push(await step());
    work.counting = false;
    const profile = plan.profile > 0 ? await profileSteps(plan.profile, step) : undefined;
    const done = runs.length + plan.profile;
    for (let i = done; i < plan.memorySteps; i++) await step();
    const after = await snapshot();
    const msPerStep = median(runs.map((run) => run.ms));
    const ours: OursResult = {
      steps: runs.length,
      msPerStep,
      sequencesPerSecond: (1000 * config.batch) / msPerStep,
      ponder: median(runs.map((run) => run.ponder)),
      gflopPerStep: median(runs.map((run) => run.flops)) / 1e9,
      gflops: median(runs.map((run) => run.flops / run.ms / 1e6)),
      updatesPerStep: work.updates / work.steps,
      cuts: work.cuts,
    };
    const memory: MemoryResult | undefined = plan.memorySteps > 0 ? {
      steps: Math.max(done, plan.memorySteps),
      tensorsBefore: before.numTensors,
      tensorsAfter: after.numTensors,
      bytesBefore: before.numBytes,
      bytesAfter: after.numBytes,
      heapBefore: before.heap,
      heapAfter: after.heap,
    } : undefined;
    return { ours, memory, profile: profile && { ours: profile } };
  } finally {
    trainer.dispose();
  }
}

async function measureNaive(config: Config, data: TaskData | undefined, plan: Plan): Promise<{ naive: NaiveResult; profile?: StepProfile }> {
  const naive = new NaiveTrainer(config, data);
  try {
    for (let i = 0; i < plan.naiveWarmup; i++) await naive.step();
    const runs = [];
    for (let i = 0; i < plan.naiveTimed; i++) runs.push(await naive.step());
    const profile = plan.profile > 0 ? await profileSteps(plan.profile, () => naive.step()) : undefined;
    return {
      naive: { steps: runs.length, msPerStep: median(runs.map((run) => run.ms)), ponder: median(runs.map((run) => run.ponder)) },
      profile,
    };
  } finally {
    naive.dispose();
  }
}

/** Everything the plan asks for, for one config on the current backend. */
export async function measureConfig(config: Config, data: TaskData | undefined, plan: Plan, heap: HeapProbe): Promise<ConfigMeasurement> {
  const ours = await measureOurs(config, data, plan, heap);
  if (plan.naiveTimed === 0) return ours;
  const { naive, profile } = await measureNaive(config, data, plan);
  return { ...ours, naive, profile: ours.profile && { ours: ours.profile.ours, naive: profile } };
}
