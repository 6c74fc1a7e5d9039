import { describe, expect, it } from 'vitest';
import { Rng } from '../core/random';
import { logicTask } from './logic';
import {
  Checks, defaultOptions, expectCovers, expectSeeded, expectWellFormed, inputAt, maskAt, sequenceLength, targetAt,
} from './testing';

/** The spec's table, verbatim: outputs for (P,Q) = (T,T) (T,F) (F,T) (F,F), gates in index order. */
const SPEC_TABLE =
  'NOR F F F T · Xq F F T F · ABJ F T F F · XOR F T T F · NAND F T T T · AND T F F F · XNOR T F F T · ' +
  'if/then T F T T · then/if T T F T · OR T T T F';
const TRUTH_ROWS = SPEC_TABLE.split(' · ').map((entry) => entry.split(' ').slice(1).map((cell) => cell === 'T'));

function applyGate(gate: number, p: boolean, q: boolean): boolean {
  const column = (p ? 0 : 2) + (q ? 0 : 1);
  return TRUTH_ROWS[gate][column];
}

/** The gate codes of one input vector (one-hot chunks of 10 after the two bits, used chunks first), or null. */
function decodeGates(input: Float32Array): number[] | null {
  const chunks = Array.from({ length: 10 }, (_, slot) => Array.from(input.subarray(2 + slot * 10, 12 + slot * 10)));
  const used = chunks.filter((chunk) => chunk.some((x) => x !== 0));
  const isOneHot = (chunk: number[]): boolean => chunk.every((x) => x === 0 || x === 1) && chunk.filter((x) => x === 1).length === 1;
  if (!used.every(isOneHot) || chunks.slice(0, used.length).some((chunk) => !isOneHot(chunk))) return null;
  return used.map((chunk) => chunk.indexOf(1));
}

type LogicOptions = Parameters<typeof logicTask.generate>[0];
const ALL_GATES = { trainGates: 0, gatesEvery: 0 };

/** Generates a batch, re-derives every target from its one-hot gates, and checks it draws 1..most gates per vector. */
function checkBatch(options: LogicOptions, samples: number, seed: number, purpose?: 'train' | 'evaluate', most = options.maxGates) {
  const batch = logicTask.generate(options, samples, new Rng(seed), undefined, purpose);
  expectWellFormed(logicTask, options, batch);
  const checks = new Checks();
  const lengths: number[] = [];
  const gateCounts: number[] = [];
  const gateCodes: number[] = [];
  for (let b = 0; b < samples; b++) {
    const length = sequenceLength(batch, b, checks);
    let previousTarget = false;
    let hardest = 0;
    for (let t = 0; t < length; t++) {
      const at = (): string => `sequence ${b}, step ${t}`;
      const input = inputAt(batch, t, b);
      const gates = decodeGates(input) ?? [];
      checks.that(gates.length >= 1, () => `${at()}: gate chunks are not a non-empty one-hot prefix`);
      checks.that(input[0] === 0 || (t === 0 && input[0] === 1), () => `${at()}: b0 slot ${input[0]}`);
      checks.that(input[1] === 0 || input[1] === 1, () => `${at()}: b1 slot ${input[1]}`);
      let q = t === 0 ? input[0] === 1 : previousTarget;
      let p = input[1] === 1;
      for (const gate of gates) [q, p] = [p, applyGate(gate, p, q)];
      checks.that(maskAt(batch.targetMask, batch, t, b) === 1, () => `${at()}: no target`);
      checks.that(targetAt(batch, t, b)[0] === (p ? 1 : 0), () => `${at()}: wrong target`);
      checks.that(batch.stepDifficulty?.[t * batch.batch + b] === gates.length, () => `${at()}: step difficulty is not the vector's gate count`);
      previousTarget = p;
      hardest = Math.max(hardest, gates.length);
      gateCounts.push(gates.length);
      gateCodes.push(...gates);
    }
    checks.that(batch.difficulty[b] === hardest, () => `sequence ${b}: difficulty is not the most gates per vector`);
    for (let t = length; t < batch.steps; t++) checks.that(batch.stepDifficulty?.[t * batch.batch + b] === 0, () => `sequence ${b}, padding step ${t}: step difficulty not 0`);
    lengths.push(length);
  }
  checks.expectNone();
  expectCovers(lengths, 1, options.logicLength);
  expectCovers(gateCounts, 1, most);
  expectCovers(batch.difficulty, 1, most);
  expectCovers(gateCodes, 0, 9);
  return batch;
}

describe('logic', () => {
  it('reads the truth table as the spec lists it', () => {
    expect(TRUTH_ROWS.map((row) => row.length)).toEqual(Array(10).fill(4));
    expect(applyGate(7, true, false)).toBe(false); // P → Q is false only for P true, Q false
    expect(applyGate(1, false, true)).toBe(true); // Xq: true only for P false, Q true
  });

  it('re-derives every target with the paper sizes', () => {
    const batch = checkBatch({ logicLength: 10, maxGates: 10, ...ALL_GATES }, 3000, 1);
    const firstBits = Array.from({ length: batch.batch }, (_, b) => inputAt(batch, 0, b)[0]);
    expectCovers(firstBits, 0, 1);
  });

  it('re-derives every target with the defaults and with single-gate vectors', () => {
    checkBatch(defaultOptions(logicTask), 3000, 2);
    checkBatch({ logicLength: 5, maxGates: 1, ...ALL_GATES }, 1000, 3);
  });

  it('trains on 1..trainGates gates per vector and evaluates on 1..maxGates', () => {
    const options = { logicLength: 6, maxGates: 9, trainGates: 4, gatesEvery: 0 };
    checkBatch(options, 2000, 4, 'train', 4);
    checkBatch(options, 2000, 4, undefined, 4);
    checkBatch(options, 2000, 4, 'evaluate', 9);
    expect(logicTask.trainedDifficulty?.(options)).toEqual([1, 4]);
    expect(logicTask.trainedDifficulty?.({ ...options, trainGates: 0 })).toBeUndefined();
    expect(logicTask.trainedDifficulty?.({ ...options, trainGates: 9 })).toBeUndefined();
  });

  it('raises the trained gate count by one every gatesEvery steps, up to maxGates, with a curriculum', () => {
    const options = { logicLength: 4, maxGates: 6, trainGates: 1, gatesEvery: 100 };
    const trainedAt = (step: number) => logicTask.curriculum?.(options, step).trainGates;
    expect([0, 99, 100, 250, 499, 500, 10_000].map(trainedAt)).toEqual([1, 1, 2, 3, 5, 6, 6]);
    checkBatch(logicTask.curriculum!(options, 0), 500, 5, 'train', 1);
    checkBatch(logicTask.curriculum!(options, 250), 2000, 5, 'train', 3);
    expect(logicTask.trainedDifficulty?.(logicTask.curriculum!(options, 250))).toEqual([1, 3]);
    // Without a starting count, or with k = 0, there is no curriculum.
    expect(logicTask.curriculum?.({ ...options, trainGates: 0 }, 10_000)).toEqual({ ...options, trainGates: 0 });
    expect(logicTask.curriculum?.({ ...options, gatesEvery: 0 }, 10_000)).toEqual({ ...options, gatesEvery: 0 });
  });

  it('is seeded', () => expectSeeded(logicTask, defaultOptions(logicTask)));
});
