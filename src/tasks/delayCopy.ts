import type { Rng } from '../core/random';
import type { StreamPositions, Task } from './task';
import { emptyBatch } from './task';

/** Symbols, one-hot: 0 blank (unused by the generator, as in the paper's alphabet), 1 marker, 2–5 random. */
export const DELAY_COPY_SYMBOLS = 6;
const MARKER = 1;

const options = {
  delay: {
    kind: 'int', min: 1, max: 100, default: 10, group: 'task', resets: true, task: 'delaycopy',
    label: 'Delay m', help: 'Segment length and delay: the target at step t is the input at step t − m (TBPTT paper: 10).',
  },
  delayLength: {
    kind: 'int', min: 2, max: 1000, default: 100, group: 'task', resets: true, task: 'delaycopy',
    label: 'Sequence length',
    help: 'Steps per training and evaluation sequence when not streaming (with streaming, the truncation K sets the chunk).',
  },
} as const;

/**
 * The symbol at step t of the stream with seed `seed`: a marker at the start of every m-step segment, else one
 * of 2–5, a pure function of (seed, t), so a stream's position is just (seed, t) and any step can be re-read.
 */
export function delayCopySymbol(seed: number, t: number, delay: number): number {
  if (t % delay === 0) return MARKER;
  let h = Math.imul((seed ^ 0x9e3779b9) >>> 0, 0x85ebca6b) ^ Math.imul(t + 1, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  h ^= h >>> 16;
  return 2 + ((h >>> 0) % 4);
}

/** Steps [from, from + steps) of streams (seed, start) into a batch: one-hot input, target = input at t − m. */
function readStreams(delay: number, positions: StreamPositions, steps: number): { batch: ReturnType<typeof emptyBatch>; next: StreamPositions } {
  const rows = positions.length;
  const out = emptyBatch(steps, rows, DELAY_COPY_SYMBOLS, 1);
  out.stepMask.fill(1);
  positions.forEach(([seed, from], b) => {
    for (let k = 0; k < steps; k++) {
      const t = from + k;
      const row = k * rows + b;
      out.inputs[row * DELAY_COPY_SYMBOLS + delayCopySymbol(seed, t, delay)] = 1;
      if (t >= delay) {
        out.targets[row] = delayCopySymbol(seed, t - delay, delay);
        out.targetMask[row] = 1;
      }
    }
    out.difficulty[b] = delay;
  });
  return { batch: out, next: positions.map(([seed, from]) => [seed, from + steps]) };
}

const freshStreams = (batchSize: number, rng: Rng): StreamPositions =>
  Array.from({ length: batchSize }, () => [rng.nextUint32(), 0]);

/**
 * The synthetic copy task of Aicher, Foti & Fox 2019 (supplement C.3): a stream of one-hot symbols of width 6
 * (0 blank, 1 marker, 2–5 uniformly random) in segments of m steps that start with the marker; the target at
 * step t is the input symbol at step t − m (a class index), with no target (mask 0) for t < m. Remembering the
 * segment needs at least m steps of backpropagation: the task that shows a too-short truncation K failing.
 * Difficulty: m.
 */
export const delayCopyTask: Task<typeof options> = {
  id: 'delaycopy',
  label: 'Delay copy',
  description: 'Repeat every symbol m steps later. With streaming training, a truncation K shorter than m cannot learn it.',
  difficultyLabel: 'delay m',
  options,
  presets: {
    quick: { delay: 10, delayLength: 60, cell: 'lstm', hidden: 50, layers: 2, halting: 'none', batch: 64, lr: 0.01 },
    paper: { delay: 10, delayLength: 100, cell: 'lstm', hidden: 50, layers: 2, halting: 'none', batch: 64, lr: 0.01 },
  },
  dims: ({ delayLength }) => ({
    inputSize: DELAY_COPY_SYMBOLS,
    head: { kind: 'softmax', groups: 1, classes: DELAY_COPY_SYMBOLS },
    maxSteps: delayLength,
  }),
  difficultyRange: ({ delay }) => [delay, delay],
  generate: ({ delay, delayLength }, batchSize, rng) => readStreams(delay, freshStreams(batchSize, rng), delayLength).batch,
  stream: {
    open: (_options, batchSize, rng) => freshStreams(batchSize, rng),
    sample: (_options, batchSize, rng) => freshStreams(batchSize, rng).map(([seed]) => [seed, rng.int(0, 1_000_000)]),
    // The reference's copy settings (experiments/synth_script.py): K in [2, 100], starting at 15; one probe per
    // update of 100 steps after a 20-step burn-in; C_K the norm of the mean cumulative gradient. It re-estimates
    // after each outer step of ≤ 10 chunks of 500 steps (≈ 330 updates at K = 15); our budgets are ~600 updates,
    // so K is re-estimated every 10 updates instead.
    truncation: { min: 2, max: 100, start: 15, window: 100, burnIn: 20, every: 10, probes: 1, cumulative: 'normOfSum' },
    read: ({ delay }, positions, steps) => readStreams(delay, positions, steps),
  },
};
