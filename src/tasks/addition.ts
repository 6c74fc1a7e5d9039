import type { Rng } from '../core/random';
import type { ValuesOf } from '../config/fields';
import type { TaskProbe } from './probe';
import { checkLength, isRefusal, listItems } from './probe';
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

type AdditionOptions = ValuesOf<typeof options>;
/** A probe input: the numbers as digit strings (leading zeros included, as the generator draws them). */
export type AdditionInput = string[];

/** The sum as six class indices: its decimal digits left-aligned, most significant first, then FINISHED. */
function sumClasses(sum: number): number[] {
  const digits = String(sum).split('').map(Number);
  return Array.from({ length: SUM_DIGITS }, (_, position) => digits[position] ?? FINISHED);
}

/**
 * Numbers as the generator draws them. With a difficulty d, every number has 1..d digits and one of them
 * exactly d; without, the count and each digit count are drawn as in training.
 */
function drawNumbers({ addLength, maxDigits }: AdditionOptions, rng: Rng, difficulty?: number): AdditionInput {
  const length = rng.int(2, addLength);
  const widest = difficulty === undefined ? -1 : rng.int(0, length - 1);
  const most = difficulty ?? maxDigits;
  return Array.from({ length }, (_, t) => {
    const digitCount = t === widest ? most : rng.int(1, most);
    return Array.from({ length: digitCount }, () => String(rng.int(0, 9))).join('');
  });
}

/** One step per number (its digits one-hot, slot by slot); from the second step on, the running sum is the target. */
function additionSequence(numbers: AdditionInput): SequenceSample {
  const sample: SequenceSample = { inputs: [], targets: [], difficulty: 0, stepDifficulty: [] };
  let sum = 0;
  numbers.forEach((digits, t) => {
    // A plain array, copied into the batch: a fresh small Float32Array is an allocation outside the JavaScript heap.
    const input = new Array<number>(INPUT_SIZE).fill(0);
    [...digits].forEach((digit, slot) => (input[slot * DIGIT_CLASSES + Number(digit)] = 1));
    sum += Number(digits);
    sample.inputs.push(input);
    sample.targets.push(t === 0 ? null : sumClasses(sum));
    sample.difficulty = Math.max(sample.difficulty, digits.length);
    sample.stepDifficulty!.push(digits.length);
  });
  return sample;
}

const probe: TaskProbe<AdditionOptions, AdditionInput> = {
  editor: ({ addLength }) => ({ kind: 'list', itemLabel: 'Number', items: [2, addLength] }),
  answer: 'sequence',
  check({ addLength, maxDigits }, value) {
    if (Array.isArray(value) && value.length < 2) return { error: `Give at least two numbers (this input has ${value.length}): the first step has no target.` };
    const numbers = checkLength(value, [2, addLength], 'number');
    if (isRefusal(numbers)) return numbers;
    for (const [t, digits] of numbers.entries()) {
      if (typeof digits !== 'string' || !/^[0-9]+$/.test(digits)) return { error: `Number ${t + 1} (“${String(digits)}”) is not written with the digits 0 to 9 alone.` };
      if (digits.length > maxDigits) return { error: `Number ${t + 1} (${digits}) has ${digits.length} digits; numbers here have at most ${maxDigits} (Digits per number).` };
    }
    return numbers as AdditionInput;
  },
  format: (numbers) => numbers.join(','),
  parse: (values, text) => probe.check(values, listItems(text)),
  encode: (_values, numbers) => packSequences([additionSequence(numbers)], INPUT_SIZE, SUM_DIGITS),
  random: (values, rng, difficulty) => drawNumbers(values, rng, difficulty === undefined ? undefined : Math.max(1, Math.min(values.maxDigits, difficulty))),
};

/**
 * Addition (Graves 2016, 3.3): a sequence of 2..addLength numbers of 1..maxDigits digits each; from the second
 * step on, the target is the running sum as six 11-way softmaxes. Each number draws its own digit count, so
 * the difficulty of a SEQUENCE is the most digits among its numbers.
 */
export const additionTask: Task<typeof options, AdditionInput> = {
  id: 'addition',
  label: 'Addition',
  description:
    'Keep a running sum of decimal numbers given one per step, digit by digit; output it after every number but the first. Difficulty: the most digits of any number in the sequence.',
  difficultyLabel: 'digits per number (max in sequence)',
  stepDifficultyLabel: 'digits in the number',
  options,
  presets: {
    quick: { addLength: 3, maxDigits: 2, cell: 'lstm', hidden: 128, batch: 32, lr: 0.003, maxSteps: 20, tau: 0.03 },
    paper: { addLength: 5, maxDigits: 5, cell: 'lstm', hidden: 512, batch: 32, lr: 0.0001, maxSteps: 20 },
  },
  presetResults: { quick: '28% held-out error after 5,000 steps (about 4.5 min), 2–5% after 20,000 (11–14 min beside another training); pondering 3.0–3.1 updates on sums of 1-digit numbers, 3.7–3.8 with 2-digit ones: +0.6 to +0.8 per digit (3 seeds)' },
  dims: ({ addLength }) => ({
    inputSize: INPUT_SIZE,
    head: { kind: 'softmax', groups: SUM_DIGITS, classes: DIGIT_CLASSES + 1 },
    maxSteps: addLength,
  }),
  difficultyRange: ({ maxDigits }) => [1, maxDigits],
  generate(values, batchSize, rng) {
    const samples = Array.from({ length: batchSize }, () => additionSequence(drawNumbers(values, rng)));
    return packSequences(samples, INPUT_SIZE, SUM_DIGITS);
  },
  probe,
};
