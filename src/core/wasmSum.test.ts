import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from './backend';
import { Rng } from './random';

/** Column sums of x [rows, cols] by their definition: row after row, rounded to float32 at each addition. */
function reference(x: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(cols);
  for (let c = 0; c < cols; c++) {
    let sum = 0;
    for (let r = 0; r < rows; r++) sum = Math.fround(sum + x[r * cols + c]);
    out[c] = sum;
  }
  return out;
}

describe('WASM Sum kernel over leading axes', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });
  afterAll(async () => {
    await initBackend('cpu');
  });

  it('is the one the WASM backend runs', () => {
    expect(String(tf.getKernel('Sum', 'wasm')?.kernelFunc)).toMatch(/addRows/);
  });

  it('sums over the rows in float32, row after row: the reference’s bits, and the backend’s own kernel’s', async () => {
    const rng = new Rng(5);
    for (const [rows, cols] of [[128, 256], [128, 128], [9, 64], [1, 4], [3, 7], [130, 5], [2, 1], [1000, 12]]) {
      // Values of mixed magnitudes, so that the order of the additions shows in the low bits.
      const values = Float32Array.from({ length: rows * cols }, () => rng.normal() * 10 ** Math.floor(rng.uniform(-3, 3)));
      const x = tf.tensor2d(values, [rows, cols]);
      const got = tf.sum(x, 0);
      // The backend's kernel sums innermost axes without transposing: the same additions in the same order.
      const backends = tf.tidy(() => tf.sum(tf.transpose(x), 1));
      expect(got.shape).toEqual([cols]);
      const expected = reference(values, rows, cols);
      expect(await got.data(), `${rows} × ${cols}`).toEqual(expected);
      expect(await backends.data(), `${rows} × ${cols}, the backend's kernel`).toEqual(expected);
      tf.dispose([x, got, backends]);
    }
  });

  it('keeps dimensions when asked, takes several leading axes and negative ones, and leaves other sums alone', async () => {
    const x = tf.tensor3d(Array.from({ length: 24 }, (_, i) => i), [2, 3, 4]);
    const overFirst = tf.sum(x, 0, true);
    expect(overFirst.shape).toEqual([1, 3, 4]);
    expect(Array.from(await overFirst.data())).toEqual(Array.from({ length: 12 }, (_, i) => 2 * i + 12));
    const overTwo = tf.sum(x, [1, -3]);
    expect(overTwo.shape).toEqual([4]);
    expect(Array.from(await overTwo.data())).toEqual([60, 66, 72, 78]);
    expect(Array.from(await tf.sum(x, [0, 1], true).data())).toEqual([60, 66, 72, 78]);
    expect(Array.from(await tf.sum(x, 2).data())).toEqual([6, 22, 38, 54, 70, 86]);
    expect(Array.from(await tf.sum(x, 1).data())).toEqual([12, 15, 18, 21, 48, 51, 54, 57]);
    expect(await tf.sum(x).data()).toEqual(new Float32Array([276]));
    expect(Array.from(await tf.sum(tf.tensor2d([1, 2, 3, 4], [2, 2], 'int32'), 0).data())).toEqual([4, 6]);
  });

  it('keeps the gradient', async () => {
    const x = tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2]);
    const grad = tf.grad((input: tf.Tensor) => tf.sum(tf.mul(tf.sum(input, 0), tf.tensor1d([2, -1]))))(x);
    expect(Array.from(await grad.data())).toEqual([2, -1, 2, -1, 2, -1]);
  });
});
