import type { Rng } from '../core/random';
import type { ValuesOf } from '../config/fields';
import { wholeNumbersProbe } from './probe';
import type { Task } from './task';
import { orderedRange } from './task';
import type { SequenceSample } from './pack';
import { packSequences } from './pack';

const LENGTH_LIMIT = 50;
/**
 * The position softmax has a class for every position up to twice the longest training length allowed, so that
 * any model can be tested at 2× its training length (the head must not depend on the length options).
 */
const POSITIONS = 2 * LENGTH_LIMIT;

const options = {
  argmaxWidth: {
    kind: 'int', min: 2, max: 32, default: 10, group: 'task', resets: true, task: 'argmax',
    label: 'One-hot width s', help: 'Each value is one-hot in width s: values 0 to s − 1.',
  },
  argmaxMinLength: {
    kind: 'int', min: 1, max: LENGTH_LIMIT, default: 1, group: 'task', resets: true, task: 'argmax',
    label: 'Values per sequence (min)', help: 'The shortest sequence: each draws its length uniformly from min to max. If min is above max, the two are swapped.',
  },
  argmaxMaxLength: {
    kind: 'int', min: 1, max: LENGTH_LIMIT, default: 10, group: 'task', resets: true, task: 'argmax',
    label: 'Values per sequence (max)', help: 'The longest sequence (tested at up to 2×). The difficulty of a sequence is its length.',
  },
} as const;

type ArgmaxOptions = ValuesOf<typeof options>;
/** A probe input: the values, in order. */
type ArgmaxInput = number[];

const lengthRange = ({ argmaxMinLength, argmaxMaxLength }: ArgmaxOptions): [number, number] => orderedRange(argmaxMinLength, argmaxMaxLength);

/** The generator's draw: the length (unless given), then each value 0..s−1. */
function drawValues(values: ArgmaxOptions, rng: Rng, length = rng.int(...lengthRange(values))): ArgmaxInput {
  return Array.from({ length }, () => rng.int(0, values.argmaxWidth - 1));
}

function argmaxSequence(width: number, values: ArgmaxInput): SequenceSample {
  let position = 0;
  values.forEach((value, index) => {
    if (value >= values[position]) position = index;
  });
  return {
    inputs: values.map((value) => Array.from({ length: width }, (_, i) => (i === value ? 1 : 0))),
    targets: values.map((_, index) => (index === values.length - 1 ? [position] : null)),
    difficulty: values.length,
  };
}

const probe = wholeNumbersProbe<ArgmaxOptions>({
  count: lengthRange,
  range: ({ argmaxWidth }) => [0, argmaxWidth - 1],
  rangeReason: ({ argmaxWidth }) => `with one-hot width ${argmaxWidth}, values are 0 to ${argmaxWidth - 1}`,
  encode: (values, input) => packSequences([argmaxSequence(values.argmaxWidth, input)], values.argmaxWidth, 1),
  random: (values, rng, difficulty) => drawValues(values, rng, difficulty),
});

/**
 * Argmax (the PyTorch DNC's task list): L ∈ min..max values 0..s−1, one-hot in width s, one per row; the target
 * at the last row (mask 1 there only) is the 0-based position of the largest value, the LAST one on ties, as a
 * class of a 100-way softmax. Difficulty: L.
 */
export const argmaxTask: Task<typeof options, ArgmaxInput> = {
  id: 'argmax',
  label: 'Argmax',
  description: 'Read L one-hot values; at the last step name the position of the largest (the last one on ties). Difficulty: L.',
  difficultyLabel: 'values',
  options,
  presets: {
    quick: {
      argmaxWidth: 10, argmaxMinLength: 1, argmaxMaxLength: 10, hidden: 64, batch: 32, lr: 0.01, halting: 'none',
      cell: 'lstm',
    },
    paper: {
      argmaxWidth: 10, argmaxMinLength: 1, argmaxMaxLength: 50, hidden: 64, batch: 16, lr: 0.0001, clip: 50, halting: 'none',
      cell: 'lstm',
    },
  },
  presetResults: { quick: '12% held-out error after 1,000 steps (about 1.5 min)' },
  dims: (values) => ({ inputSize: values.argmaxWidth, head: { kind: 'softmax', groups: 1, classes: POSITIONS }, maxSteps: lengthRange(values)[1] }),
  difficultyRange: lengthRange,
  generate(values, batchSize, rng) {
    const samples = Array.from({ length: batchSize }, () => argmaxSequence(values.argmaxWidth, drawValues(values, rng)));
    return packSequences(samples, values.argmaxWidth, 1);
  },
  lengths: {
    generalisation: 2,
    at(values, length) {
      if (length > POSITIONS) throw new Error(`Argmax answers with one of ${POSITIONS} positions: it cannot be tested at length ${length}.`);
      return { ...values, argmaxMinLength: length, argmaxMaxLength: length };
    },
  },
  probe,
};
