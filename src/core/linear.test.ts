import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { initBackend } from './backend';
import { describeOnKernelBackends } from './jsKernel.testing';
import { matMulKernel, withKernelTransposes } from './linear';
import { Rng } from './random';

function matrix(rng: Rng, rows: number, cols: number): tf.Tensor2D {
  return tf.tensor2d(Array.from({ length: rows * cols }, () => rng.normal()), [rows, cols]);
}

/** Kernel calls of one run, by kernel name. */
async function kernelCalls(run: () => void): Promise<Map<string, number>> {
  const info = await tf.profile(run);
  const calls = new Map<string, number>();
  for (const kernel of info.kernels) calls.set(kernel.name, (calls.get(kernel.name) ?? 0) + 1);
  return calls;
}

describeOnKernelBackends('matMulKernel on %s', (backend) => {
  it('gives the gradients of tf.matMul where one activation feeds two kernels, and its reshape a third', async () => {
    await initBackend(backend);
    const rng = new Rng(3);
    const [x, first, second, third, w] = [matrix(rng, 4, 6), matrix(rng, 6, 5), matrix(rng, 6, 3), matrix(rng, 4, 2), matrix(rng, 5, 1)];
    // x·A and x·B read the same x; reshape(x) [6, 4] shares x's data but needs its own transpose.
    const loss = (product: (a: tf.Tensor2D, b: tf.Tensor2D) => tf.Tensor2D) => (...[xs, a, b, c]: tf.Tensor[]) =>
      tf.add(tf.add(tf.sum(tf.tanh(product(product(xs as tf.Tensor2D, a as tf.Tensor2D), w))), tf.sum(tf.square(product(xs as tf.Tensor2D, b as tf.Tensor2D)))), tf.sum(tf.sin(product(tf.reshape(xs, [6, 4]), c as tf.Tensor2D)))) as tf.Scalar;
    const ours = withKernelTransposes(() => tf.grads(loss(matMulKernel))([x, first, second, third]));
    const reference = tf.grads(loss((a, b) => tf.matMul(a, b)))([x, first, second, third]);
    for (let i = 0; i < ours.length; i++) expect(Array.from(await ours[i].data())).toEqual(Array.from(await reference[i].data()).map((value) => expect.closeTo(value, 5)));
  });

  it('transposes an activation once for all the kernels that read it', async () => {
    await initBackend(backend);
    const rng = new Rng(4);
    const [x, a, b] = [matrix(rng, 4, 6), matrix(rng, 6, 5), matrix(rng, 6, 3)];
    const twoKernels = tf.grads((...[p, q]: tf.Tensor[]) => tf.add(tf.sum(matMulKernel(x, p)), tf.sum(matMulKernel(x, q))) as tf.Scalar);
    // Both kernels' gradients need xᵀ: shared, one Transpose; without the scope, two.
    const shared = await kernelCalls(() => withKernelTransposes(() => twoKernels([a, b])));
    const separate = await kernelCalls(() => twoKernels([a, b]));
    expect(shared.get('Transpose')).toBe(1 + 2); // xᵀ once, plus aᵀ and bᵀ for ∂x (computed, unused here)
    expect(separate.get('Transpose')).toBe(2 + 2);
  });
});
