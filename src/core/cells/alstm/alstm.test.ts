import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../config/codec';
import { checkGradients } from '../../gradientCheck.testing';
import { ActModel } from '../../model';
import { Rng } from '../../random';
import { createTrainer } from '../../../run/engine';
import { estimateResources } from '../../resources';
import type { Cell } from '../cell';
import { stackCells } from '../stack';
import { alstmCell } from './alstm';
import { orthogonal } from './orthogonal';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const IN = 3;
const H = 2;
const A = 3;
const BATCH = 2;

type Matrix = number[][];
const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));
/** row vector v [n] times matrix m [n, k] → [k] */
const times = (v: number[], m: Matrix): number[] => m[0].map((_, k) => v.reduce((sum, value, i) => sum + value * m[i][k], 0));
const add = (...vectors: number[][]) => vectors[0].map((_, k) => vectors.reduce((sum, v) => sum + v[k], 0));
const mul = (a: number[], b: number[]) => a.map((v, k) => v * b[k]);

/** One plain LSTM update from pre-activations in gate order (i, f, g, o): returns [h', c']. */
function lstmReference(pre: number[], c: number[]): [number[], number[]] {
  const n = c.length;
  const gate = (k: number) => pre.slice(k * n, (k + 1) * n);
  const nextC = c.map((value, j) => sigmoid(gate(1)[j]) * value + sigmoid(gate(0)[j]) * Math.tanh(gate(2)[j]));
  return [nextC.map((value, j) => sigmoid(gate(3)[j]) * Math.tanh(value)), nextC];
}

/**
 * The aLSTM update of one batch row, in plain arrays, written from the spec (not from the cell's code). `threaded`:
 * in a stack, the z the adaptation LSTM also reads (the layer below's new z; for layer 0 the top's previous z).
 */
function alstmReference(w: Record<string, Matrix>, bias: Record<string, number[]>, x: number[], [h, c, z, cz]: number[][], threaded: number[] = []): number[][] {
  const adapt = add(times([...x, ...h, ...threaded], w.adaptInput), bias.adapt, times(z, w.adaptRecurrent));
  const [nextZ, nextCz] = lstmReference(adapt, cz);
  const pi = times(nextZ, w.policy).map(Math.tanh);
  let at = 0;
  const take = (n: number) => pi.slice(at, (at += n));
  const [piX, piH, piW, piU, piB] = [take(x.length), take(h.length), take(4 * h.length), take(4 * h.length), take(4 * h.length)];
  const pre = add(mul(piW, times(mul(piX, x), w.input)), mul(piB, bias.lstm), mul(piU, times(mul(piH, h), w.recurrent)));
  const [nextH, nextC] = lstmReference(pre, c);
  return [nextH, nextC, nextZ, nextCz];
}

const rows = (tensor: tf.Tensor): Matrix => tensor.arraySync() as Matrix;

/** A cell's weights by their names without the layer prefix, moved off their initial values (seeded). */
function randomizedWeights(cell: Cell, prefix: string, seed: number): Record<string, tf.Variable> {
  const byName = Object.fromEntries(cell.variables.map(({ name, variable }) => [name.replace(`${prefix}/`, ''), variable]));
  // Move every weight off its initial value so that every term (policy included) matters.
  for (const variable of Object.values(byName)) variable.assign(tf.tidy(() => tf.randomUniform(variable.shape, -0.9, 0.9, 'float32', seed)));
  return byName;
}

function weightsOf(byName: Record<string, tf.Variable>) {
  return {
    w: {
      adaptInput: rows(byName['adapt/input_kernel']),
      adaptRecurrent: rows(byName['adapt/recurrent_kernel']),
      policy: rows(byName.policy_kernel),
      input: rows(byName.input_kernel),
      recurrent: rows(byName.recurrent_kernel),
    },
    bias: { adapt: [...byName['adapt/bias'].dataSync()], lstm: [...byName.bias.dataSync()] },
  };
}

describe('aLSTM cell', () => {
  it('one update matches an independent plain-array reference value by value', () => {
    const rng = new Rng(3);
    const cell = alstmCell(rng, 'layer0/alstm', IN, H, A);
    const byName = randomizedWeights(cell, 'layer0/alstm', 11);
    const x = Array.from({ length: BATCH }, () => Array.from({ length: IN }, () => rng.uniform(-1, 1)));
    const state = cell.stateWidths.map((width) => Array.from({ length: BATCH }, () => Array.from({ length: width }, () => rng.uniform(-1, 1))));
    const next = tf.tidy(() => cell.step(cell.projectInput(tf.tensor2d(x)), state.map((s) => tf.tensor2d(s))).map((t) => rows(t)));
    const { w, bias } = weightsOf(byName);
    expect(byName['adapt/input_kernel'].shape).toEqual([IN + H, 4 * A]);
    for (let b = 0; b < BATCH; b++) {
      const expected = alstmReference(w, bias, x[b], state.map((s) => s[b]));
      expected.forEach((part, p) => part.forEach((value, j) => expect(next[p][b][j]).toBeCloseTo(value, 5)));
    }
    cell.variables.forEach(({ variable }) => variable.dispose());
  });

  it('in a 2-layer stack, threads z as the reference: layer 1 reads layer 0\'s new z, layer 0 the top\'s z of the step before (3 steps, plain arrays)', () => {
    const rng = new Rng(4);
    const layers = [alstmCell(rng, 'layer0/alstm', IN, H, A, A), alstmCell(rng, 'layer1/alstm', H, H, A, A)];
    const stack = stackCells(layers, true);
    const weights = layers.map((layer, l) => weightsOf(randomizedWeights(layer, `layer${l}/alstm`, 20 + l)));
    expect(layers[0].variables[0].variable.shape).toEqual([IN + H + A, 4 * A]);
    expect(layers[1].variables[0].variable.shape).toEqual([H + H + A, 4 * A]);
    const inputs = Array.from({ length: 3 }, () => Array.from({ length: BATCH }, () => Array.from({ length: IN }, () => rng.uniform(-1, 1))));
    // Start from a random state, so that the top's z already matters at the first step.
    let state = stack.stateWidths.map((width) => Array.from({ length: BATCH }, () => Array.from({ length: width }, () => rng.uniform(-1, 1))));
    for (const x of inputs) {
      const next = tf.tidy(() => stack.step(stack.projectInput(tf.tensor2d(x)), state.map((s) => tf.tensor2d(s))).map((t) => rows(t)));
      for (let b = 0; b < BATCH; b++) {
        const own = (l: number) => state.slice(4 * l, 4 * l + 4).map((s) => s[b]);
        const bottom = alstmReference(weights[0].w, weights[0].bias, x[b], own(0), own(1)[2]);
        const top = alstmReference(weights[1].w, weights[1].bias, bottom[0], own(1), bottom[2]);
        [...bottom, ...top].forEach((part, p) => part.forEach((value, j) => expect(next[p][b][j]).toBeCloseTo(value, 5)));
      }
      state = next;
    }
    layers.forEach((layer) => layer.variables.forEach(({ variable }) => variable.dispose()));
  });

  it('threads z only in a stack that updates as one: one layer, and layers that each ponder, read [x, h] as before', () => {
    const kernelShapes = (layers: number, ponderMode: 'stack' | 'layer', adaptThread = true) => {
      const model = new ActModel({ cell: 'alstm', cellOptions: { adaptSize: A, adaptThread }, inputSize: IN, hidden: H, layers, halting: 'act', ponderMode, head: { kind: 'sigmoid', units: 1 } }, new Rng(1));
      const shapes = model.variables.filter(({ name }) => name.endsWith('adapt/input_kernel')).map(({ variable }) => variable.shape);
      model.dispose();
      return shapes;
    };
    // ACT's flag widens layer 0's input (IN + 1), and each pondering layer's.
    expect(kernelShapes(1, 'stack')).toEqual([[IN + 1 + H, 4 * A]]);
    expect(kernelShapes(2, 'stack')).toEqual([[IN + 1 + H + A, 4 * A], [H + H + A, 4 * A]]);
    expect(kernelShapes(2, 'layer')).toEqual([[IN + 1 + H, 4 * A], [H + 1 + H, 4 * A]]);
    // adaptThread = 0 (links and saved runs of schema version 1): each layer keeps its own z.
    expect(kernelShapes(2, 'stack', false)).toEqual([[IN + 1 + H, 4 * A], [H + H, 4 * A]]);
    // The cost model counts the same weights as the models it describes.
    for (const layers of [1, 2]) {
      const spec = { cell: 'alstm', cellOptions: { adaptSize: A, adaptThread: true }, inputSize: IN, hidden: H, layers, halting: 'none', ponderMode: 'stack', head: { kind: 'sigmoid', units: 1 } } as const;
      const model = new ActModel(spec, new Rng(1));
      expect(estimateResources(spec, { batch: 1, sequenceSteps: 1, maxUpdates: 1 }).parameters).toBe(model.variables.reduce((n, { variable }) => n + variable.size, 0));
      model.dispose();
    }
  });

  it('starts as the reference: W and U orthogonal as whole matrices, forget bias 1, policy weights within ±1/√n_a', () => {
    const cell = alstmCell(new Rng(5), 'p', 5, 4, 16);
    const get = (suffix: string) => cell.variables.find(({ name }) => name === `p/${suffix}`)!.variable;
    for (const [name, shape] of [['input_kernel', [5, 16]], ['recurrent_kernel', [4, 16]]] as const) {
      const kernel = get(name);
      expect(kernel.shape).toEqual(shape);
      // [n, 4n_h] with n ≤ 4n_h: its n rows are orthonormal, so kernel·kernelᵀ = I.
      const gram = rows(tf.tidy(() => tf.matMul(kernel, kernel, false, true)));
      gram.forEach((row, i) => row.forEach((value, j) => expect(value).toBeCloseTo(i === j ? 1 : 0, 5)));
    }
    expect([...get('bias').dataSync()]).toEqual([0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
    const policy = [...get('policy_kernel').dataSync()];
    expect(get('policy_kernel').shape).toEqual([16, 5 + 13 * 4]);
    expect(Math.max(...policy.map(Math.abs))).toBeLessThanOrEqual(0.25);
    cell.variables.forEach(({ variable }) => variable.dispose());
  });

  it('orthogonal() makes the shorter side orthonormal in both orientations and is seeded', () => {
    for (const [r, c] of [[3, 7], [7, 3]]) {
      const m = tf.tensor2d(orthogonal(new Rng(1), r, c), [r, c]);
      const gram = rows(r <= c ? tf.matMul(m, m, false, true) : tf.matMul(m, m, true, false));
      gram.forEach((row, i) => row.forEach((value, j) => expect(value).toBeCloseTo(i === j ? 1 : 0, 5)));
    }
    expect(orthogonal(new Rng(1), 3, 7)).toEqual(orthogonal(new Rng(1), 3, 7));
    expect(orthogonal(new Rng(1), 3, 7)).not.toEqual(orthogonal(new Rng(2), 3, 7));
  });

  it('shows h, c, z, c_z as state views and the policy π as a derived view, per layer in a stack', () => {
    const model = new ActModel({ cell: 'alstm', cellOptions: { adaptSize: A, adaptThread: true }, inputSize: IN, hidden: H, layers: 2, halting: 'none', ponderMode: 'stack', head: { kind: 'sigmoid', units: 1 } }, new Rng(1));
    const cell = alstmCell(new Rng(1), 'x', IN, H, A);
    expect(cell.views.map((v) => [v.name, v.state, v.cols])).toEqual([['h', 0, H], ['c', 1, H], ['z', 2, A], ['cz', 3, A]]);
    const policy = tf.tidy(() => cell.derivedViews![0].compute([tf.zeros([2, H]), tf.zeros([2, H]), tf.ones([2, A]), tf.zeros([2, A])]).shape);
    expect(policy).toEqual([2, IN + 13 * H]);
    cell.variables.forEach(({ variable }) => variable.dispose());
    model.dispose();
  });
});

describe('aLSTM gradients match finite differences of L + τ·P', () => {
  const cases = [
    { act: false, layers: 1, maxSteps: 1 },
    { act: true, layers: 1, maxSteps: 4, entriesPerWeight: 40 },
    // A stack threads z between its layers and from the top back to the bottom.
    { act: false, layers: 2, maxSteps: 1, entriesPerWeight: 40 },
    { act: true, layers: 2, maxSteps: 4, entriesPerWeight: 12 },
  ];
  for (const { act, layers, maxSteps, entriesPerWeight } of cases) {
    it(`${act ? 'with' : 'without'} ACT, ${layers} layer(s)${entriesPerWeight ? `, ${entriesPerWeight} entries of every weight` : ''}`, () => {
      const result = checkGradients({ cell: 'alstm', cellOptions: { adaptSize: 3, adaptThread: true }, layers, halting: act ? 'act' : 'none', ponderMode: 'stack', head: { kind: 'softmax', groups: 1, classes: 3 }, maxSteps, entriesPerWeight });
      expect(result.mismatches).toEqual([]);
      expect(result.compared).toBeGreaterThan(4 * result.skipped);
      if (act) expect(result.distinctSteps).toBeGreaterThan(1);
      // Finite differences over every entry of every weight took 135 s for the 2-layer ACT case in CI: sampled.
    }, 300_000 * layers * (act ? 2 : 1));
  }
});

describe('aLSTM training', () => {
  it('keeps the number of tensors constant over training steps, with and without ACT', async () => {
    for (const text of ['task=parity&bits=4&cell=alstm&hidden=6&adaptSize=4&batch=4&act=1', 'task=parity&bits=4&cell=alstm&hidden=6&adaptSize=4&batch=4&act=0&layers=2']) {
      const { config, problems } = parseConfig(text);
      expect(problems).toEqual([]);
      const trainer = createTrainer(config);
      await trainer.step();
      const before = tf.memory().numTensors;
      for (let i = 0; i < 5; i++) await trainer.step();
      expect(tf.memory().numTensors).toBe(before);
      trainer.dispose();
    }
  });
});
