import type { Rng } from '../core/random';
import type { ValuesOf } from '../config/fields';
import type { ProbeRefusal, TaskProbe } from './probe';
import { checkLength, isRefusal, listItems } from './probe';
import type { Task } from './task';
import { raisedLimit } from './task';
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
/** The gates' names in index order (P: the most recent bit, Q: the one before). */
export const GATE_NAMES = ['NOR', 'Xq', 'ABJ', 'XOR', 'NAND', 'AND', 'XNOR', 'P→Q', 'Q→P', 'OR'] as const;

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
  trainGates: {
    kind: 'int', min: 0, max: 10, default: 0, group: 'task', resets: true, task: 'logic',
    label: 'Training gates at most',
    help: 'Training draws 1..this many gates per vector, evaluation 1..Gates per vector (max). 0: all of them.',
  },
  gatesEvery: {
    kind: 'int', min: 0, max: 1000000, default: 0, group: 'task', resets: true, task: 'logic', dependsOn: 'trainGates',
    label: 'Curriculum: +1 gate every k steps',
    help: 'With Training gates at most set: every k training steps it grows by one, up to Gates per vector (max), so the network meets longer chains as it learns. 0: no curriculum.',
  },
} as const;

type LogicOptions = ValuesOf<typeof options>;

/** One input vector: its newer bit b1 and its chain of gates (indices into GATE_NAMES), applied in order. */
export interface LogicVector {
  b1: boolean;
  gates: number[];
}

/** A probe input: the first vector's older bit b0 (later vectors take the previous answer), and the vectors. */
export interface LogicInput {
  b0: boolean;
  vectors: LogicVector[];
}

/**
 * A sequence as the generator draws it. With a difficulty d, every vector carries 1..d gates and one of them
 * exactly d; without, the vector count and each gate count are drawn as in training.
 */
function drawInput({ logicLength, maxGates }: LogicOptions, rng: Rng, difficulty?: number): LogicInput {
  const length = rng.int(1, logicLength);
  const widest = difficulty === undefined ? -1 : rng.int(0, length - 1);
  const most = difficulty ?? maxGates;
  const input: LogicInput = { b0: false, vectors: [] };
  for (let t = 0; t < length; t++) {
    if (t === 0) input.b0 = rng.bool();
    const b1 = rng.bool();
    const count = t === widest ? most : rng.int(1, most);
    input.vectors.push({ b1, gates: Array.from({ length: count }, () => rng.int(0, GATE_KINDS - 1)) });
  }
  return input;
}

/** The one-hot vectors, and the target of each: the last bit its chain produces, from b0 or the previous target. */
function logicSequence(input: LogicInput): SequenceSample {
  const sample: SequenceSample = { inputs: [], targets: [], difficulty: 0, stepDifficulty: [] };
  let carried = input.b0;
  input.vectors.forEach(({ b1, gates }, t) => {
    // A plain array, copied into the batch: a fresh small Float32Array is an allocation outside the JavaScript heap.
    const vector = new Array<number>(INPUT_SIZE).fill(0);
    // After the first vector, the older bit is the previous target: the network must remember it (slot stays 0).
    let q = carried;
    let p = b1;
    if (t === 0) vector[0] = Number(q);
    vector[1] = Number(p);
    gates.forEach((gate, slot) => {
      vector[2 + slot * GATE_KINDS + gate] = 1;
      [q, p] = [p, GATES[gate](p, q)];
    });
    carried = p;
    sample.inputs.push(vector);
    sample.targets.push([Number(p)]);
    sample.difficulty = Math.max(sample.difficulty, gates.length);
    sample.stepDifficulty!.push(gates.length);
  });
  return sample;
}

function checkVector(value: unknown, maxGates: number, t: number): LogicVector | ProbeRefusal {
  const vector = value as Partial<LogicVector> | null;
  if (typeof vector !== 'object' || vector === null || typeof vector.b1 !== 'boolean') return { error: `Vector ${t + 1} has no bit b1.` };
  const gates = checkLength(vector.gates, [1, maxGates], 'gate');
  if (isRefusal(gates)) return { error: `Vector ${t + 1}: ${gates.error} (Gates per vector: 1 to ${maxGates}.)` };
  const bad = gates.findIndex((gate) => !Number.isInteger(gate) || (gate as number) < 0 || (gate as number) >= GATE_KINDS);
  if (bad >= 0) return { error: `Vector ${t + 1}, gate ${bad + 1} is not one of the ten gates.` };
  return { b1: vector.b1, gates: gates as number[] };
}

const probe: TaskProbe<LogicOptions, LogicInput> = {
  editor: ({ logicLength, maxGates }) => ({ kind: 'gates', gates: GATE_NAMES, vectors: [1, logicLength], maxGates }),
  answer: 'sequence',
  check({ logicLength, maxGates }, value) {
    const input = value as Partial<LogicInput> | null;
    if (typeof input !== 'object' || input === null || typeof input.b0 !== 'boolean') return { error: 'The input has no first bit b0.' };
    const vectors = checkLength(input.vectors, [1, logicLength], 'vector');
    if (isRefusal(vectors)) return vectors;
    const checked: LogicVector[] = [];
    for (const [t, vector] of vectors.entries()) {
      const one = checkVector(vector, maxGates, t);
      if (isRefusal(one)) return one;
      checked.push(one);
    }
    return { b0: input.b0, vectors: checked };
  },
  /** "10:35,1:0": the first vector's b0 b1, then each vector's b1 and its gates as digits, after a colon. */
  format: ({ b0, vectors }) => vectors.map(({ b1, gates }, t) => `${t === 0 ? Number(b0) : ''}${Number(b1)}:${gates.join('')}`).join(','),
  parse(values, text) {
    const parts = listItems(text);
    const vectors: LogicVector[] = [];
    let b0 = false;
    for (const [t, part] of parts.entries()) {
      const match = (t === 0 ? /^([01])([01]):(\d+)$/ : /^()([01]):(\d+)$/).exec(part);
      if (!match) return { error: `“${part}” is not a vector: write ${t === 0 ? 'b0 b1' : 'b1'}, a colon and the gates' digits, e.g. ${t === 0 ? '10:35' : '1:0'}.` };
      if (t === 0) b0 = match[1] === '1';
      vectors.push({ b1: match[2] === '1', gates: [...match[3]].map(Number) });
    }
    return probe.check(values, { b0, vectors });
  },
  encode: (_values, input) => packSequences([logicSequence(input)], INPUT_SIZE, 1),
  random: (values, rng, difficulty) => drawInput(values, rng, difficulty === undefined ? undefined : Math.max(1, Math.min(values.maxGates, difficulty))),
};

/** The most gates per vector training draws (all of them unless trainGates is set and below maxGates). */
const trainedGates = ({ maxGates, trainGates }: LogicOptions) => (trainGates > 0 ? Math.min(trainGates, maxGates) : maxGates);

/**
 * Logic (Graves 2016, 3.2): a sequence of 1..logicLength vectors, each with two bits and a chain of 1..maxGates
 * random gates; the target of a vector is the last bit its chain produces. Each vector draws its own number of
 * gates, so the difficulty of a SEQUENCE is the largest number of gates among its vectors. With trainGates, training
 * draws at most that many gates per vector; with gatesEvery as well, that limit is a curriculum's start, growing by
 * one every gatesEvery steps up to maxGates.
 */
export const logicTask: Task<typeof options, LogicInput> = {
  id: 'logic',
  label: 'Logic',
  description:
    'Apply a chain of random logic gates to two bits, vector after vector; the older bit of each later vector is the previous answer. Difficulty: the most gates in any vector of the sequence.',
  difficultyLabel: 'gates per vector (max in sequence)',
  stepDifficultyLabel: 'gates in the vector',
  options,
  presets: {
    // The ponder budget holds the mean ponder at 5.5 (τ moves from 0.01): without it the net ponders at the limit M
    // from step ~2,000 and flat over difficulty. 10 vectors of up to 10 gates: with fewer the same LSTM without
    // pondering learns the task within the same 10 minutes too. Batches of 128 at lr 0.006 learn faster per second
    // than 32 at 0.003, and split over a helper thread on a second core (docs/results.md, issue #14).
    quick: { logicLength: 10, maxGates: 10, cell: 'lstm', hidden: 64, batch: 128, lr: 0.006, maxSteps: 10, tau: 0.01, ponderTarget: 5.5, ponderRate: 0.003, trainGates: 0, gatesEvery: 0 },
    paper: { logicLength: 10, maxGates: 10, cell: 'lstm', hidden: 128, batch: 16, lr: 0.0001, maxSteps: 100, trainGates: 0, gatesEvery: 0 },
  },
  presetResults: {
    quick: '1.1%, 4.8% and 4.2% held-out error after 10 minutes on 2 CPU cores (CLI, 3 seeds, batches split over both cores); in this page on one core of two 2.0%, 2.3% and 2.7% after 10 minutes (seeds 1–3); 0.6% after 12,000 steps (the snapshot); ponder rising from 3.3–3.4 on sequences of 1 gate per vector to 5.8–5.9 at 10 (48 sequences at each), and at a single vector from 3.2 at 1 gate to 8.0 at 10 (the snapshot); the same LSTM without pondering 30.5–31.3% after 10 minutes (CLI), 31.6% in this page',
    paper: '1.4% held-out error after 32,750 steps at lr 3e-3, M 20 and a ponder budget of 5 (about 1.5 hours of one CPU core); ponder rising from 3.0 at 1 gate per vector to 5.2 at 10; without pondering 41% after 30,000 steps',
  },
  dims: ({ logicLength }) => ({ inputSize: INPUT_SIZE, head: { kind: 'sigmoid', units: 1 }, maxSteps: logicLength }),
  difficultyRange: ({ maxGates }) => [1, maxGates],
  // Most sequences hold some vector with many gates: of 512, about 6 have at most 1 gate per vector, 223 have 10.
  drawCurveEvenly: true,
  curriculum(values, step) {
    if (values.gatesEvery === 0 || values.trainGates === 0) return values;
    return { ...values, trainGates: raisedLimit(values.trainGates, values.gatesEvery, step, values.maxGates) };
  },
  trainedDifficulty: (values) => (trainedGates(values) < values.maxGates ? [1, trainedGates(values)] : undefined),
  generate(values, batchSize, rng, _bytes, purpose = 'train') {
    // Training draws 1..trainGates gates per vector when that is set; evaluation always 1..maxGates.
    const drawn = purpose === 'train' ? { ...values, maxGates: trainedGates(values) } : values;
    const samples = Array.from({ length: batchSize }, () => logicSequence(drawInput(drawn, rng)));
    return packSequences(samples, INPUT_SIZE, 1);
  },
  probe,
};
