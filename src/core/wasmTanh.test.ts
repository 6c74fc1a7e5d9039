import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from './backend';
import { Rng } from './random';

describe('WASM Tanh kernel (2σ(2x) − 1 on the backend’s Sigmoid)', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  it('is the one the WASM backend runs', () => {
    expect(tf.getBackend()).toBe('wasm');
    expect(String(tf.getKernel('Tanh', 'wasm')?.kernelFunc)).toMatch(/doubled/);
  });

  it('matches Math.tanh within float32 rounding, from tiny values to saturation, and keeps NaN and ±Infinity', () => {
    const rng = new Rng(7);
    const values = [0, -0, 1e-30, -1e-8, 1e-4, 0.5, -3, 9, -9, 20, -20, 50, -88, 100, Infinity, -Infinity, NaN];
    for (let i = 0; i < 4000; i++) values.push((rng.next() - 0.5) * 12);
    const got = tf.tidy(() => tf.tanh(tf.tensor1d(values)).dataSync());
    values.forEach((x, i) => {
      if (Number.isNaN(x)) return expect(got[i]).toBeNaN();
      expect(Math.abs(got[i] - Math.tanh(x)), `tanh(${x})`).toBeLessThanOrEqual(2.5e-7);
    });
  });

  it('has TF.js’s Tanh gradient, 1 − tanh², and works on any shape', () => {
    const x = tf.tensor2d([[-2, -0.5, 0], [0.25, 1, 3]]);
    const grad = tf.grad((input: tf.Tensor) => tf.sum(tf.tanh(input)))(x);
    const expected = x.arraySync().map((row) => row.map((v) => 1 - Math.tanh(v) ** 2));
    (grad.arraySync() as number[][]).forEach((row, r) => row.forEach((g, c) => expect(g).toBeCloseTo(expected[r][c], 6)));
    expect(tf.tanh(x).shape).toEqual([2, 3]);
    tf.dispose([x, grad]);
  });
});
