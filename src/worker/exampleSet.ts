/**
 * The fixed example sequences whose pondering the UI shows: drawn once per run from the run's seed (its own
 * stream, never the training or evaluation one), spread over the task's difficulties, easiest first.
 */
import { Rng, streamSeed } from '../core/random';
import type { HostBatch } from '../core/types';
import type { Task } from '../tasks/task';
import type { Config } from '../config/schema';

const POOL_SIZE = 64;

/** How many examples a task shows: one-step tasks (parity) fit more side by side. */
export function exampleCount(task: Task, config: Config): number {
  return task.dims(config).maxSteps === 1 ? 8 : 4;
}

/** Row indices of `count` sequences spread evenly over the pool's difficulties, in increasing difficulty. */
export function spreadByDifficulty(difficulty: ArrayLike<number>, count: number): number[] {
  const order = Array.from({ length: difficulty.length }, (_, row) => row).sort((a, b) => difficulty[a] - difficulty[b] || a - b);
  if (count >= order.length) return order;
  if (count === 1) return [order[0]];
  return Array.from({ length: count }, (_, i) => order[Math.round((i * (order.length - 1)) / (count - 1))]);
}

function sequenceLength(batch: HostBatch, row: number): number {
  let length = 0;
  for (let t = 0; t < batch.steps; t++) if (batch.stepMask[t * batch.batch + row] > 0) length = t + 1;
  return length;
}

/** A new batch holding only the given rows, in that order, padded to the longest of them. */
export function selectRows(batch: HostBatch, rows: readonly number[]): HostBatch {
  const steps = Math.max(0, ...rows.map((row) => sequenceLength(batch, row)));
  const size = rows.length;
  const out: HostBatch = {
    steps,
    batch: size,
    inputSize: batch.inputSize,
    targetWidth: batch.targetWidth,
    inputs: new Float32Array(steps * size * batch.inputSize),
    targets: new Float32Array(steps * size * batch.targetWidth),
    targetMask: new Float32Array(steps * size),
    stepMask: new Float32Array(steps * size),
    difficulty: Int32Array.from(rows, (row) => batch.difficulty[row]),
  };
  for (let t = 0; t < steps; t++) {
    rows.forEach((row, b) => {
      const from = t * batch.batch + row;
      const to = t * size + b;
      out.inputs.set(batch.inputs.subarray(from * batch.inputSize, (from + 1) * batch.inputSize), to * batch.inputSize);
      out.targets.set(batch.targets.subarray(from * batch.targetWidth, (from + 1) * batch.targetWidth), to * batch.targetWidth);
      out.targetMask[to] = batch.targetMask[from];
      out.stepMask[to] = batch.stepMask[from];
    });
  }
  return out;
}

/** `bytes`: the held-out text, for tasks that read text. */
export function exampleBatch(task: Task, config: Config, bytes?: Uint8Array): HostBatch {
  const pool = task.generate(config, POOL_SIZE, new Rng(streamSeed(config.seed, 'examples')), bytes);
  return selectRows(pool, spreadByDifficulty(pool.difficulty, exampleCount(task, config)));
}
