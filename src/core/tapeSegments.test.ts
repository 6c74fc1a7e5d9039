import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { TapeSegments } from './tapeSegments';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** y = Σ tanh(x·W)·W-ish chain: a computation long enough that the order of its gradient's sums matters. */
function chain(start: tf.Tensor2D, weights: tf.Variable, steps: number): tf.Tensor2D {
  let state = start;
  for (let i = 0; i < steps; i++) state = tf.tanh(tf.matMul(state, weights)) as tf.Tensor2D;
  return state;
}

describe('TapeSegments', () => {
  it('gives the gradients of one pass run straight through, bit for bit, with an await and wasted work between segments', async () => {
    const weights = tf.variable(tf.randomNormal([4, 4], 0, 0.7, 'float32', 3), true, 'segments/w');
    const input = tf.randomNormal([3, 4], 0, 1, 'float32', 4) as tf.Tensor2D;
    const straight = tf.variableGrads(() => tf.sum(chain(input, weights, 6)) as tf.Scalar, [weights]);

    const before = tf.memory().numTensors;
    const tape = new TapeSegments();
    const cut = tape.record(() => tf.tidy(() => {
      const state = chain(input, weights, 3);
      // Work that turns out to be wasted (what a cut pass computed after its cut): off the final loss's path.
      tf.sum(chain(state, weights, 2));
      return state;
    }));
    await cut.data();
    const loss = tape.record(() => tf.tidy(() => tf.sum(chain(cut, weights, 3)) as tf.Scalar));
    const { value, grads } = tape.gradients(loss, [weights]);
    expect(await value.data()).toEqual(await straight.value.data());
    expect(await grads[weights.name].data()).toEqual(await straight.grads[weights.name].data());
    // Everything the nodes saved is freed by the backward pass; only what the caller holds remains.
    tf.dispose([cut, value, grads[weights.name]]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([weights, input, straight.value, straight.grads[weights.name]]);
  });

  it('frees what the nodes saved when the segments are given up', () => {
    const weights = tf.variable(tf.ones([2, 2]), true, 'segments/given-up');
    const before = tf.memory().numTensors;
    const tape = new TapeSegments();
    const out = tape.record(() => tf.tidy(() => chain(tf.ones([1, 2]) as tf.Tensor2D, weights, 3)));
    out.dispose();
    expect(tf.memory().numTensors).toBeGreaterThan(before);
    tape.dispose();
    expect(tf.memory().numTensors).toBe(before);
    weights.dispose();
  });

  it('refuses to record inside another gradient computation', () => {
    const x = tf.variable(tf.scalar(2), true, 'segments/nested');
    expect(() => tf.variableGrads(() => new TapeSegments().record(() => tf.mul(x, x)) as tf.Scalar, [x])).toThrow(/inside a gradient/);
    x.dispose();
  });
});
