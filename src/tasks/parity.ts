import type { Task } from './task';
import { emptyBatch } from './task';

const options = {
  bits: {
    kind: 'int', min: 2, max: 64, default: 8, group: 'task', resets: true, task: 'parity',
    label: 'Bits', help: 'Length of the input vector (paper: 64).',
  },
  layout: {
    kind: 'enum', values: ['random', 'prefix'], default: 'random', group: 'task', resets: true, task: 'parity',
    label: 'Non-zero positions',
    help: 'random: the k non-zero entries sit at random positions (the stricter reading of the paper); prefix: the first k entries.',
  },
  trainNonZero: {
    kind: 'int', min: 0, max: 64, default: 0, group: 'task', resets: true, task: 'parity',
    label: 'Training non-zero at most',
    help: 'Extrapolation: training draws 1..this many non-zero entries, evaluation 1..bits, so more is never seen in training (PonderNet paper: half of bits). 0: all, 1..bits.',
  },
} as const;

/** The most non-zero entries training draws (all of them unless trainNonZero is set and below bits). */
const trainedMax = ({ bits, trainNonZero }: { bits: number; trainNonZero: number }) =>
  trainNonZero > 0 ? Math.min(trainNonZero, bits) : bits;

/**
 * Parity (Graves 2016, 3.1): one input step, a vector with k ∈ 1..bits entries set to ±1 at random, the rest 0;
 * target 1 when the count of +1 entries is odd. Difficulty: k. With trainNonZero, training draws k ≤ trainNonZero
 * and evaluations k ∈ 1..bits: the PonderNet paper's extrapolation protocol.
 */
export const parityTask: Task<typeof options> = {
  id: 'parity',
  label: 'Parity',
  description: 'Is the number of +1 entries odd? One input step: the network must ponder to count.',
  difficultyLabel: 'non-zero bits',
  options,
  presets: {
    quick: { bits: 8, cell: 'rnn', hidden: 64, batch: 128, lr: 0.01, maxSteps: 20 },
    paper: { bits: 64, cell: 'rnn', hidden: 128, batch: 128, lr: 0.0001, maxSteps: 100 },
  },
  dims: ({ bits }) => ({ inputSize: bits, head: { kind: 'sigmoid', units: 1 }, maxSteps: 1 }),
  difficultyRange: ({ bits }) => [1, bits],
  trainedDifficulty: (options) => (trainedMax(options) < options.bits ? [1, trainedMax(options)] : undefined),
  generate(options, batchSize, rng, _bytes, purpose = 'train') {
    const { bits, layout } = options;
    const most = purpose === 'train' ? trainedMax(options) : bits;
    const out = emptyBatch(1, batchSize, bits, 1);
    for (let b = 0; b < batchSize; b++) {
      const k = rng.int(1, most);
      const positions = layout === 'prefix' ? [...Array(k).keys()] : rng.permutation(bits).slice(0, k);
      let ones = 0;
      for (const position of positions) {
        const value = rng.bool() ? 1 : -1;
        if (value === 1) ones++;
        out.inputs[b * bits + position] = value;
      }
      out.targets[b] = ones % 2;
      out.targetMask[b] = 1;
      out.stepMask[b] = 1;
      out.difficulty[b] = k;
    }
    return out;
  },
};
