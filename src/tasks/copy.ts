import type { Rng } from '../core/random';
import type { ValuesOf } from '../config/fields';
import type { ProbeRefusal, TaskProbe } from './probe';
import { checkLength, isRefusal, listItems } from './probe';
import type { Task } from './task';
import { orderedRange } from './task';
import type { SequenceSample } from './pack';
import { packSequences } from './pack';

/** The longest training length the settings and the curriculum reach (evaluation may go beyond it). */
const LENGTH_LIMIT = 64;

const options = {
  copyBits: {
    kind: 'int', min: 1, max: 32, default: 8, group: 'task', resets: true, task: 'copy',
    label: 'Bits per vector', help: 'Width b of each random bit vector to copy (the input has b + 1 channels: the last is the delimiter).',
  },
  copyMinLength: {
    kind: 'int', min: 1, max: LENGTH_LIMIT, default: 1, group: 'task', resets: true, task: 'copy',
    label: 'Vectors to copy (min)', help: 'The shortest sequence: each sequence draws its length L uniformly from min to max (the PyTorch DNC copy task: 1). If min is above max, the two are swapped.',
  },
  copyMaxLength: {
    kind: 'int', min: 1, max: LENGTH_LIMIT, default: 10, group: 'task', resets: true, task: 'copy',
    label: 'Vectors to copy (max)', help: 'The longest sequence L at the start of training (the curriculum may raise it). The difficulty of a sequence is L.',
  },
  copyIncrement: {
    kind: 'int', min: 0, max: LENGTH_LIMIT, default: 0, group: 'task', resets: true, task: 'copy',
    label: 'Curriculum: length increment', help: `Every k steps (next setting) the max length grows by this much, up to ${LENGTH_LIMIT}. 0: no curriculum (the PyTorch DNC default).`,
  },
  copyEvery: {
    kind: 'int', min: 1, max: 1000000, default: 1000, group: 'task', resets: true, task: 'copy',
    label: 'Curriculum: every k steps', help: 'How many training steps pass between two raises of the max length (PyTorch DNC default: 1000).',
  },
} as const;

type CopyOptions = ValuesOf<typeof options>;
/** A probe input: the L bit vectors to copy, each of b entries 0 or 1. */
type CopyInput = number[][];

const lengthRange = ({ copyMinLength, copyMaxLength }: CopyOptions): [number, number] => orderedRange(copyMinLength, copyMaxLength);

/** The lengths the generator can draw: the range, or with a curriculum up to the length it reaches at last. */
const drawnLengths = (values: CopyOptions): [number, number] => {
  const [lo, hi] = lengthRange(values);
  return [lo, values.copyIncrement > 0 ? LENGTH_LIMIT : hi];
};

/** The generator's draw: the length (unless given), then each bit of each vector. */
function drawVectors(bits: number, lo: number, hi: number, rng: Rng, length = rng.int(lo, hi)): CopyInput {
  return Array.from({ length }, () => Array.from({ length: bits }, () => (rng.bool() ? 1 : 0)));
}

/** L bit vectors, the delimiter, then L silent steps whose targets repeat the vectors. */
function copySequence(bits: number, vectors: CopyInput): SequenceSample {
  const delimiter = Array.from({ length: bits + 1 }, (_, channel) => (channel === bits ? 1 : 0));
  return {
    inputs: [...vectors.map((vector) => [...vector, 0]), delimiter, ...vectors.map(() => null)],
    targets: [...vectors.map(() => null), null, ...vectors],
    difficulty: vectors.length,
  };
}

function checkVectors(values: CopyOptions, value: unknown): CopyInput | ProbeRefusal {
  const rows = checkLength(value, drawnLengths(values), 'vector');
  if (isRefusal(rows)) return rows;
  const { copyBits: bits } = values;
  for (const [index, row] of rows.entries()) {
    if (!Array.isArray(row) || row.length !== bits) {
      return { error: `Vector ${index + 1} has ${Array.isArray(row) ? row.length : 'no'} bits; vectors here have ${bits} (Bits per vector = ${bits}).` };
    }
    const bad = row.findIndex((bit) => bit !== 0 && bit !== 1);
    if (bad >= 0) return { error: `Vector ${index + 1}, bit ${bad + 1} is ${String(row[bad])}: bits are 0 or 1.` };
  }
  return rows as CopyInput;
}

const probe: TaskProbe<CopyOptions, CopyInput> = {
  editor: (values) => ({ kind: 'grid', width: values.copyBits, rows: drawnLengths(values), values: [0, 1], symbols: ['0', '1'] }),
  answer: 'sequence',
  check: checkVectors,
  format: (vectors) => vectors.map((vector) => vector.join('')).join(','),
  parse(values, text) {
    const rows = listItems(text);
    const bad = rows.find((row) => !/^[01]*$/.test(row));
    if (bad !== undefined) return { error: `“${bad}” is not a vector of 0 and 1 bits.` };
    return checkVectors(values, rows.map((row) => [...row].map(Number)));
  },
  encode: (values, input) => packSequences([copySequence(values.copyBits, input)], values.copyBits + 1, values.copyBits),
  random(values, rng, difficulty) {
    const [lo, hi] = lengthRange(values);
    return drawVectors(values.copyBits, lo, hi, rng, difficulty);
  },
};

/**
 * Copy (Graves et al. 2016; the PyTorch DNC's copy task): L ∈ min..max random vectors of b bits (rows 0..L−1,
 * last channel 0), a delimiter row L (last channel 1, others 0), then L zero rows L+1..2L whose targets are the
 * vectors in order; the target counts (mask 1) exactly on rows L+1..2L. Sigmoid outputs, cross-entropy summed
 * over the bits of those rows. Difficulty: L.
 */
export const copyTask: Task<typeof options, CopyInput> = {
  id: 'copy',
  label: 'Copy',
  description: 'Read L random bit vectors and a delimiter, then write the vectors back in order. Difficulty: L.',
  difficultyLabel: 'vectors to copy',
  options,
  presets: {
    // The DNC learns this preset within ~300 steps (docs/results.md); an LSTM of the same size needs ~2,000.
    quick: {
      copyBits: 6, copyMinLength: 1, copyMaxLength: 5, hidden: 64, batch: 32, lr: 0.01, halting: 'none',
      cell: 'dnc', memSlots: 16, memWidth: 16, readHeads: 1,
    },
    paper: {
      copyBits: 8, copyMinLength: 1, copyMaxLength: 20, hidden: 64, batch: 16, lr: 0.0001, clip: 50, halting: 'none',
      cell: 'lstm',
    },
    // Sparse memories of many slots, with a curriculum from L 1–5 up (docs/results.md, "Copy with sparse memories").
    sam: {
      copyBits: 6, copyMinLength: 1, copyMaxLength: 5, copyIncrement: 1, copyEvery: 250, hidden: 64, batch: 32, lr: 0.01,
      halting: 'none', cell: 'sam', sparseSlots: 1024, sparseWidth: 16, sparseHeads: 1, sparseReads: 4,
    },
    sdnc: {
      copyBits: 6, copyMinLength: 1, copyMaxLength: 5, copyIncrement: 1, copyEvery: 250, hidden: 64, batch: 32, lr: 0.01,
      halting: 'none', cell: 'sdnc', sparseSlots: 256, sparseWidth: 16, sparseHeads: 1, sparseReads: 4, temporalReads: 4,
    },
  },
  presetResults: { quick: '0% error from about step 400 (DNC); copies sequences twice the trained length' },
  dims: (values) => ({ inputSize: values.copyBits + 1, head: { kind: 'sigmoid', units: values.copyBits }, maxSteps: 2 * lengthRange(values)[1] + 1 }),
  difficultyRange: lengthRange,
  generate(values, batchSize, rng) {
    const [lo, hi] = lengthRange(values);
    const samples = Array.from({ length: batchSize }, () => copySequence(values.copyBits, drawVectors(values.copyBits, lo, hi, rng)));
    return packSequences(samples, values.copyBits + 1, values.copyBits);
  },
  curriculum(values, step) {
    const raises = Math.floor(step / values.copyEvery);
    const [, hi] = lengthRange(values);
    return { ...values, copyMaxLength: Math.max(hi, Math.min(LENGTH_LIMIT, hi + raises * values.copyIncrement)) };
  },
  lengths: {
    generalisation: 10,
    at: (values, length) => ({ ...values, copyMinLength: length, copyMaxLength: length }),
  },
  probe,
};
