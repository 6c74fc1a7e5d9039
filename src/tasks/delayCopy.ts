import type { ValuesOf } from '../config/fields';
import type { Rng } from '../core/random';
import type { ProbeRefusal, TaskProbe } from './probe';
import { checkLength, isRefusal } from './probe';
import type { StreamPositions, Task } from './task';
import { emptyBatch } from '../core/batchRows';

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

/** A stream: its symbol at step t, and the step it is read from. */
interface Stream {
  symbol: (t: number) => number;
  from: number;
}

/** Steps [from, from + steps) of streams into a batch: one-hot input, target = input at t − m. */
function writeStreams(delay: number, streams: readonly Stream[], steps: number): ReturnType<typeof emptyBatch> {
  const rows = streams.length;
  const out = emptyBatch(steps, rows, DELAY_COPY_SYMBOLS, 1);
  out.stepMask.fill(1);
  streams.forEach(({ symbol, from }, b) => {
    for (let k = 0; k < steps; k++) {
      const t = from + k;
      const row = k * rows + b;
      out.inputs[row * DELAY_COPY_SYMBOLS + symbol(t)] = 1;
      if (t >= delay) {
        out.targets[row] = symbol(t - delay);
        out.targetMask[row] = 1;
      }
    }
    out.difficulty[b] = delay;
  });
  return out;
}

/** Steps [from, from + steps) of streams (seed, start) into a batch, and where the streams stand after them. */
function readStreams(delay: number, positions: StreamPositions, steps: number): { batch: ReturnType<typeof emptyBatch>; next: StreamPositions } {
  const streams = positions.map(([seed, from]) => ({ from, symbol: (t: number) => delayCopySymbol(seed, t, delay) }));
  return { batch: writeStreams(delay, streams, steps), next: positions.map(([seed, from]) => [seed, from + steps]) };
}

type DelayCopyOptions = ValuesOf<typeof options>;
/** A probe input: one row, the stream's symbols, one per step (a marker at every segment start, else 2–5). */
type DelayCopyInput = number[][];

const RANDOM_SYMBOLS = [2, 3, 4, 5];

/** Checks a symbol stream against what the generator writes: the length, markers at segment starts only, 2–5 elsewhere. */
function checkStream({ delay, delayLength }: DelayCopyOptions, value: unknown): number[] | ProbeRefusal {
  const symbols = checkLength(value, [delayLength, delayLength], 'symbol');
  if (isRefusal(symbols)) return symbols;
  for (const [t, symbol] of symbols.entries()) {
    const start = t % delay === 0;
    if (start && symbol !== MARKER) return { error: `Step ${t + 1} starts a segment of ${delay} steps (Delay m = ${delay}): the generator puts the marker 1 there, not ${String(symbol)}.` };
    if (!start && !RANDOM_SYMBOLS.includes(symbol as number)) return { error: `Step ${t + 1} is ${String(symbol)}: within a segment the symbols are 2 to 5 (1 marks segment starts only).` };
  }
  return symbols as number[];
}

const probe: TaskProbe<DelayCopyOptions, DelayCopyInput> = {
  // One cell per step, clicked through the symbols; a segment start's only valid value is the marker.
  editor: ({ delayLength }) => ({ kind: 'grid', width: delayLength, rows: [1, 1], values: [MARKER, ...RANDOM_SYMBOLS], symbols: ['1', '2', '3', '4', '5'] }),
  answer: 'sequence',
  check(values, value) {
    const rows = checkLength(value, [1, 1], 'symbol stream');
    if (isRefusal(rows)) return rows;
    const stream = checkStream(values, rows[0]);
    return isRefusal(stream) ? stream : [stream];
  },
  format: ([symbols]) => symbols.join(''),
  parse(values, text) {
    if (!/^[1-5]*$/.test(text)) return { error: `“${text}” is not a stream of the symbols 1 to 5.` };
    return probe.check(values, [[...text].map(Number)]);
  },
  encode: ({ delay, delayLength }, [symbols]) => writeStreams(delay, [{ symbol: (t) => symbols[t], from: 0 }], delayLength),
  // The generator's draw: a stream seed, read from its start.
  random({ delay, delayLength }, rng) {
    const seed = rng.nextUint32();
    return [Array.from({ length: delayLength }, (_, t) => delayCopySymbol(seed, t, delay))];
  },
};

const freshStreams = (batchSize: number, rng: Rng): StreamPositions =>
  Array.from({ length: batchSize }, () => [rng.nextUint32(), 0]);

/**
 * The synthetic copy task of Aicher, Foti & Fox 2019 (supplement C.3): a stream of one-hot symbols of width 6
 * (0 blank, 1 marker, 2–5 uniformly random) in segments of m steps that start with the marker; the target at
 * step t is the input symbol at step t − m (a class index), with no target (mask 0) for t < m. Remembering the
 * segment needs at least m steps of backpropagation: the task that shows a too-short truncation K failing.
 * Difficulty: m.
 */
export const delayCopyTask: Task<typeof options, DelayCopyInput> = {
  id: 'delaycopy',
  label: 'Delay copy',
  description: 'Repeat every symbol m steps later. With streaming training, a truncation K shorter than m cannot learn it.',
  difficultyLabel: 'delay m',
  options,
  presets: {
    quick: { delay: 10, delayLength: 60, cell: 'lstm', hidden: 50, layers: 2, halting: 'none', batch: 64, lr: 0.01 },
    paper: { delay: 10, delayLength: 100, cell: 'lstm', hidden: 50, layers: 2, halting: 'none', batch: 64, lr: 0.01 },
  },
  presetResults: { quick: '4.1% held-out sequence error (perplexity 1.004) after 1,000 steps (about 5 CPU minutes)' },
  dims: ({ delayLength }) => ({
    inputSize: DELAY_COPY_SYMBOLS,
    head: { kind: 'softmax', groups: 1, classes: DELAY_COPY_SYMBOLS },
    maxSteps: delayLength,
  }),
  difficultyRange: ({ delay }) => [delay, delay],
  generate: ({ delay, delayLength }, batchSize, rng) => readStreams(delay, freshStreams(batchSize, rng), delayLength).batch,
  probe,
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
