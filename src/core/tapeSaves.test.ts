import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { initBackend } from './backend';
import { installLeanGradientTape, untracedAlias } from './tapeSaves';

describe.each(['cpu', 'wasm'] as const)('tensors saved for the gradient, without a clone kernel, on %s', (backend) => {
  afterAll(async () => {
    await initBackend('cpu');
  });

  it('keep a saved tensor alive after its owner disposes it (a kernel’s and a customGrad’s), run no Identity, and leak nothing', async () => {
    await initBackend(backend);
    installLeanGradientTape();
    const x = tf.variable(tf.tensor1d([0.5, -1, 2]));
    const before = tf.memory().numTensors;
    // Square saves its input `a`, which the function disposes before the backward pass runs.
    // A customGrad that saves its input, as linear.ts's matMul does: d/da [a·a] = 2a.
    const square = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
      const [a, save] = args as [tf.Tensor, tf.GradSaveFunc];
      save([a]);
      return { value: tf.mul(a, a), gradFunc: (dy: tf.Tensor, [saved]: tf.Tensor[]) => tf.mul(dy, tf.mul(saved, 2)) };
    });
    const loss = () => {
      const a = tf.mul(x, 3);
      const squared = tf.square(a);
      a.dispose();
      return tf.sum(tf.mul(tf.add(squared, square(x)), tf.tanh(x))) as tf.Scalar;
    };
    const profile = await tf.profile(() => {
      const { value, grads } = tf.variableGrads(loss, [x]);
      tf.dispose([value, grads[x.name]]);
    });
    expect(profile.kernelNames).not.toContain('Identity');
    const { value, grads } = tf.variableGrads(loss, [x]);
    // d/dx [10x² tanh x] = 20x tanh x + 10x² (1 − tanh² x)
    const expected = [0.5, -1, 2].map((v) => 20 * v * Math.tanh(v) + 10 * v * v * (1 - Math.tanh(v) ** 2));
    const got = Array.from(await grads[x.name].data());
    got.forEach((value, i) => expect(value).toBeCloseTo(expected[i], 4));
    tf.dispose([value, grads[x.name]]);
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });

  it('gives an output off the loss’s path a zero gradient made by the backend, not from a JavaScript array', async () => {
    await initBackend(backend);
    installLeanGradientTape();
    const x = tf.variable(tf.tensor2d([1, 2, 3, 4, 5, 6, 7, 8], [2, 4]));
    // SplitV has three outputs here; the loss reads only the middle one, so the other two ([2, 1]) get zero gradients.
    const loss = () => tf.sum(tf.square(tf.split(x, [1, 2, 1], 1)[1])) as tf.Scalar;
    const engine = tf.engine() as unknown as { makeTensor: (...args: unknown[]) => tf.Tensor };
    const makeTensor = vi.spyOn(engine, 'makeTensor');
    const before = tf.memory().numTensors;
    const { value, grads } = tf.variableGrads(loss, [x]);
    // (The engine still makes other constants from JavaScript: the loss's seed gradient, Sum's ones, Square's 2.)
    expect(makeTensor.mock.calls.map(([, shape]) => shape)).not.toContainEqual([2, 1]);
    makeTensor.mockRestore();
    expect(Array.from(await grads[x.name].data())).toEqual([0, 4, 6, 0, 0, 12, 14, 0]);
    tf.dispose([value, grads[x.name]]);
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });

  it('has an alias that shares a tensor’s data without a kernel and stops the gradient there, as a constant would', async () => {
    await initBackend(backend);
    const x = tf.variable(tf.tensor1d([0.5, -1, 2]));
    const before = tf.memory().numTensors;
    // d/dx Σ x·c = c, where c holds x's values but is no function of x on the tape.
    const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(x, untracedAlias(x))) as tf.Scalar, [x]);
    expect(Array.from(await grads[x.name].data())).toEqual([0.5, -1, 2]);
    tf.dispose([value, grads[x.name]]);
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });
});
