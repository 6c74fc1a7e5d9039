/**
 * The sparse row ops (sparseRows.ts) against plain arrays: values, gradients by finite differences (slots named
 * twice included), the same results on WASM as on CPU, and no input changed in place (the CPU backend's
 * tensorScatterUpdate writes into its input).
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../backend';
import { Rng } from '../../random';
import { gatherRows, scatterRows, writeRows } from './sparseRows';

const [B, N, W] = [2, 5, 3];
// Batch row 0 names slot 1 twice; the LRU slots are 3 and 0.
const SLOTS = [[1, 3, 1], [0, 4, 2]];
const LRU = [3, 0];
const INITIAL = 0.005;

const rng = new Rng(5);
const random = (size: number) => Array.from({ length: size }, () => rng.uniform(-1, 1));
const memory = random(B * N * W);
const write = random(B * N);
const vector = random(B * W);
const visible = random(B * SLOTS[0].length * W);
// Fixed random read-outs make each op a scalar loss.
const readOutRows = random(B * SLOTS[0].length * W);
const readOutMemory = random(B * N * W);

const slotsTensor = () => tf.tensor2d(SLOTS, [B, SLOTS[0].length], 'int32');
const losses = {
  gather: ([m]: tf.Tensor[]) => tf.sum(tf.mul(gatherRows(m as tf.Tensor3D, slotsTensor()), tf.tensor(readOutRows, [B, SLOTS[0].length, W]))),
  scatter: ([v]: tf.Tensor[]) => tf.sum(tf.mul(scatterRows(v as tf.Tensor3D, slotsTensor(), N), tf.tensor(readOutMemory, [B, N, W]))),
  write: ([m, w, v]: tf.Tensor[]) => tf.sum(tf.mul(writeRows(m as tf.Tensor3D, w as tf.Tensor2D, v as tf.Tensor2D, tf.tensor1d(LRU, 'int32'), INITIAL), tf.tensor(readOutMemory, [B, N, W]))),
};
const inputs: Record<keyof typeof losses, { values: number[]; shape: number[] }[]> = {
  gather: [{ values: memory, shape: [B, N, W] }],
  scatter: [{ values: visible, shape: [B, SLOTS[0].length, W] }],
  write: [{ values: memory, shape: [B, N, W] }, { values: write, shape: [B, N] }, { values: vector, shape: [B, W] }],
};

/** Loss and gradients of one op on the current backend, as plain arrays. */
function lossAndGradients(op: keyof typeof losses): { loss: number; grads: number[][] } {
  return tf.tidy(() => {
    const xs = inputs[op].map(({ values, shape }) => tf.tensor(values, shape));
    const { value, grads } = tf.valueAndGrads((...args: tf.Tensor[]) => losses[op](args) as tf.Scalar)(xs);
    return { loss: value.dataSync()[0], grads: grads.map((g) => Array.from(g.dataSync())) };
  });
}

const at = (values: number[], b: number, row: number, rows: number, col: number) => values[(b * rows + row) * W + col];

beforeAll(async () => {
  await tf.setBackend('cpu');
});
afterAll(async () => {
  await tf.setBackend('cpu');
});

describe('sparse row ops', () => {
  it('gather, scatter and write give the plain-array values (a slot named twice: gathered twice, scattered summed)', () => {
    const V = SLOTS[0].length;
    const gathered = tf.tidy(() => Array.from(gatherRows(tf.tensor3d(memory, [B, N, W]), slotsTensor()).dataSync()));
    const scattered = tf.tidy(() => Array.from(scatterRows(tf.tensor3d(visible, [B, V, W]), slotsTensor(), N).dataSync()));
    const written = tf.tidy(() => Array.from(writeRows(tf.tensor3d(memory, [B, N, W]), tf.tensor2d(write, [B, N]), tf.tensor2d(vector, [B, W]), tf.tensor1d(LRU, 'int32'), INITIAL).dataSync()));
    for (let b = 0; b < B; b++) {
      for (let c = 0; c < W; c++) {
        SLOTS[b].forEach((slot, v) => expect(at(gathered, b, v, V, c)).toBeCloseTo(at(memory, b, slot, N, c), 6));
        for (let n = 0; n < N; n++) {
          const sum = SLOTS[b].reduce((total, slot, v) => total + (slot === n ? at(visible, b, v, V, c) : 0), 0);
          expect(at(scattered, b, n, N, c)).toBeCloseTo(sum, 6);
          const erased = n === LRU[b] ? -INITIAL : at(memory, b, n, N, c);
          expect(at(written, b, n, N, c)).toBeCloseTo(erased + write[b * N + n] * vector[b * W + c], 6);
        }
      }
    }
  });

  it.each(Object.keys(losses) as (keyof typeof losses)[])('%s: gradients match central finite differences', (op) => {
    const { grads } = lossAndGradients(op);
    const delta = 1e-2;
    inputs[op].forEach(({ values }, input) => {
      values.forEach((original, i) => {
        const evaluate = (d: number) => {
          values[i] = original + d;
          const loss = lossAndGradients(op).loss;
          values[i] = original;
          return loss;
        };
        const numeric = (evaluate(delta) - evaluate(-delta)) / (2 * delta);
        expect(Math.abs(grads[input][i] - numeric), `${op} input ${input}[${i}]: ${grads[input][i]} vs ${numeric}`).toBeLessThan(1e-3);
      });
    });
  });

  it('the write leaves its inputs and its incoming gradient unchanged (no in-place update on CPU)', () => {
    tf.tidy(() => {
      const m = tf.tensor3d(memory, [B, N, W]);
      const dy = tf.tensor3d(readOutMemory, [B, N, W]);
      const [gradM] = tf.grads((x: tf.Tensor) => writeRows(x as tf.Tensor3D, tf.tensor2d(write, [B, N]), tf.tensor2d(vector, [B, W]), tf.tensor1d(LRU, 'int32'), INITIAL))([m], dy);
      expect(Array.from(m.dataSync())).toEqual(Array.from(Float32Array.from(memory)));
      expect(Array.from(dy.dataSync())).toEqual(Array.from(Float32Array.from(readOutMemory)));
      const g = Array.from(gradM.dataSync());
      for (let b = 0; b < B; b++) for (let c = 0; c < W; c++) expect(at(g, b, LRU[b], N, c)).toBe(0);
    });
  });

  it('WASM gives the CPU backend\'s values and gradients', async () => {
    const ops = Object.keys(losses) as (keyof typeof losses)[];
    const cpu = ops.map(lossAndGradients);
    await initBackend('wasm');
    const wasm = ops.map(lossAndGradients);
    ops.forEach((op, k) => {
      expect(wasm[k].loss, op).toBeCloseTo(cpu[k].loss, 5);
      wasm[k].grads.flat().forEach((g, i) => expect(Math.abs(g - cpu[k].grads.flat()[i]), `${op} gradient ${i}`).toBeLessThan(1e-5));
    });
  });
});
