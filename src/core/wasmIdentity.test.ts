import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from './backend';
import { Rng } from './random';

/** A function whose gradient needs saved inputs and outputs (matMul, sigmoid, tanh, multiply: all cloned). */
function gatedLoss(x: tf.Tensor2D, w: tf.Tensor2D): tf.Scalar {
  const gates = tf.matMul(x, w);
  return tf.sum(tf.mul(tf.sigmoid(gates), tf.tanh(gates)));
}

function gradients(values: { x: number[][]; w: number[][] }): number[][][] {
  return tf.tidy(() => {
    const [dx, dw] = tf.grads((x: tf.Tensor, w: tf.Tensor) => gatedLoss(x as tf.Tensor2D, w as tf.Tensor2D))(
      [tf.tensor2d(values.x), tf.tensor2d(values.w)]);
    return [dx.arraySync() as number[][], dw.arraySync() as number[][]];
  });
}

/** How many data buffers the backend holds (tf.memory() counts tensors, several of which may share one). */
const dataIds = () => (tf.backend() as unknown as { numDataIds(): number }).numDataIds();

describe('WASM Identity kernel (shares the data, as the CPU backend does)', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  it('is the one the WASM backend runs', () => {
    expect(tf.getBackend()).toBe('wasm');
    expect(String(tf.getKernel('Identity', 'wasm')?.kernelFunc)).toMatch(/incRef/);
  });

  it('gives a clone that outlives its original, and frees the data when the last one goes', () => {
    const idsBefore = dataIds();
    const original = tf.tensor2d([[1, -2, 3], [4, 5, -6]]);
    const copy = tf.clone(original);
    expect(dataIds()).toBe(idsBefore + 1);
    original.dispose();
    expect(copy.arraySync()).toEqual([[1, -2, 3], [4, 5, -6]]);
    copy.dispose();
    expect(dataIds()).toBe(idsBefore);
  });

  it('keeps gradients the CPU backend computes, and leaks nothing over many backward passes', async () => {
    const rng = new Rng(3);
    const matrix = (rows: number, cols: number) => Array.from({ length: rows }, () => Array.from({ length: cols }, () => rng.next() * 2 - 1));
    const values = { x: matrix(4, 5), w: matrix(5, 6) };
    const onWasm = gradients(values);
    const tensorsBefore = tf.memory().numTensors;
    const idsBefore = dataIds();
    for (let i = 0; i < 20; i++) gradients(values);
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    expect(dataIds()).toBe(idsBefore);
    await tf.setBackend('cpu');
    const onCpu = gradients(values);
    await tf.setBackend('wasm');
    onWasm.forEach((grad, g) => grad.forEach((row, r) => row.forEach((v, c) => expect(v).toBeCloseTo(onCpu[g][r][c], 5))));
  });
});
