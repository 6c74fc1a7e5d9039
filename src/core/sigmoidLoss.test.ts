import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { initBackend } from './backend';
import { describeOnKernelBackends } from './jsKernel.testing';
import { Rng } from './random';
import { composedSigmoidCrossEntropyRows, sigmoidCrossEntropyRows } from './sigmoidLoss';

/** The loss by its definition, −y log σ(z) − (1 − y) log(1 − σ(z)) summed per row, in float64 on plain arrays. */
function reference(z: number[], y: number[], units: number): number[] {
  const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
  return Array.from({ length: z.length / units }, (_, row) => {
    let sum = 0;
    for (let k = row * units; k < (row + 1) * units; k++) sum -= y[k] * Math.log(sigmoid(z[k])) + (1 - y[k]) * Math.log(1 - sigmoid(z[k]));
    return sum;
  });
}

describeOnKernelBackends('the sigmoid head’s loss as one kernel on %s', (backend) => {
  it('is binary cross-entropy with logits summed per row, and its gradient σ(z) − y, in one kernel each way', async () => {
    await initBackend(backend);
    const rng = new Rng(13);
    const [rows, units] = [7, 5];
    const z = Array.from({ length: rows * units }, () => (rng.next() - 0.5) * 12);
    const y = Array.from({ length: rows * units }, () => (rng.bool() ? 1 : 0));
    const [logits, targets] = [tf.tensor2d(z, [rows, units]), tf.tensor2d(y, [rows, units])];
    const weights = tf.tensor1d(Array.from({ length: rows }, () => rng.normal()));
    const lossWith = (rowLoss: typeof sigmoidCrossEntropyRows) => (input: tf.Tensor) => tf.sum(tf.mul(rowLoss(input as tf.Tensor2D, targets), weights));
    const got = await sigmoidCrossEntropyRows(logits, targets).data();
    reference(z, y, units).forEach((value, row) => expect(got[row]).toBeCloseTo(value, 4));
    const ops = await composedSigmoidCrossEntropyRows(logits, targets).data();
    got.forEach((value, row) => expect(Math.abs(value - ops[row])).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(ops[row]))));
    const [fusedGradient, opsGradient] = [await tf.grad(lossWith(sigmoidCrossEntropyRows))(logits).data(), await tf.grad(lossWith(composedSigmoidCrossEntropyRows))(logits).data()];
    const w = await weights.data();
    fusedGradient.forEach((value, k) => {
      const row = Math.floor(k / units);
      expect(value).toBeCloseTo(w[row] * (1 / (1 + Math.exp(-z[k])) - y[k]), 6);
      expect(Math.abs(value - opsGradient[k])).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(opsGradient[k])));
    });
    const kernels = (await tf.profile(() => tf.dispose(tf.grad(lossWith(sigmoidCrossEntropyRows))(logits)))).kernels.map((kernel) => kernel.name);
    expect(kernels).toContain('SigmoidCrossEntropyRowsGrad');
    expect(kernels).not.toContain('Log1p');
    tf.dispose([logits, targets, weights]);
  });
});

describe('the sigmoid head’s loss elsewhere', () => {
  it('composes TF.js’s ops where the kernel is missing (the GPU backends)', () => {
    for (const backend of ['webgl', 'webgpu']) expect(tf.getKernel('SigmoidCrossEntropyRows', backend)).toBeUndefined();
  });
});
