import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PonderStepRecord } from '../act';
import { mixedLogits } from '../head';
import type { HaltingMethod, HaltingSettings } from './method';
import { ponderNetMethod } from './pondernet';
import { repeatMethod } from './repeat';
import { counterCell, counterInput, scriptedHalt } from './testing';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const SETTINGS: HaltingSettings = { eps: 0.05, maxSteps: 20, haltCheck: 'readback', tau: 0, beta: 1, lambdaP: 0.5, repeats: 3 };

function run(method: HaltingMethod, units: number[][], settings: Partial<HaltingSettings>) {
  const probabilities: number[][] = [];
  const outcome = method.ponder({
    cell: counterCell, halt: scriptedHalt(units), input: counterInput(units.length), initial: [tf.zeros([units.length, 1])],
    settings: { ...SETTINGS, ...settings },
    observe: (record: PonderStepRecord) => probabilities.push([...record.probability.dataSync()]),
  });
  const read = (tensor: tf.Tensor) => [...tensor.dataSync()];
  return {
    steps: read(outcome.steps),
    ponder: read(outcome.ponder),
    regulariser: read(outcome.regulariser),
    state: read(outcome.state[0]),
    weights: outcome.candidates.map((candidate) => (candidate.weight ? read(candidate.weight) : null)),
    scoredStates: outcome.candidates.map((candidate) => read(candidate.state[0])),
    probabilities,
    updates: outcome.updates,
  };
}

describe('PonderNet', () => {
  it('gives p_n = λ_n Π(1 − λ_j), the KL to the truncated geometric prior and the expected steps of a hand-computed case', () => {
    // λ = 0.5 each step, M = 3: p = (0.5, 0.25, 0.25) (the last step takes the remaining mass).
    // Prior λ_p = 0.5 truncated at 3: (0.5, 0.25, 0.125) / 0.875 = (4/7, 2/7, 1/7).
    const out = run(ponderNetMethod, [[0.5, 0.5, 0.5]], { maxSteps: 3, eps: 0.01, beta: 0.1, lambdaP: 0.5 });
    expect(out.probabilities.map((p) => p[0])).toEqual([0.5, 0.25, 0.25]);
    const kl = 0.5 * Math.log(0.5 / (4 / 7)) + 0.25 * Math.log(0.25 / (2 / 7)) + 0.25 * Math.log(0.25 / (1 / 7));
    expect(out.regulariser[0]).toBeCloseTo(0.1 * kl, 6);
    expect(out.ponder[0]).toBeCloseTo(0.5 * 1 + 0.25 * 2 + 0.25 * 3, 6);
    expect(out.steps).toEqual([3]);
    // Every step's output is scored with weight p_n; the expected state Σ p_n s_n is carried on.
    expect(out.weights).toEqual([[0.5], [0.25], [0.25]]);
    expect(out.scoredStates).toEqual([[1], [2], [3]]);
    expect(out.state[0]).toBeCloseTo(1.75, 6);
  });

  it('unrolls until Σ p > 1 − ε or M, keeps p summing to 1, and gives KL 0 when p is the prior', () => {
    const units = [
      [0.97, 0.5, 0.5, 0.5, 0.5, 0.5],
      [0.5, 0.5, 0.5, 0.5, 0.5, 0.5],
      [0.01, 0.01, 0.01, 0.01, 0.01, 0.01],
    ];
    const out = run(ponderNetMethod, units, { maxSteps: 6, eps: 0.05, lambdaP: 0.5 });
    // Row 0: 0.97 > 0.95 at once. Row 1: 0.5, 0.75, 0.875, 0.9375, then 0.96875 > 0.95 at n = 5. Row 2: M.
    expect(out.steps).toEqual([1, 5, 6]);
    for (let b = 0; b < units.length; b++) expect(out.probabilities.reduce((sum, p) => sum + p[b], 0)).toBeCloseTo(1, 6);
    expect(out.probabilities.map((p) => p[0])).toEqual([1, 0, 0, 0, 0, 0]);
    expect(out.probabilities.map((p) => p[1])).toEqual([0.5, 0.25, 0.125, 0.0625, 0.0625, 0]);
    // Row 1 is the prior λ_p = 0.5 truncated at 5 with the tail folded onto step 5, not renormalised: KL > 0, small.
    expect(out.regulariser[1]).toBeGreaterThan(0);
    const exact = run(ponderNetMethod, [[0.5, 0.5, 0.5, 0.5, 0.5, 0.5]], { maxSteps: 1, lambdaP: 0.5 });
    // M = 1: p = (1) and the prior truncated at 1 is (1): no divergence.
    expect(exact.regulariser[0]).toBeCloseTo(0, 6);
  });

  it('answers with the p-weighted mixture of the steps\' predicted probabilities', () => {
    const logits = [tf.tensor2d([[2], [-1]]), tf.tensor2d([[-3], [0.5]])];
    const weights = [tf.tensor1d([0.25, 0.6]), tf.tensor1d([0.75, 0.4])];
    const mixed = mixedLogits({ kind: 'sigmoid', units: 1 }, logits.map((l, i) => ({ weight: weights[i], logits: l })));
    const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
    const probability = [...tf.sigmoid(mixed).dataSync()];
    expect(probability[0]).toBeCloseTo(0.25 * sigmoid(2) + 0.75 * sigmoid(-3), 5);
    expect(probability[1]).toBeCloseTo(0.6 * sigmoid(-1) + 0.4 * sigmoid(0.5), 5);
    const softmax = mixedLogits({ kind: 'softmax', groups: 1, classes: 2 }, [
      { weight: tf.tensor1d([0.5]), logits: tf.tensor2d([[0, Math.log(3)]]) },
      { weight: tf.tensor1d([0.5]), logits: tf.tensor2d([[Math.log(3), 0]]) },
    ]);
    expect([...tf.softmax(softmax).dataSync()]).toEqual([expect.closeTo(0.5, 5), expect.closeTo(0.5, 5)]);
  });
});

describe('fixed repetition', () => {
  it('makes exactly ρ updates, carries and scores the last state, with no regulariser', () => {
    const out = run(repeatMethod, [[0.9], [0.1]], { repeats: 3 });
    expect(out.steps).toEqual([3, 3]);
    expect(out.ponder).toEqual([3, 3]);
    expect(out.updates).toBe(3);
    expect(out.state).toEqual([3, 3]);
    expect(out.scoredStates).toEqual([[3, 3]]);
    expect(out.weights).toEqual([null]);
    expect(out.regulariser).toEqual([0, 0]);
    expect(out.probabilities).toEqual([[0, 0], [0, 0], [1, 1]]);
  });
});
