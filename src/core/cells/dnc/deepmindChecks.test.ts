/**
 * The checks deepmind's addressing and access tests make (memory.md, "What deepmind's tests check"), on this
 * engine's pieces: cosine weights, zero memory rows, links, precedence, usage, allocation, write weights,
 * sharp content reads, and numeric gradients of the allocation.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../random';
import { contentWeights } from './addressing';
import { softmaxAllocation, sortAllocation, updateUsage } from './allocation';
import { dncPlugin } from './dnc';
import { directionalWeights, updateLinks, updatePrecedence } from './links';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const uniform = (rng: Rng, shape: number[], lo = 0, hi = 1) => Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.uniform(lo, hi));
const oneHot = (n: number, i: number) => Array.from({ length: n }, (_, k) => (k === i ? 1 : 0));
const argmax = (values: number[]) => values.indexOf(Math.max(...values));
const argmin = (values: number[]) => values.indexOf(Math.min(...values));
/** Rows w / (Σ w + 1): random weightings that sum to less than 1, as deepmind's tests draw them. */
const subNormalised = (rows: number[][]) => rows.map((row) => row.map((x) => x / (row.reduce((a, b) => a + b, 0) + 1)));
const rowsOf = (rng: Rng, rows: number, cols: number) => Array.from({ length: rows }, () => uniform(rng, [cols]));

describe('content weights', () => {
  it('match a plain cosine softmax with softplus strengths (atol 1e-4)', () => {
    const rng = new Rng(1);
    const [B, K, N] = [5, 4, 10];
    const memory = Array.from({ length: B }, () => Array.from({ length: N }, () => [rng.normal(), rng.normal()]));
    const keys = Array.from({ length: B }, () => Array.from({ length: K }, () => [rng.normal(), rng.normal()]));
    memory[0].splice(0, 3, [1, 2], [3, 4], [5, 6]);
    keys[0].splice(0, 4, [5, 6], [1, 2], [5, 6], [3, 4]);
    const strengths = Array.from({ length: B }, () => Array.from({ length: K }, () => rng.normal()));
    const softplus = strengths.map((row) => row.map((s) => Math.log1p(Math.exp(s))));
    const result = tf.tidy(() => contentWeights(tf.tensor3d(memory), tf.tensor3d(keys), tf.tensor2d(softplus)).arraySync());
    const norm = (v: number[]) => Math.hypot(...v);
    for (let b = 0; b < B; b++) {
      for (let k = 0; k < K; k++) {
        const key = keys[b][k];
        const exps = memory[b].map((row) => Math.exp(softplus[b][k] * (row[0] * key[0] + row[1] * key[1]) / (norm(key) * norm(row))));
        const total = exps.reduce((a, e) => a + e, 0);
        exps.forEach((e, n) => expect(Math.abs(result[b][k][n] - e / total)).toBeLessThan(1e-4));
      }
    }
  });

  it('give no NaN with zero memory rows, in the weights or their gradients', () => {
    const rng = new Rng(2);
    const [B, K, N, W] = [5, 4, 10, 2];
    const memory = tf.concat([tf.ones([B, 1, W]), tf.zeros([B, N - 1, W])], 1) as tf.Tensor3D;
    const keys = tf.tensor3d(uniform(rng, [B, K, W], -1, 1), [B, K, W]);
    const strengths = tf.tensor2d(uniform(rng, [B, K], 0, 3), [B, K]);
    const f = (m: tf.Tensor, k: tf.Tensor, s: tf.Tensor) => tf.sum(tf.mul(contentWeights(m as tf.Tensor3D, k as tf.Tensor3D, s as tf.Tensor2D), tf.range(0, N)));
    const output = contentWeights(memory, keys, strengths);
    const gradients = tf.grads(f)([memory, keys, strengths]);
    for (const tensor of [output, ...gradients]) expect(tf.any(tf.isNaN(tensor)).dataSync()[0]).toBe(0);
    // An all-zero memory gives uniform weights and finite gradients too.
    const zeroGradients = tf.grads(f)([tf.zeros([B, N, W]), keys, strengths]);
    for (const tensor of zeroGradients) expect(tf.all(tf.isFinite(tensor)).dataSync()[0]).toBe(1);
    tf.dispose([memory, keys, strengths, output, ...gradients, ...zeroGradients]);
  });

  it('give a one-hot on the row a key equals, with strength 100', () => {
    const rng = new Rng(3);
    const [N, W] = [8, 5];
    const memory = Array.from({ length: N }, () => uniform(rng, [W], -1, 1));
    const weights = tf.tidy(() => contentWeights(tf.tensor3d([memory]), tf.tensor3d([[memory[5]]]), tf.tensor2d([[100]])).arraySync()[0][0]);
    weights.forEach((w, n) => expect(w).toBeCloseTo(n === 5 ? 1 : 0, 3));
  });
});

describe('temporal links', () => {
  const [B, N] = [7, 4];
  /** Five random steps; row 0 writes slot 0 fully at the fourth and slot 1 fully at the fifth. */
  function run(): { links: number[][][]; precedence: tf.Tensor2D; linkTensor: tf.Tensor3D } {
    const rng = new Rng(4);
    let links = tf.zeros([B, N, N]) as tf.Tensor3D;
    let precedence = tf.zeros([B, N]) as tf.Tensor2D;
    for (let step = 0; step < 5; step++) {
      const write = subNormalised(rowsOf(rng, B, N));
      if (step === 3) write[0] = oneHot(N, 0);
      if (step === 4) write[0] = oneHot(N, 1);
      const w = tf.tensor2d(write);
      [links, precedence] = tf.tidy(() => [updateLinks(links, precedence, w), updatePrecedence(precedence, w)]);
    }
    return { links: links.arraySync(), precedence, linkTensor: links };
  }

  it('stay in [0, 1] with a zero diagonal and row and column sums ≤ 1, and record 0 → 1', () => {
    const { links } = run();
    for (const matrix of links) {
      matrix.forEach((row, i) => {
        expect(row[i]).toBe(0);
        for (const value of row) expect(value).toBeGreaterThanOrEqual(0);
        expect(row.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(1);
        expect(matrix.reduce((a, r) => a + r[i], 0)).toBeLessThanOrEqual(1);
      });
    }
    expect(links[0].map((row) => row[0])).toEqual(oneHot(N, 1));
    expect(links[0][1][0]).toBe(1);
  });

  it('read forward from slot 0 to slot 1 and backward from slot 1 to slot 0', () => {
    const { linkTensor } = run();
    const rng = new Rng(5);
    const previous = Array.from({ length: B }, () => rowsOf(rng, 2, N));
    previous[0] = [oneHot(N, 0), oneHot(N, 1)];
    const { forward, backward } = directionalWeights(linkTensor, tf.tensor3d(previous));
    expect(forward.arraySync()[0][0]).toEqual(oneHot(N, 1));
    expect(backward.arraySync()[0][1]).toEqual(oneHot(N, 0));
  });
});

describe('precedence', () => {
  it('is unchanged without a write, replaced by a full write, and stays in [0, 1]', () => {
    const rng = new Rng(6);
    const [B, N] = [7, 3];
    const previous = subNormalised(rowsOf(rng, B, N));
    const write = subNormalised(rowsOf(rng, B, N));
    write[0] = [0, 0, 0];
    const total = write[1].reduce((a, b) => a + b, 0);
    write[1] = write[1].map((x) => x / total);
    const result = tf.tidy(() => updatePrecedence(tf.tensor2d(previous), tf.tensor2d(write)).arraySync());
    result[0].forEach((p, i) => expect(p).toBeCloseTo(previous[0][i], 6));
    result[1].forEach((p, i) => expect(p).toBeCloseTo(write[1][i], 6));
    for (const p of result.flat()) expect(p >= 0 && p <= 1).toBe(true);
  });
});

describe('usage', () => {
  it('stays in [0, 1]; a full write gives exactly 1, a full free of a full read exactly 0', () => {
    const rng = new Rng(7);
    const [B, N, R] = [5, 11, 3];
    const freeGates = rowsOf(rng, B, R);
    const read = Array.from({ length: B }, () => rowsOf(rng, R, N));
    read[1].forEach((head) => (head[3] = 0)); // no read at batch 1, slot 3
    const normalisedRead = read.map((heads) => heads.map((head) => head.map((x) => x / head.reduce((a, b) => a + b, 0))));
    const write = rowsOf(rng, B, N).map((row) => row.map((x) => x / row.reduce((a, b) => a + b, 0)));
    write[1][3] = 1; // full write at batch 1, slot 3
    normalisedRead[2][0][4] = 1; // full read at batch 2, head 0, slot 4 …
    freeGates[2][0] = 1; // … fully freed
    const usage = tf.tidy(() => updateUsage(tf.tensor2d(rowsOf(rng, B, N)), tf.tensor2d(write), tf.tensor3d(normalisedRead), tf.tensor2d(freeGates)).arraySync());
    for (const u of usage.flat()) expect(u >= 0 && u <= 1).toBe(true);
    expect(usage[1][3]).toBe(1);
    expect(usage[2][4]).toBe(0);
  });
});

describe('allocation', () => {
  it('sort: the least used slot gets the most, the most used the least; sums to ≈ 1; an unused slot gets ≈ one-hot', () => {
    const rng = new Rng(8);
    const [B, N] = [7, 13];
    const usage = rowsOf(rng, B, N);
    const allocation = tf.tidy(() => sortAllocation(tf.tensor2d(usage)).arraySync());
    usage.forEach((row, b) => {
      expect(argmax(allocation[b])).toBe(argmin(row));
      expect(argmin(allocation[b])).toBe(argmax(row));
      expect(allocation[b].reduce((a, x) => a + x, 0)).toBeCloseTo(1, 2);
    });
    const withFree = usage[1].map((u) => u * 0.9 + 0.1);
    withFree[4] = 0;
    const single = tf.tidy(() => sortAllocation(tf.tensor2d([withFree])).arraySync()[0]);
    single.forEach((a, n) => expect(Math.abs(a - (n === 4 ? 1 : 0))).toBeLessThan(1e-3));
  });

  it('softmax: the least used slot gets the most, the most used the least, and it sums to 1', () => {
    const rng = new Rng(9);
    const usage = rowsOf(rng, 7, 13);
    const allocation = tf.tidy(() => softmaxAllocation(tf.tensor2d(usage)).arraySync());
    usage.forEach((row, b) => {
      expect(argmax(allocation[b])).toBe(argmin(row));
      expect(argmin(allocation[b])).toBe(argmax(row));
      expect(allocation[b].reduce((a, x) => a + x, 0)).toBeCloseTo(1, 5);
    });
  });

  for (const [name, allocate] of [['sort', sortAllocation], ['softmax', softmaxAllocation]] as const) {
    it(`${name}: gradients match finite differences (usage away from ties)`, () => {
      const rng = new Rng(10);
      const [B, N] = [3, 5];
      const usage = rowsOf(rng, B, N);
      const projection = tf.tensor2d(uniform(rng, [B, N], -1, 1), [B, N]);
      const loss = (u: tf.Tensor) => tf.sum(tf.mul(allocate(u as tf.Tensor2D), projection));
      const analytic = tf.grad(loss)(tf.tensor2d(usage)).arraySync() as number[][];
      const delta = 1e-3;
      for (let b = 0; b < B; b++) {
        for (let n = 0; n < N; n++) {
          const at = (d: number) => tf.tidy(() => loss(tf.tensor2d(usage.map((row, i) => row.map((u, k) => (i === b && k === n ? u + d : u))))).dataSync()[0]);
          const numeric = (at(delta) - at(-delta)) / (2 * delta);
          expect(Math.abs(numeric - analytic[b][n]), `d/du[${b}][${n}]`).toBeLessThan(2e-3 + 1e-2 * Math.abs(numeric));
        }
      }
      projection.dispose();
    });
  }
});

describe('the whole cell from the all-zero state', () => {
  it('gives finite outputs and finite gradients for every weight and every state entry it reads', () => {
    const rng = new Rng(12);
    for (const allocation of ['sort', 'softmax'] as const) {
      const cell = dncPlugin.create({ rng, prefix: 'dnc', inputSize: 3, hiddenSize: 4, options: { memSlots: 5, memWidth: 3, readHeads: 2, allocation } });
      const x = tf.tensor2d(uniform(rng, [2, 3], -1, 1), [2, 3]);
      const zeros = cell.stateWidths.map((w) => tf.zeros([2, w]) as tf.Tensor2D);
      // Two steps, so that the second reads a memory with zero rows left by the first.
      const loss = (...read: tf.Tensor[]) => {
        const state = [...read, ...zeros.slice(9)] as tf.Tensor2D[];
        const once = cell.step(cell.projectInput(x), state);
        return tf.sum(tf.square(cell.output(cell.step(cell.projectInput(x), once)))) as tf.Scalar;
      };
      const { value, grads } = tf.variableGrads(() => loss(...zeros.slice(0, 9)), cell.variables.map((v) => v.variable));
      const stateGrads = tf.grads(loss)(zeros.slice(0, 9));
      for (const tensor of [value, ...Object.values(grads), ...stateGrads]) expect(tf.all(tf.isFinite(tensor)).dataSync()[0], allocation).toBe(1);
      tf.dispose([x, value, ...zeros, ...Object.values(grads), ...stateGrads]);
      cell.variables.forEach(({ variable }) => variable.dispose());
    }
  });
});

describe('write weights', () => {
  it('sum to ≈ the write gate when some slot is free (the zero state)', () => {
    const rng = new Rng(11);
    const sizes = { hidden: 6, memSlots: 5, memWidth: 3, readHeads: 2 };
    const cell = dncPlugin.create({ rng, prefix: 'dnc', inputSize: 4, hiddenSize: sizes.hidden, options: { ...sizes, allocation: 'sort' } });
    const variable = (suffix: string) => cell.variables.find((v) => v.name === `dnc/${suffix}`)!.variable;
    variable('interface/bias').assign(tf.tensor1d(uniform(rng, [variable('interface/bias').size], -2, 2)));
    const x = tf.tensor2d(uniform(rng, [3, 4], -1, 1), [3, 4]);
    const state = cell.step(cell.projectInput(x), cell.stateWidths.map((w) => tf.zeros([3, w]) as tf.Tensor2D));
    // The write gate from the interface vector, by its documented offset: R·W + R + W + 1 + W + W + R + 1.
    const gateIndex = 2 * 3 + 2 + 3 + 1 + 3 + 3 + 2 + 1;
    const h = state[0].arraySync();
    const kernelRows = variable('interface/kernel').arraySync() as number[][];
    const bias = variable('interface/bias').arraySync() as number[];
    const writeWeights = state[7].arraySync();
    h.forEach((row, b) => {
      const logit = row.reduce((a, hk, k) => a + hk * kernelRows[k][gateIndex], bias[gateIndex]);
      const gate = 1 / (1 + Math.exp(-logit));
      expect(writeWeights[b].reduce((a, w) => a + w, 0)).toBeCloseTo(gate, 5);
    });
  });
});
