import type { Rng } from '../core/random';
import type { ValuesOf } from '../config/fields';
import { wholeNumbersProbe } from './probe';
import type { Task } from './task';
import { orderedRange } from './task';
import type { SequenceSample } from './pack';
import { packSequences } from './pack';

const options = {
  sumWidth: {
    kind: 'int', min: 3, max: 32, default: 10, group: 'task', resets: true, task: 'adding',
    label: 'One-hot width s', help: 'Each value is one-hot in width s: values 0 to s − 2; channel s − 1 is the end marker.',
  },
  sumMinLength: {
    kind: 'int', min: 1, max: 200, default: 1, group: 'task', resets: true, task: 'adding',
    label: 'Values per sequence (min)', help: 'The fewest values: each sequence draws its count uniformly from min to max. If min is above max, the two are swapped.',
  },
  sumMaxLength: {
    kind: 'int', min: 1, max: 200, default: 20, group: 'task', resets: true, task: 'adding',
    label: 'Values per sequence (max)', help: 'The most values (the PyTorch DNC adding task is trained at ~100 and tested at up to 10×). The difficulty of a sequence is its number of values.',
  },
} as const;

type AddingOptions = ValuesOf<typeof options>;
/** A probe input: the values to add, in order (the end marker follows them by itself). */
type AddingInput = number[];

const lengthRange = ({ sumMinLength, sumMaxLength }: AddingOptions): [number, number] => orderedRange(sumMinLength, sumMaxLength);

const oneHot = (width: number, index: number): number[] => Array.from({ length: width }, (_, i) => (i === index ? 1 : 0));

/** The generator's draw: the count (unless given), then each value 0..s−2. */
function drawValues(values: AddingOptions, rng: Rng, count = rng.int(...lengthRange(values))): AddingInput {
  return Array.from({ length: count }, () => rng.int(0, values.sumWidth - 2));
}

function addingSequence(width: number, values: AddingInput): SequenceSample {
  const sum = values.reduce((total, value) => total + value, 0);
  return {
    inputs: [...values.map((value) => oneHot(width, value)), oneHot(width, width - 1)],
    targets: [...values.map(() => null), [sum]],
    difficulty: values.length,
  };
}

const probe = wholeNumbersProbe<AddingOptions>({
  count: lengthRange,
  range: ({ sumWidth }) => [0, sumWidth - 2],
  rangeReason: ({ sumWidth }) => `with one-hot width ${sumWidth}, values are 0 to ${sumWidth - 2} (${sumWidth - 1} is the end marker)`,
  encode: (values, input) => packSequences([addingSequence(values.sumWidth, input)], values.sumWidth, 1),
  random: (values, rng, difficulty) => drawValues(values, rng, difficulty),
});

/**
 * Adding (the PyTorch DNC's generalising adding task): n ∈ min..max values 0..s−2, each one-hot in width s, then
 * the end marker one-hot(s−1): n + 1 rows. The network's scalar outputs of all rows are summed (a `sum` head) and
 * compared with the sum of the values by squared error; the target, the sum, sits at the last row, the only one
 * with mask 1. A sequence is wrong when the rounded sum is. Difficulty: n.
 */
export const addingTask: Task<typeof options, AddingInput> = {
  id: 'adding',
  label: 'Adding',
  description: 'Read n one-hot values and an end marker; the outputs of all steps, summed, must equal the sum of the values. Difficulty: n.',
  difficultyLabel: 'values to add',
  options,
  presets: {
    quick: {
      sumWidth: 10, sumMinLength: 1, sumMaxLength: 20, hidden: 32, batch: 32, lr: 0.003, halting: 'none',
      cell: 'lstm',
    },
    paper: {
      sumWidth: 10, sumMinLength: 100, sumMaxLength: 100, hidden: 64, batch: 16, lr: 0.0001, clip: 50, halting: 'none',
      cell: 'lstm',
    },
    sam: {
      sumWidth: 10, sumMinLength: 1, sumMaxLength: 20, hidden: 32, batch: 32, lr: 0.003, halting: 'none',
      cell: 'sam', sparseSlots: 256, sparseWidth: 16, sparseHeads: 1, sparseReads: 4,
    },
  },
  presetResults: { quick: '27% held-out error after 1,000 steps (about 2 min)' },
  dims: (values) => ({ inputSize: values.sumWidth, head: { kind: 'sum', units: 1 }, maxSteps: lengthRange(values)[1] + 1 }),
  difficultyRange: lengthRange,
  generate(values, batchSize, rng) {
    const samples = Array.from({ length: batchSize }, () => addingSequence(values.sumWidth, drawValues(values, rng)));
    return packSequences(samples, values.sumWidth, 1);
  },
  lengths: {
    generalisation: 10,
    at: (values, length) => ({ ...values, sumMinLength: length, sumMaxLength: length }),
  },
  probe,
};
