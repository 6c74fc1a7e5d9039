import type { Rng } from '../core/random';
import type { ValuesOf } from '../config/fields';
import type { Task } from './task';
import type { SequenceSample } from './pack';
import { packSequences } from './pack';

/** The paper's 15-way softmax, whatever the count range: classes at or past n are simply never the target. */
const MAX_COUNT = 15;

const options = {
  minCount: {
    kind: 'int', min: 2, max: MAX_COUNT, default: 2, group: 'task', resets: true, task: 'sort',
    label: 'Numbers to sort (min)',
    help: 'The fewest numbers a sequence has; each sequence draws its count uniformly from min to max (paper: 2 to 15). If min is above max, the two are swapped.',
  },
  maxCount: {
    kind: 'int', min: 2, max: MAX_COUNT, default: 5, group: 'task', resets: true, task: 'sort',
    label: 'Numbers to sort (max)',
    help: 'The most numbers a sequence has (paper: 15). The difficulty of a sequence is how many numbers it has.',
  },
} as const;

/** The count range in order: the two fields are validated one by one, so min may exceed max. */
function countRange({ minCount, maxCount }: ValuesOf<typeof options>): [number, number] {
  return [Math.min(minCount, maxCount), Math.max(minCount, maxCount)];
}

function sortSequence(lo: number, hi: number, rng: Rng): SequenceSample {
  const count = rng.int(lo, hi);
  // Rounded to float32 first, so that the order is that of the values the network actually sees.
  const values = Array.from({ length: count }, () => Math.fround(rng.normal()));
  const order = values.map((_, index) => index).sort((a, b) => values[a] - values[b] || a - b);
  const inputSteps = values.map((value, index) => [value, index === count - 1 ? 1 : 0]);
  return {
    inputs: [...inputSteps, ...order.map(() => null)],
    targets: [...values.map(() => null), ...order.map((index) => [index])],
    difficulty: count,
  };
}

/**
 * Sort (Graves 2016, 3.4): n ∈ minCount..maxCount numbers from N(0,1), one per step with a flag on the last;
 * then n steps of zero input whose targets are the input positions (0-based) in ascending order of value.
 * Difficulty: n.
 */
export const sortTask: Task<typeof options> = {
  id: 'sort',
  label: 'Sort',
  description:
    'Read n random numbers, one per step, then name their positions from smallest to largest, one per step. Difficulty: n.',
  difficultyLabel: 'numbers to sort',
  options,
  presets: {
    quick: { minCount: 2, maxCount: 5, cell: 'lstm', hidden: 128, batch: 32, lr: 0.003, maxSteps: 20, tau: 0.01 },
    paper: { minCount: 2, maxCount: 15, cell: 'lstm', hidden: 512, batch: 16, lr: 0.0001, maxSteps: 100 },
  },
  dims: (values) => ({
    inputSize: 2,
    head: { kind: 'softmax', groups: 1, classes: MAX_COUNT },
    maxSteps: 2 * countRange(values)[1],
  }),
  difficultyRange: countRange,
  generate(values, batchSize, rng) {
    const [lo, hi] = countRange(values);
    const samples = Array.from({ length: batchSize }, () => sortSequence(lo, hi, rng));
    return packSequences(samples, 2, 1);
  },
};
