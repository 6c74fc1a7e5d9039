import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from './backend';
import { Rng } from './random';

/** xᵀ by its definition, on plain arrays. */
function reference(x: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = x[r * cols + c];
  return out;
}

describe('WASM Transpose kernel for matrices', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });
  afterAll(async () => {
    await initBackend('cpu');
  });

  it('is the one the WASM backend runs', () => {
    expect(String(tf.getKernel('Transpose', 'wasm')?.kernelFunc)).toMatch(/loops\.transpose/);
  });

  it('puts every element in its place, on the 4 × 4 tiles and off them', async () => {
    const rng = new Rng(11);
    for (const [rows, cols] of [[4, 4], [128, 128], [128, 512], [16, 2048], [12, 20], [1, 1], [1, 37], [37, 1], [65, 128], [6, 8], [128, 1]]) {
      const values = Float32Array.from({ length: rows * cols }, () => rng.normal());
      const got = tf.tidy(() => tf.transpose(tf.tensor2d(values, [rows, cols])));
      expect(got.shape).toEqual([cols, rows]);
      expect(await got.data(), `${rows} × ${cols}`).toEqual(reference(values, rows, cols));
      got.dispose();
    }
  });

  it('leaves other ranks, permutations and dtypes to the backend’s kernel, and keeps the gradient', async () => {
    const cube = tf.tensor3d([1, 2, 3, 4, 5, 6, 7, 8], [2, 2, 2]);
    expect(Array.from(await tf.transpose(cube, [2, 0, 1]).data())).toEqual([1, 3, 5, 7, 2, 4, 6, 8]);
    expect(Array.from(await tf.transpose(tf.tensor2d([1, 2, 3, 4, 5, 6, 7, 8], [2, 4], 'int32')).data())).toEqual([1, 5, 2, 6, 3, 7, 4, 8]);
    expect(Array.from(await tf.transpose(tf.tensor2d([1, 2, 3, 4], [2, 2]), [0, 1]).data())).toEqual([1, 2, 3, 4]);
    const x = tf.tensor2d(Array.from({ length: 16 }, (_, i) => i), [4, 4]);
    const weights = tf.tensor2d(Array.from({ length: 16 }, (_, i) => 2 ** (i % 8) * (i < 8 ? 1 : -1)), [4, 4]);
    const grad = tf.grad((input: tf.Tensor) => tf.sum(tf.mul(tf.transpose(input), weights)))(x);
    expect(Array.from(await grad.data())).toEqual(Array.from(reference((await weights.data()) as Float32Array, 4, 4)));
  });
});
