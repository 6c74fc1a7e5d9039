import type { Rng } from '../core/random';
import type { Task } from './task';
import type { SequenceSample } from './pack';
import { packSequences } from './pack';

const DIGIT_SLOTS = 5;
const DIGIT_CLASSES = 10;
const INPUT_SIZE = DIGIT_SLOTS * DIGIT_CLASSES;
/** Five 5-digit numbers sum to at most 499,995: six digits. */
const SUM_DIGITS = 6;
/** The eleventh class: "number finished", for the digit positions past the end of the sum. */
const FINISHED = 10;

const options = {
  addLength: {
    kind: 'int', min: 2, max: 5, default: 3, group: 'task', resets: true, task: 'addition',
    label: 'Numbers per sequence (max)',
    help: 'Each sequence adds 2 to this many numbers, drawn uniformly (paper: 1 to 5; its difficulty plots use 3). The first step has no target, so a single number would teach nothing: sequences start at 2.',
  },
  maxDigits: {
    kind: 'int', min: 1, max: 5, default: 2, group: 'task', resets: true, task: 'addition',
    label: 'Digits per number (max)',
    help: 'Each number has 1 to this many digits, drawn uniformly, each digit 0 to 9 (leading zeros included, as in the paper; paper: 5). The difficulty of a sequence is the most digits any of its numbers has.',
  },
} as const;

/** The sum as six class indices: its decimal digits left-aligned, most significant first, then FINISHED. */
function sumClasses(sum: number): number[] {
  const digits = String(sum).split('').map(Number);
  return Array.from({ length: SUM_DIGITS }, (_, position) => digits[position] ?? FINISHED);
}

function additionSequence(addLength: number, maxDigits: number, rng: Rng): SequenceSample {
  const sample: SequenceSample = { inputs: [], targets: [], difficulty: 0 };
  let sum = 0;
  const length = rng.int(2, addLength);
  for (let t = 0; t < length; t++) {
    const input = new Float32Array(INPUT_SIZE);
    const digitCount = rng.int(1, maxDigits);
    let value = 0;
    for (let slot = 0; slot < digitCount; slot++) {
      const digit = rng.int(0, 9);
      input[slot * DIGIT_CLASSES + digit] = 1;
      value = value * 10 + digit;
    }
    sum += value;
    sample.inputs.push(input);
    sample.targets.push(t === 0 ? null : sumClasses(sum));
    sample.difficulty = Math.max(sample.difficulty, digitCount);
  }
  return sample;
}

/**
 * Addition (Graves 2016, 3.3): a sequence of 2..addLength numbers of 1..maxDigits digits each; from the second
 * step on, the target is the running sum as six 11-way softmaxes. Each number draws its own digit count, so
 * the difficulty of a SEQUENCE is the most digits among its numbers.
 */
export const additionTask: Task<typeof options> = {
  id: 'addition',
  label: 'Addition',
  description:
    'Keep a running sum of decimal numbers given one per step, digit by digit; output it after every number but the first. Difficulty: the most digits of any number in the sequence.',
  difficultyLabel: 'digits per number (max in sequence)',
  options,
  presets: {
    quick: { addLength: 3, maxDigits: 2, cell: 'lstm', hidden: 128, batch: 32, lr: 0.003, maxSteps: 20, tau: 0.1 },
    paper: { addLength: 5, maxDigits: 5, cell: 'lstm', hidden: 512, batch: 32, lr: 0.0001, maxSteps: 20 },
  },
  dims: ({ addLength }) => ({
    inputSize: INPUT_SIZE,
    head: { kind: 'softmax', groups: SUM_DIGITS, classes: DIGIT_CLASSES + 1 },
    maxSteps: addLength,
  }),
  difficultyRange: ({ maxDigits }) => [1, maxDigits],
  generate({ addLength, maxDigits }, batchSize, rng) {
    const samples = Array.from({ length: batchSize }, () => additionSequence(addLength, maxDigits, rng));
    return packSequences(samples, INPUT_SIZE, SUM_DIGITS);
  },
};
