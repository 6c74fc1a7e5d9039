import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { ponder } from './act';
import { initBackend } from './backend';
import type { HaltingUpdate, PonderStepValues } from './haltingUpdate';
import { composedHaltingUpdate, fusedHaltingUpdate } from './haltingUpdate';
import { Rng } from './random';

type Update = (...args: Parameters<typeof composedHaltingUpdate>) => HaltingUpdate;

const BATCH = 9;
const WIDTH = 11; // two groups of four for the WASM SIMD loops, and three elements after them
const THRESHOLD = 0.99;

/**
 * Rows in every situation: running or halted, a sum that reaches the threshold exactly (0.5 + 0.49 in float32),
 * just misses it, overshoots it, and halting units near 0 and 1.
 */
function inputs(rng: Rng) {
  const running = [1, 1, 1, 1, 0, 1, 0, 1, 1];
  const cumulative = [0, 0.5, 0.5, 0.98, 0.7, 0.2, 0, 0.3, 0];
  const halting = [0.3, 0.49, 0.48999, 0.5, 0.9, 1e-6, 0.4, 0.999, 0.999999];
  const values = (n: number) => Array.from({ length: n }, () => rng.next() * 2 - 1);
  return {
    running: tf.tensor1d(running),
    cumulative: tf.tensor1d(cumulative),
    halting: tf.tensor1d(halting),
    meanField: tf.tensor2d(values(BATCH * WIDTH), [BATCH, WIDTH]),
    whole: tf.tensor2d(values(BATCH * WIDTH), [BATCH, WIDTH]),
  };
}

const fused: Update = (values, threshold, last) => {
  const update = fusedHaltingUpdate(values, threshold, last);
  if (!update) throw new Error(`no fused kernel on ${tf.getBackend()}`);
  return update;
};

/** A loss that weighs every output (or only some: the others then get no gradient from it, which the kernel sees as null). */
function lossOf(update: HaltingUpdate, weights: tf.Tensor[], use: boolean[]): tf.Scalar {
  const outputs = [update.meanField, update.cumulative, update.carryOn, update.probability];
  const terms = outputs.filter((_, i) => use[i]).map((output) => tf.sum(tf.mul(tf.sin(output), weights[outputs.indexOf(output)])));
  return tf.addN(terms) as tf.Scalar;
}

describe.each(['cpu', 'wasm'] as const)('the fused ACT bookkeeping kernel on %s', (backend) => {
  afterAll(async () => {
    await initBackend('cpu');
  });

  it('gives the composite ops’ values bit for bit, at the last step and before it', async () => {
    await initBackend(backend);
    const rng = new Rng(3);
    for (const [last, threshold] of [[false, THRESHOLD], [true, THRESHOLD], [false, 0.95]] as const) {
      const x = inputs(rng);
      // ε = 0.05: 0.95 rounds down in float32, and 0.5 + 0.45 lands exactly on it (row 2 then halts).
      if (threshold === 0.95) [x.cumulative, x.halting] = [tf.tensor1d([0, 0, 0.5, 0, 0, 0, 0, 0, 0]), tf.tensor1d([0.1, 0.2, 0.45, 0.3, 0.1, 0, 0, 0.9, 0.2])];
      const [a, b] = [fused(x, threshold, last), composedHaltingUpdate(x, threshold, last)];
      for (const key of ['meanField', 'cumulative', 'carryOn', 'probability'] as const) {
        expect(Array.from(await a[key].data()), `${key}, last ${last}`).toEqual(Array.from(await b[key].data()));
      }
      // The halting test itself: rows 1 (0.5 + 0.49 reaches 0.99 in float32), 3, 7 and 8 halt before the last step.
      const continuing = threshold === THRESHOLD ? [1, 0, 1, 0, 0, 1, 0, 0, 0] : [1, 1, 0, 1, 0, 1, 0, 1, 1];
      if (!last) expect(Array.from(await a.carryOn.data())).toEqual(continuing);
      tf.dispose([...Object.values(x), ...Object.values(a), ...Object.values(b)]);
    }
  });

  it('has the composite ops’ gradients, to float rounding, for every differentiable input, with any outputs left off the loss, and keeps no tensor', async () => {
    await initBackend(backend);
    const rng = new Rng(5);
    const x = inputs(rng);
    const weights = [x.meanField.shape, [BATCH], [BATCH], [BATCH]].map((shape) => tf.randomNormal(shape, 0, 1, 'float32', 11));
    for (const use of [[true, true, true, true], [true, false, false, false], [false, true, false, true], [false, false, false, true]]) {
      for (const last of [false, true]) {
        const gradientsWith = (updateWith: Update) =>
          tf.grads((running: tf.Tensor, cumulative: tf.Tensor, halting: tf.Tensor, meanField: tf.Tensor, whole: tf.Tensor) => {
            const values = { running, cumulative, halting, meanField, whole } as PonderStepValues;
            const update = updateWith(values, THRESHOLD, last);
            // Each input also reaches the loss directly, so that tf.grads has a path from it whichever outputs are used.
            const direct = tf.mul(0.001, tf.addN([running, cumulative, halting, meanField, whole].map((input) => tf.sum(input))));
            return tf.add(lossOf(update, weights, use), direct) as tf.Scalar;
          })([x.running, x.cumulative, x.halting, x.meanField, x.whole]);
        const before = tf.memory().numTensors;
        const got = gradientsWith(fused);
        expect(tf.memory().numTensors - before).toBe(5);
        const expected = gradientsWith(composedHaltingUpdate);
        // `running` (input 0) is a 0/1 mask made by a comparison: nothing upstream of it has a gradient, and the
        // kernel gives it 0 (only the direct term is left) where the composite ops give a value that goes nowhere.
        Array.from(await got[0].data()).forEach((value) => expect(value).toBeCloseTo(0.001, 7));
        for (let i = 1; i < 5; i++) {
          const [g, e] = [await got[i].data(), await expected[i].data()];
          // Equal up to the order in which the tape sums a tensor's gradient contributions (≤ 2 ulp seen).
          e.forEach((value, j) => expect(Math.abs(g[j] - value), `input ${i}[${j}], outputs ${use}, last ${last}`).toBeLessThanOrEqual(3e-7 * Math.max(1, Math.abs(value))));
        }
        tf.dispose([...got, ...expected]);
      }
    }
    tf.dispose([...Object.values(x), ...weights]);
  });

  it('is what the ponder loop runs', async () => {
    await initBackend(backend);
    const cell = { step: (input: tf.Tensor2D, state: tf.Tensor2D[]) => [tf.tanh(tf.add(input, state[0]))], output: (state: tf.Tensor2D[]) => state[0], stateWidths: [3] };
    const halt = (whole: tf.Tensor2D) => ({ halting: tf.sigmoid(tf.sum(whole, 1)) as tf.Tensor1D, logit: tf.sum(whole, 1) as tf.Tensor1D });
    const input = tf.tensor2d([[0.1, 0.2, 0.3], [-1, 0, 1]]);
    const profile = await tf.profile(() => {
      tf.dispose(Object.values(ponder(cell as never, halt, { first: input, later: input }, [tf.zeros([2, 3])], { eps: 0.01, maxSteps: 4, haltCheck: 'none' })).flat());
    });
    const names = profile.kernels.map((kernel) => kernel.name);
    expect(names.filter((name) => name === 'ActHaltingUpdate')).toHaveLength(4);
    expect(names).not.toContain('GreaterEqual');
    input.dispose();
  });
});

describe('the GPU backends', () => {
  it('have no fused kernel, so the ponder loop composes TF.js ops there', () => {
    for (const backend of ['webgl', 'webgpu']) expect(tf.getKernel('ActHaltingUpdate', backend)).toBeUndefined();
  });
});
