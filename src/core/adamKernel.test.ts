import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import type { AdamOperands, AdamStepConstants, AdamUpdate } from './adamKernel';
import { composedAdamUpdate, fusedAdamUpdate } from './adamKernel';
import { initBackend } from './backend';
import { describeOnKernelBackends } from './jsKernel.testing';
import { Rng } from './random';

/** Operands with every kind of entry: zero and tiny gradients and moments, large ones, both signs. */
function operands(rng: Rng, shape: number[], scale: number): AdamOperands {
  const size = shape.reduce((a, b) => a * b, 1);
  const draw = (spread: number) => Array.from({ length: size }, (_, i) => (i % 7 === 0 ? 0 : (rng.next() * 2 - 1) * spread * 10 ** rng.int(-6, 2)));
  return {
    variable: tf.tensor(draw(1), shape),
    gradient: tf.tensor(draw(1), shape),
    first: tf.tensor(draw(0.1), shape),
    second: tf.tensor(draw(0.01).map(Math.abs), shape),
    scale: tf.scalar(scale),
  };
}

const values = async (update: AdamUpdate) => Promise.all([update.variable, update.first, update.second].map(async (t) => Array.from(await t.data())));

describeOnKernelBackends('the fused Adam kernel on %s', (backend) => {
  it('gives the composite ops’ new weights and moments bit for bit, with and without clipping and decay', async () => {
    await initBackend(backend);
    const rng = new Rng(5);
    const cases: [number[], number, AdamStepConstants][] = [
      [[7, 5], 1, { beta1: 0.9, beta2: 0.999, epsilon: 1e-8, step: 0.003, keep: 1 }],
      [[33], 0.37, { beta1: 0.9, beta2: 0.999, epsilon: 1e-8, step: 0.0123, keep: 1 }],
      [[4, 9], 0.81, { beta1: 0.8, beta2: 0.99, epsilon: 1e-7, step: 0.2, keep: 1 - 0.01 * 0.1 }],
    ];
    for (const [shape, scale, constants] of cases) {
      const x = operands(rng, shape, scale);
      const fused = fusedAdamUpdate(x, constants);
      expect(fused, `a kernel on ${backend}`).toBeDefined();
      const [a, b] = [await values(fused!), await values(composedAdamUpdate(x, constants))];
      expect(a, `shape ${shape}, scale ${scale}`).toEqual(b);
    }
  });
});
