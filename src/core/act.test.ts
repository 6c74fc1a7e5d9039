import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PonderCarry, PonderStepRecord, PonderSettings } from './act';
import { haltingFunction, ponder } from './act';
import { installLeanGradientTape } from './tapeSaves';
import { actMethod } from './halting/act';
import { counterCell, counterInput, scriptedHalt } from './halting/testing';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function run(units: number[][], settings: PonderSettings<PonderCarry>) {
  const records: { n: number; running: number[]; probability: number[] }[] = [];
  const result = ponder(counterCell, scriptedHalt(units), counterInput(units.length), [tf.zeros([units.length, 1])], settings,
    (record: PonderStepRecord) => records.push({ n: record.n, running: [...record.running.dataSync()], probability: [...record.probability.dataSync()] }));
  return {
    steps: [...result.steps.dataSync()],
    remainder: [...result.remainder.dataSync()],
    cost: [...result.cost.dataSync()],
    meanField: [...result.state[0].dataSync()],
    records,
  };
}

describe('ponder loop', () => {
  it('reproduces the worked example of act.md (ε = 0.1; h = 0.1, 0.3, 0.5, 0.5)', () => {
    const out = run([[0.1, 0.3, 0.5, 0.5]], { eps: 0.1, maxSteps: 100, haltCheck: 'readback' });
    expect(out.steps).toEqual([3]);
    expect(out.remainder[0]).toBeCloseTo(0.6, 6);
    expect(out.cost[0]).toBeCloseTo(3.6, 6);
    expect(out.records.map((r) => r.probability[0])).toEqual([expect.closeTo(0.1, 6), expect.closeTo(0.3, 6), expect.closeTo(0.6, 6)]);
    // The fourth update is never computed.
    expect(out.records).toHaveLength(3);
    expect(out.meanField[0]).toBeCloseTo(0.1 * 1 + 0.3 * 2 + 0.6 * 3, 5);
  });

  it('keeps p summing to 1, N ≤ M, and halted rows out of every accumulator', () => {
    const units = [
      [0.995, 0.9, 0.9, 0.9, 0.9],
      [0.2, 0.2, 0.2, 0.2, 0.9],
      [0.05, 0.05, 0.05, 0.05, 0.05],
      [0.5, 0.3, 0.25, 0.2, 0.2],
    ];
    const out = run(units, { eps: 0.01, maxSteps: 5, haltCheck: 'none' });
    expect(out.steps).toEqual([1, 5, 5, 3]);
    const sums = units.map((_, b) => out.records.reduce((total, r) => total + r.probability[b], 0));
    for (const total of sums) expect(total).toBeCloseTo(1, 6);
    // Row 0 halted at n = 1: nothing after adds to it.
    for (const record of out.records.slice(1)) {
      expect(record.running[0]).toBe(0);
      expect(record.probability[0]).toBe(0);
    }
    expect(out.meanField[0]).toBeCloseTo(1, 6);
    // Row 2 never reaches 1 − ε: forced halt at M takes the remainder 1 − 4·0.05.
    expect(out.remainder[2]).toBeCloseTo(0.8, 6);
    expect(out.cost[2]).toBeCloseTo(5.8, 6);
    // Row 3: 0.5 + 0.3 = 0.8 < 0.99, + 0.25 ≥ 0.99 → N = 3, R = 0.2.
    expect(out.remainder[3]).toBeCloseTo(0.2, 6);
  });

  it('stops early once every row halted when reading back, and gives the same numbers as running all M steps', () => {
    const units = [[0.6, 0.6, 0.6, 0.6], [0.3, 0.3, 0.5, 0.5]];
    const early = run(units, { eps: 0.01, maxSteps: 4, haltCheck: 'readback' });
    const full = run(units, { eps: 0.01, maxSteps: 4, haltCheck: 'none' });
    expect(early.records).toHaveLength(3);
    expect(full.records).toHaveLength(4);
    expect(early.steps).toEqual(full.steps);
    expect(early.cost).toEqual(full.cost);
    expect(early.meanField).toEqual(full.meanField);
  });

  it('sums the halting-logit penalty z² (or the part of |z| beyond a margin, squared) over the updates each row computes, and ACT adds λ_z times it to τ·(N + R)', () => {
    const units = [[0.995, 0.9, 0.9, 0.9], [0.2, 0.3, 0.6, 0.9], [0.05, 0.05, 0.05, 0.05]];
    const settings = { eps: 0.01, maxSteps: 4, haltCheck: 'none' as const, haltPenalty: 0.3, tau: 0.02, beta: 0, lambdaP: 0, repeats: 1 };
    const outcome = actMethod.ponder({ cell: counterCell, halt: scriptedHalt(units), input: counterInput(units.length), initial: [tf.zeros([units.length, 1])], settings });
    // Plain-array reference: N per row from the running sums, then Σ_{n ≤ N} logit(h_n)².
    const logit = (h: number) => Math.log(h / (1 - h));
    const expected = units.map((row) => {
      const steps = row.findIndex((_, i) => row.slice(0, i + 1).reduce((a, b) => a + b, 0) >= 0.99) + 1 || row.length;
      const squares = row.slice(0, steps).reduce((total, h) => total + logit(h) ** 2, 0);
      const remainder = 1 - row.slice(0, steps - 1).reduce((a, b) => a + b, 0);
      return { steps, penalty: 0.02 * (steps + remainder) + 0.3 * squares };
    });
    expect(expected.map((row) => row.steps)).toEqual([1, 3, 4]);
    expect([...outcome.steps.dataSync()]).toEqual(expected.map((row) => row.steps));
    [...outcome.regulariser.dataSync()].forEach((value, b) => expect(value).toBeCloseTo(expected[b].penalty, 4));
    // With a margin m only the part of |z| beyond m counts: Σ max(|z| − m, 0)² (logits here: ±4.6, −1.4 … 2.2, −2.9).
    const margin = 1.5;
    const withMargin = actMethod.ponder({ cell: counterCell, halt: scriptedHalt(units), input: counterInput(units.length), initial: [tf.zeros([units.length, 1])], settings: { ...settings, haltMargin: margin } });
    const expectedWithMargin = units.map((row, b) => {
      const { steps } = expected[b];
      const squares = row.slice(0, steps).reduce((total, h) => total + Math.max(Math.abs(logit(h)) - margin, 0) ** 2, 0);
      return expected[b].penalty - 0.3 * row.slice(0, steps).reduce((total, h) => total + logit(h) ** 2, 0) + 0.3 * squares;
    });
    [...withMargin.regulariser.dataSync()].forEach((value, b) => expect(value).toBeCloseTo(expectedWithMargin[b], 4));
    expect(expectedWithMargin[1]).toBeLessThan(expected[1].penalty);
    // Off (0 or absent): the paper's τ·(N + R) alone.
    const paper = actMethod.ponder({ cell: counterCell, halt: scriptedHalt(units), input: counterInput(units.length), initial: [tf.zeros([units.length, 1])], settings: { ...settings, haltPenalty: 0 } });
    expect([...paper.regulariser.dataSync()].map((v) => v / 0.02)).toEqual([...tf.add(paper.steps, paper.remainder).dataSync()].map((v) => expect.closeTo(v, 5)));
  });
});

describe('the ponder loop’s gradient', () => {
  it('does not follow the running flags and the counts N back through the updates (they carry none), and still reaches every weight', async () => {
    installLeanGradientTape();
    const cell = { step: (input: tf.Tensor2D, state: tf.Tensor2D[]) => [tf.tanh(tf.add(input, state[0]))], output: (state: tf.Tensor2D[]) => state[0], stateWidths: [3] };
    const unit = { kernel: { name: 'k', variable: tf.variable(tf.tensor2d([[0.5], [-1], [0.25]])) }, bias: { name: 'b', variable: tf.variable(tf.tensor1d([-2])) } };
    const input = tf.variable(tf.tensor2d([[0.1, 0.2, 0.3], [-1, 0, 1]]));
    const loss = () => {
      const result = ponder(cell as never, haltingFunction(unit as never), { first: input, later: input }, [tf.zeros([2, 3])], { eps: 0.01, maxSteps: 4, haltCheck: 'none' });
      return tf.add(tf.sum(result.state[0]), tf.sum(result.cost)) as tf.Scalar;
    };
    const variables = [input, unit.kernel.variable, unit.bias.variable];
    const { kernels } = await tf.profile(() => {
      const { value, grads } = tf.variableGrads(loss, variables);
      tf.dispose([value, ...Object.values(grads)]);
    });
    // A zero gradient for the flags, and the counts' own gradient passed back, at every update before: none now.
    expect(kernels.map((kernel) => kernel.name)).not.toContain('ZerosLike');
    const { value, grads } = tf.variableGrads(loss, variables);
    for (const variable of variables) expect(Array.from(await grads[variable.name].data()).some((g) => g !== 0)).toBe(true);
    tf.dispose([value, ...Object.values(grads), ...variables]);
  });
});
