import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ADD_N_OPERANDS, sumTensors } from './sumTensors';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('sumTensors', () => {
  it('sums any number of tensors, and its gradient reaches every one', () => {
    for (const count of [1, 2, 7, 8, 10, 50, 100]) {
      const values = Array.from({ length: count }, (_, i) => [i + 1, -2 * (i + 1), 0.5 * (i + 1)]);
      const tensors = values.map((row) => tf.tensor1d(row));
      const expected = [0, 1, 2].map((j) => values.reduce((sum, row) => sum + row[j], 0));
      expect(Array.from(sumTensors(tensors).dataSync()), `${count} tensors`).toEqual(expected);
      const gradients = tf.grads((...xs: tf.Tensor[]) => tf.sum(tf.mul(sumTensors(xs), tf.tensor1d([1, 2, 3]))))(tensors);
      gradients.forEach((gradient) => expect(Array.from(gradient.dataSync())).toEqual([1, 2, 3]));
      tf.dispose([...tensors, ...gradients]);
    }
  });

  it('never hands one AddN kernel more operands than a WebGPU shader stage can bind', async () => {
    const tensors = Array.from({ length: 100 }, () => tf.ones([3]));
    const profile = await tf.profile(() => sumTensors(tensors));
    const addNs = profile.kernels.filter((kernel) => kernel.name === 'AddN');
    expect(addNs.length).toBeGreaterThan(1);
    for (const kernel of addNs) expect(kernel.inputShapes.length).toBeLessThanOrEqual(ADD_N_OPERANDS);
    expect(() => sumTensors([])).toThrow(/at least one/);
    tf.dispose(tensors);
  });
});
