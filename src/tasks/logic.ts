import type { Rng } from '../core/random';
import type { Task } from './task';
import type { SequenceSample } from './pack';
import { packSequences } from './pack';

const GATE_SLOTS = 10;
const GATE_KINDS = 10;
/** Element 0: b0 (the first vector only), element 1: b1, then one one-hot chunk per gate slot. */
const INPUT_SIZE = 2 + GATE_SLOTS * GATE_KINDS;

/** The paper's ten gates in index order; p is the most recent bit, q the one before. */
const GATES: readonly ((p: boolean, q: boolean) => boolean)[] = [
  (p, q) => !(p || q), // NOR
  (p, q) => !p && q, // Xq
  (p, q) => p && !q, // ABJ
  (p, q) => p !== q, // XOR
  (p, q) => !(p && q), // NAND
  (p, q) => p && q, // AND
  (p, q) => p === q, // XNOR
  (p, q) => !p || q, // if/then: P → Q
  (p, q) => p || !q, // then/if: Q → P
  (p, q) => p || q, // OR
];

const options = {
  logicLength: {
    kind: 'int', min: 1, max: 10, default: 3, group: 'task', resets: true, task: 'logic',
    label: 'Vectors per sequence (max)',
    help: 'Each sequence has 1 to this many input vectors, drawn uniformly (paper: 10; its difficulty plots use 5).',
  },
  maxGates: {
    kind: 'int', min: 1, max: 10, default: 3, group: 'task', resets: true, task: 'logic',
    label: 'Gates per vector (max)',
    help: 'Each vector carries 1 to this many logic gates, drawn uniformly (paper: 10). The difficulty of a sequence is the most gates any of its vectors carries.',
  },
} as const;

function logicSequence(logicLength: number, maxGates: number, rng: Rng): SequenceSample {
  const sample: SequenceSample = { inputs: [], targets: [], difficulty: 0 };
  let carried = false;
  const length = rng.int(1, logicLength);
  for (let t = 0; t < length; t++) {
    const input = new Float32Array(INPUT_SIZE);
    // After the first vector, the older bit is the previous target: the network must remember it (slot stays 0).
    let q = t === 0 ? rng.bool() : carried;
    let p = rng.bool();
    if (t === 0) input[0] = Number(q);
    input[1] = Number(p);
    const gates = rng.int(1, maxGates);
    for (let slot = 0; slot < gates; slot++) {
      const gate = rng.int(0, GATE_KINDS - 1);
      input[2 + slot * GATE_KINDS + gate] = 1;
      [q, p] = [p, GATES[gate](p, q)];
    }
    carried = p;
    sample.inputs.push(input);
    sample.targets.push([Number(p)]);
    sample.difficulty = Math.max(sample.difficulty, gates);
  }
  return sample;
}

/**
 * Logic (Graves 2016, 3.2): a sequence of 1..logicLength vectors, each with two bits and a chain of 1..maxGates
 * random gates; the target of a vector is the last bit its chain produces. Each vector draws its own number of
 * gates, so the difficulty of a SEQUENCE is the largest number of gates among its vectors.
 */
export const logicTask: Task<typeof options> = {
  id: 'logic',
  label: 'Logic',
  description:
    'Apply a chain of random logic gates to two bits, vector after vector; the older bit of each later vector is the previous answer. Difficulty: the most gates in any vector of the sequence.',
  difficultyLabel: 'gates per vector (max in sequence)',
  options,
  presets: {
    quick: { logicLength: 3, maxGates: 3, cell: 'lstm', hidden: 64, batch: 32, lr: 0.001, maxSteps: 20 },
    paper: { logicLength: 10, maxGates: 10, cell: 'lstm', hidden: 128, batch: 16, lr: 0.0001, maxSteps: 100 },
  },
  dims: ({ logicLength }) => ({ inputSize: INPUT_SIZE, head: { kind: 'sigmoid', units: 1 }, maxSteps: logicLength }),
  difficultyRange: ({ maxGates }) => [1, maxGates],
  generate({ logicLength, maxGates }, batchSize, rng) {
    const samples = Array.from({ length: batchSize }, () => logicSequence(logicLength, maxGates, rng));
    return packSequences(samples, INPUT_SIZE, 1);
  },
};
