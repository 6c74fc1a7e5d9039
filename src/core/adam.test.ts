import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Adam } from './adam';
import { globalNorm } from './globalNorm';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Plain-array Adam with decoupled weight decay on matrices (the reference the TF.js version is checked against). */
function referenceSteps(start: number[], gradients: number[][], lr: number, weightDecay: number, isMatrix: boolean): number[] {
  const [beta1, beta2, epsilon] = [0.9, 0.999, 1e-8];
  const weights = [...start];
  const first = weights.map(() => 0);
  const second = weights.map(() => 0);
  gradients.forEach((gradient, k) => {
    const t = k + 1;
    const step = lr * Math.sqrt(1 - beta2 ** t) / (1 - beta1 ** t);
    weights.forEach((weight, i) => {
      first[i] = beta1 * first[i] + (1 - beta1) * gradient[i];
      second[i] = beta2 * second[i] + (1 - beta2) * gradient[i] ** 2;
      const decayed = isMatrix ? weight * (1 - lr * weightDecay) : weight;
      weights[i] = decayed - step * first[i] / (Math.sqrt(second[i]) + epsilon);
    });
  });
  return weights;
}

describe('Adam', () => {
  it('decays weight matrices (not bias vectors) by lr · weightDecay per step, outside the moments, value by value', () => {
    const matrixStart = [0.5, -1.2, 2.0, 0.3];
    const biasStart = [0.7, -0.4];
    const matrix = tf.variable(tf.tensor2d(matrixStart, [2, 2]));
    const bias = tf.variable(tf.tensor1d(biasStart));
    const matrixGradients = [[0.1, -0.2, 0.3, 0.05], [-0.3, 0.1, 0.0, 0.2], [0.2, 0.2, -0.1, -0.4]];
    const biasGradients = [[0.5, -0.1], [0.2, 0.3], [-0.6, 0.05]];
    const [lr, weightDecay] = [0.05, 0.3];
    const adam = new Adam([matrix, bias], lr);
    for (let k = 0; k < 3; k++) {
      const gradients = [tf.tensor2d(matrixGradients[k], [2, 2]), tf.tensor1d(biasGradients[k])];
      const norm = globalNorm(gradients);
      adam.apply(gradients, norm, 0, weightDecay);
      tf.dispose([...gradients, norm]);
    }
    const close = (actual: Float32Array | number[], expected: number[]) => expected.forEach((value, i) => expect(actual[i]).toBeCloseTo(value, 5));
    close(matrix.dataSync() as Float32Array, referenceSteps(matrixStart, matrixGradients, lr, weightDecay, true));
    close(bias.dataSync() as Float32Array, referenceSteps(biasStart, biasGradients, lr, weightDecay, false));
    // The decay changed the matrix: without it the same steps end elsewhere.
    const undecayed = referenceSteps(matrixStart, matrixGradients, lr, 0, true);
    expect(Math.abs(matrix.dataSync()[2] - undecayed[2])).toBeGreaterThan(0.01);
    adam.dispose();
    tf.dispose([matrix, bias]);
  });

  it('with zero gradients shrinks a matrix by exactly (1 − lr · weightDecay) per step', () => {
    const matrix = tf.variable(tf.tensor2d([1, -2, 3, 4], [2, 2]));
    const adam = new Adam([matrix], 0.1);
    const gradient = tf.zeros([2, 2]);
    const norm = globalNorm([gradient]);
    adam.apply([gradient], norm, 10, 0.5);
    adam.apply([gradient], norm, 10, 0.5);
    expect([...matrix.dataSync()].map((value) => +value.toFixed(5))).toEqual([1, -2, 3, 4].map((value) => +(value * 0.95 * 0.95).toFixed(5)));
    adam.dispose();
    tf.dispose([matrix, gradient, norm]);
  });
});
