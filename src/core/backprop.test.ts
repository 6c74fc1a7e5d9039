import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { initBackend } from './backend';
import { TapeSegments } from './tapeSegments';

/**
 * A weight read at every step of a recurrence (its gradient summed over the steps, as a ponder loop's weights),
 * a tensor whose gradient is handed on unchanged (a customGrad returning dy), and an output off the loss's path.
 */
function lossOf(w: tf.Variable, b: tf.Variable, x: tf.Tensor2D, steps: number): tf.Scalar {
  const passOn = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [input] = args as [tf.Tensor];
    return { value: tf.mul(input, 1), gradFunc: (dy: tf.Tensor) => [dy] };
  });
  let h = x;
  for (let t = 0; t < steps; t++) h = passOn(tf.tanh(tf.add(tf.matMul(h, w), b))) as tf.Tensor2D;
  const [used] = tf.split(h, [2, 1], 1);
  return tf.sum(tf.square(used)) as tf.Scalar;
}

describe.each(['cpu', 'wasm'] as const)('the backward pass over recorded segments on %s', (backend) => {
  afterAll(async () => {
    await initBackend('cpu');
  });

  it('gives the engine’s gradients bit for bit, sums a weight’s gradients with fewer Add kernels, and keeps no tensor', async () => {
    await initBackend(backend);
    const w = tf.variable(tf.tensor2d([0.3, -0.2, 0.5, 0.1, 0.4, -0.6, -0.3, 0.2, 0.7], [3, 3]));
    const b = tf.variable(tf.tensor1d([0.1, -0.1, 0.05]));
    const x = tf.tensor2d([1, -2, 0.5, 0.25, 3, -1], [2, 3]);
    const adds = async (run: () => tf.TensorContainer) => (await tf.profile(() => tf.dispose(run()))).kernels.filter((kernel) => kernel.name === 'Add').length;
    // The engine: the forward's 12 Adds (the bias) and 22 more summing w's and b's 12 gradients each; here one each.
    expect(await adds(() => { const { value, grads } = tf.variableGrads(() => lossOf(w, b, x, 12), [w, b]); return [value, grads.w, grads.b]; })).toBe(12 + 22);
    const engine = tf.variableGrads(() => lossOf(w, b, x, 12), [w, b]);
    // (The engine's own pass leaves two tensors behind here, which is why the count starts after it.)
    const before = tf.memory().numTensors;
    const ours = () => {
      const tape = new TapeSegments();
      const loss = tape.record(() => tf.tidy(() => lossOf(w, b, x, 12)));
      return tape.gradients(loss, [w, b]);
    };
    expect(await adds(() => ours())).toBe(12 + 2);
    const { value, grads } = ours();
    expect(await value.data()).toEqual(await engine.value.data());
    for (const variable of [w, b]) expect(await grads[variable.name].data()).toEqual(await engine.grads[variable.name].data());
    tf.dispose([value, ...Object.values(grads)]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([engine.value, ...Object.values(engine.grads), w, b, x]);
  });
});
