import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { initBackend } from './backend';
import { describeOnKernelBackends } from './jsKernel.testing';
import { Rng } from './random';

describeOnKernelBackends('tanh’s gradient as one kernel on %s', (backend) => {
  it('is TF.js’s dy·(1 − y²) bit for bit, in one kernel, on and off the groups of four', async () => {
    await initBackend(backend);
    const rng = new Rng(9);
    for (const shape of [[3, 5], [128, 128], [1, 6]]) {
      const size = shape[0] * shape[1];
      const x = tf.tensor2d(Array.from({ length: size }, () => (rng.next() - 0.5) * 8), shape as [number, number]);
      const upstream = tf.tensor2d(Array.from({ length: size }, () => rng.normal()), shape as [number, number]);
      const grad = tf.grad((input: tf.Tensor) => tf.sum(tf.mul(tf.tanh(input), upstream)));
      const profile = await tf.profile(() => {
        tf.dispose(grad(x));
      });
      const kernels = profile.kernels.map((kernel) => kernel.name);
      expect(kernels).toContain('ActTanhGrad');
      expect(kernels).not.toContain('Square');
      const got = await grad(x).data();
      const expected = await tf.tidy(() => tf.mul(tf.sub(1, tf.square(tf.tanh(x))), upstream)).data(); // TF.js's gradient, as ops
      expect(Array.from(got)).toEqual(Array.from(expected));
      tf.dispose([x, upstream]);
    }
  });
});

describe('tanh’s gradient elsewhere', () => {
  it('composes TF.js’s ops where the kernel is missing (the GPU backends)', () => {
    for (const backend of ['webgl', 'webgpu']) expect(tf.getKernel('ActTanhGrad', backend)).toBeUndefined();
  });
});
