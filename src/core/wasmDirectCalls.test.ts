import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from './backend';
import { Rng } from './random';

/** a·b by its definition, on plain arrays in float64 (a [rows, inner], b [inner, cols]). */
function product(a: Float32Array, b: Float32Array, rows: number, inner: number, cols: number): Float64Array {
  const out = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) {
    let sum = 0;
    for (let k = 0; k < inner; k++) sum += a[r * inner + k] * b[k * cols + c];
    out[r * cols + c] = sum;
  }
  return out;
}

/** The elementwise ops by definition, in float32 (each is correctly rounded, so these are their exact results). */
const ELEMENTWISE: Record<'add' | 'sub' | 'mul' | 'div' | 'maximum' | 'minimum' | 'greater' | 'notEqual', (x: number, y: number) => number> = {
  add: (x, y) => Math.fround(x + y),
  sub: (x, y) => Math.fround(x - y),
  mul: (x, y) => Math.fround(x * y),
  div: (x, y) => Math.fround(x / y),
  maximum: Math.max,
  minimum: Math.min,
  greater: (x, y) => Number(x > y),
  notEqual: (x, y) => Number(x !== y),
};

describe('WASM binary and matMul kernels called directly', () => {
  const rng = new Rng(5);
  // Multiples of 1/4 shifted by 1/8: ties and equal pairs occur, zeros (whose sign max and min may pick) do not.
  const values = (count: number) => Float32Array.from({ length: count }, () => Math.round(rng.normal() * 8) / 4 + 0.125);

  beforeAll(async () => {
    await initBackend('wasm');
  });
  afterAll(async () => {
    await initBackend('cpu');
  });

  it('are the ones the WASM backend runs', () => {
    for (const name of ['Add', 'Multiply', 'NotEqual', 'BatchMatMul']) {
      expect(String(tf.getKernel(name, 'wasm')?.kernelFunc), name).toMatch(/writeShapes/);
    }
  });

  it('compute each elementwise op exactly, with and without broadcasting', async () => {
    for (const [aShape, bShape] of [[[16, 128], [16, 128]], [[16, 512], [1, 512]], [[1, 5], [7, 5]], [[256, 1], [256, 1]], [[16], [1]], [[], [3, 2]], [[2, 3, 4], [3, 1]]]) {
      const [a, b] = [aShape, bShape].map((shape) => values(shape.reduce((n, side) => n * side, 1)));
      for (const [op, exact] of Object.entries(ELEMENTWISE) as [keyof typeof ELEMENTWISE, (x: number, y: number) => number][]) {
        const got = tf.tidy(() => (tf[op] as (x: tf.Tensor, y: tf.Tensor) => tf.Tensor)(tf.tensor(a, aShape), tf.tensor(b, bShape)));
        const shape = tf.backend_util.assertAndGetBroadcastShape(aShape, bShape);
        expect(got.shape, `${op} ${aShape} ${bShape}`).toEqual(shape);
        const expected = tf.tidy(() => {
          // Broadcast by TF.js's own indexing: the operands tiled to the output's shape.
          const [wideA, wideB] = [tf.broadcastTo(tf.tensor(a, aShape), shape), tf.broadcastTo(tf.tensor(b, bShape), shape)].map((t) => t.dataSync());
          return Array.from(wideA, (x, i) => exact(x, wideB[i]));
        });
        expect(Array.from(await got.data()), `${op} ${aShape} ${bShape}`).toEqual(expected);
        got.dispose();
      }
    }
    expect(Array.from(await tf.add(tf.tensor1d([1, 2], 'int32'), tf.tensor1d([3, 2 ** 30], 'int32')).data())).toEqual([4, 2 ** 30 + 2]);
    expect(tf.greater(tf.tensor1d([1, 2], 'int32'), tf.tensor1d([3, 1], 'int32')).dtype).toBe('bool');
  });

  it('multiply matrices as the backend’s own batched kernel does, bit for bit, with either operand transposed', async () => {
    for (const [rows, inner, cols] of [[16, 128, 512], [128, 16, 512], [16, 2, 4], [1, 1, 1], [3, 7, 5]]) {
      const [a, b] = [values(rows * inner), values(inner * cols)];
      const reference = product(a, b, rows, inner, cols);
      for (const [transposeA, transposeB] of [[false, false], [true, false], [false, true], [true, true]]) {
        const [direct, batched] = tf.tidy(() => {
          const left = transposeA ? tf.transpose(tf.tensor2d(a, [rows, inner])) : tf.tensor2d(a, [rows, inner]);
          const right = transposeB ? tf.transpose(tf.tensor2d(b, [inner, cols])) : tf.tensor2d(b, [inner, cols]);
          // Rank 3 goes to TF.js's own wrapper: the same compiled GEMM must give the same bits.
          const own = tf.matMul(left.expandDims(0), right.expandDims(0), transposeA, transposeB).squeeze([0]);
          return [tf.matMul(left as tf.Tensor2D, right as tf.Tensor2D, transposeA, transposeB), own];
        });
        const label = `${rows}×${inner}×${cols} ${transposeA} ${transposeB}`;
        expect(direct.shape, label).toEqual([rows, cols]);
        const got = (await direct.data()) as Float32Array;
        expect(got, label).toEqual(await batched.data());
        const worst = Math.max(...Array.from(got, (value, i) => Math.abs(value - reference[i]) / (1 + Math.abs(reference[i]))));
        expect(worst, label).toBeLessThan(1e-5);
        tf.dispose([direct, batched]);
      }
    }
  });

  it('keep the gradients', async () => {
    const x = tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3]);
    const w = tf.tensor2d([1, -1, 2, 0.5, 0, 3], [3, 2]);
    const [dx, dw] = tf.grads((input: tf.Tensor, weights: tf.Tensor) => tf.sum(tf.mul(tf.matMul(input as tf.Tensor2D, weights as tf.Tensor2D), tf.tensor2d([1, 2, 3, 4], [2, 2]))))([x, w]);
    expect(Array.from(await dx.data())).toEqual([-1, 3, 6, -1, 8, 12]);
    expect(Array.from(await dw.data())).toEqual([13, 18, 17, 24, 21, 30]);
  });
});
