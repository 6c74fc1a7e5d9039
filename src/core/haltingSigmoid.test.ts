import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { initBackend } from './backend';
import { composedHaltingFromProduct, haltingFromProduct } from './haltingSigmoid';
import { Rng } from './random';

const ROWS = 11;

/** Products from −20 to 20 (σ saturated at both ends included) and a bias. */
function inputs(rng: Rng) {
  return {
    product: tf.tensor2d(Array.from({ length: ROWS }, () => (rng.next() * 2 - 1) * 20), [ROWS, 1]),
    bias: tf.tensor1d([rng.next() * 2 - 1]),
  };
}

describe.each(['cpu', 'wasm'] as const)('the fused halting sigmoid on %s', (backend) => {
  afterAll(async () => {
    await initBackend('cpu');
  });

  it('gives the composite ops’ z and σ(z) bit for bit, as one kernel', async () => {
    await initBackend(backend);
    const { product, bias } = inputs(new Rng(1));
    let fused: ReturnType<typeof haltingFromProduct> | undefined;
    const profile = await tf.profile(() => {
      fused = haltingFromProduct(product, bias);
    });
    expect(profile.kernelNames).toEqual(['HaltingSigmoid']);
    const composed = composedHaltingFromProduct(product, bias);
    for (const key of ['halting', 'logit'] as const) expect(Array.from(await fused![key].data()), key).toEqual(Array.from(await composed[key].data()));
    tf.dispose([product, bias, ...Object.values(fused!), ...Object.values(composed)]);
  });

  it('has the composite ops’ gradients, with either output left off the loss, and keeps no tensor', async () => {
    await initBackend(backend);
    const { product, bias } = inputs(new Rng(2));
    const weights = [tf.randomNormal([ROWS], 0, 1, 'float32', 3), tf.randomNormal([ROWS], 0, 1, 'float32', 4)];
    for (const use of [[true, true], [true, false], [false, true]]) {
      const gradientsWith = (halt: typeof haltingFromProduct) =>
        tf.grads((p: tf.Tensor, b: tf.Tensor) => {
          const { halting, logit } = halt(p as tf.Tensor2D, b as tf.Tensor1D);
          const terms = [halting, logit].map((output, i) => tf.sum(tf.mul(tf.square(output), weights[i])));
          return tf.addN(terms.filter((_, i) => use[i])) as tf.Scalar;
        })([product, bias]);
      const before = tf.memory().numTensors;
      const got = gradientsWith(haltingFromProduct);
      expect(tf.memory().numTensors - before).toBe(2);
      const expected = gradientsWith(composedHaltingFromProduct);
      expect(Array.from(await got[0].data()), `product, outputs ${use}`).toEqual(Array.from(await expected[0].data()));
      // The bias's gradient sums the rows' (with cancellation): compared at the scale of the terms summed.
      const [g, e] = [(await got[1].data())[0], (await expected[1].data())[0]];
      const scale = Array.from(await got[0].data()).reduce((sum, term) => sum + Math.abs(term), 0);
      expect(Math.abs(g - e), `bias, outputs ${use}`).toBeLessThanOrEqual(1e-7 * Math.max(1, scale));
      tf.dispose([...got, ...expected]);
    }
    tf.dispose([product, bias, ...weights]);
  });
});

describe('the GPU backends', () => {
  it('have no fused halting sigmoid, so the halting unit composes TF.js ops there', () => {
    for (const backend of ['webgl', 'webgpu']) expect(tf.getKernel('HaltingSigmoid', backend)).toBeUndefined();
  });
});
