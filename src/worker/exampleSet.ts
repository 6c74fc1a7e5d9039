/**
 * The fixed example sequences whose pondering the UI shows: drawn once per run from the run's seed (its own
 * stream, never the training or evaluation one), spread over the task's difficulties, easiest first.
 */
import { Rng, streamSeed } from '../core/random';
import type { HostBatch } from '../core/types';
import { selectRows } from '../core/batchRows';
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

/** `bytes`: the held-out text, for tasks that read text. */
export function exampleBatch(task: Task, config: Config, bytes?: Uint8Array): HostBatch {
  const pool = task.generate(config, POOL_SIZE, new Rng(streamSeed(config.seed, 'examples')), bytes);
  return selectRows(pool, spreadByDifficulty(pool.difficulty, exampleCount(task, config)));
}
