import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend';
import { Rng } from '../random';
import { composedLstmUpdate, lstmCell } from './lstm';
import { fusedLstmUpdate } from './lstmKernel';

const BATCH = 3;
const UNITS = 5;

const fused = (pre: tf.Tensor2D, c: tf.Tensor2D) => {
  const result = fusedLstmUpdate(pre, c);
  if (!result) throw new Error(`no fused LSTM kernel on ${tf.getBackend()}`);
  return result;
};

/** Pre-activations from −12 to 12 (saturated gates included) and cell states up to ±3. */
function inputs(rng: Rng) {
  const values = (n: number, scale: number) => Array.from({ length: n }, () => (rng.next() * 2 - 1) * scale);
  return {
    pre: tf.tensor2d(values(BATCH * 4 * UNITS, 12), [BATCH, 4 * UNITS]),
    c: tf.tensor2d(values(BATCH * UNITS, 3), [BATCH, UNITS]),
  };
}

/** The LSTM update on plain arrays in float64: [i f g o] rows, c' = σ(f) c + σ(i) tanh(g), h' = σ(o) tanh(c'). */
function reference(pre: Float32Array, c: Float32Array): { h: number[]; c: number[] } {
  const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
  const h: number[] = [];
  const next: number[] = [];
  for (let row = 0; row < BATCH; row++) {
    for (let j = 0; j < UNITS; j++) {
      const gate = (k: number) => pre[row * 4 * UNITS + k * UNITS + j];
      const cell = sigmoid(gate(1)) * c[row * UNITS + j] + sigmoid(gate(0)) * Math.tanh(gate(2));
      next.push(cell);
      h.push(sigmoid(gate(3)) * Math.tanh(cell));
    }
  }
  return { h, c: next };
}

describe.each(['cpu', 'wasm'] as const)('the fused LSTM update on %s', (backend) => {
  afterAll(async () => {
    await initBackend('cpu');
  });

  it('gives the values of a plain-array reference and of the composite ops, to float32 rounding', async () => {
    await initBackend(backend);
    const { pre, c } = inputs(new Rng(1));
    const [h, nextC] = fused(pre, c);
    const expected = reference(await pre.data() as Float32Array, await c.data() as Float32Array);
    const [composedH, composedC] = composedLstmUpdate(pre, c);
    for (const [got, want, composed, name] of [[h, expected.h, composedH, 'h'], [nextC, expected.c, composedC, 'c']] as const) {
      const [values, composite] = [await got.data(), await composed.data()];
      want.forEach((value, k) => {
        expect(Math.abs(values[k] - value), `${name}[${k}] against the reference`).toBeLessThan(1e-6 * Math.max(1, Math.abs(value)));
        expect(Math.abs(values[k] - composite[k]), `${name}[${k}] against the ops`).toBeLessThan(1e-6 * Math.max(1, Math.abs(value)));
      });
    }
    tf.dispose([pre, c, h, nextC, composedH, composedC]);
  });

  it('has the composite ops’ gradients for both inputs, with either output left off the loss, and keeps no tensor', async () => {
    await initBackend(backend);
    const { pre, c } = inputs(new Rng(2));
    const weights = [tf.randomNormal([BATCH, UNITS], 0, 1, 'float32', 3), tf.randomNormal([BATCH, UNITS], 0, 1, 'float32', 4)];
    for (const use of [[true, true], [true, false], [false, true]]) {
      const gradientsWith = (update: typeof composedLstmUpdate) =>
        tf.grads((preActivations: tf.Tensor, cell: tf.Tensor) => {
          const outputs = update(preActivations as tf.Tensor2D, cell as tf.Tensor2D);
          const terms = outputs.map((output, i) => tf.sum(tf.mul(tf.sin(output), weights[i])));
          return tf.addN(terms.filter((_, i) => use[i])) as tf.Scalar;
        })([pre, c]);
      const before = tf.memory().numTensors;
      const got = gradientsWith(fused);
      expect(tf.memory().numTensors - before).toBe(2);
      const expected = gradientsWith(composedLstmUpdate);
      for (let input = 0; input < 2; input++) {
        const [g, e] = [await got[input].data(), await expected[input].data()];
        e.forEach((value, k) => expect(Math.abs(g[k] - value), `input ${input}[${k}], outputs ${use}`).toBeLessThan(2e-6 * Math.max(1, Math.abs(value))));
      }
      tf.dispose([...got, ...expected]);
    }
    tf.dispose([pre, c, ...weights]);
  });

  it('gets null, not a zero tensor, for an output off the loss’s path', async () => {
    await initBackend(backend);
    const { pre, c } = inputs(new Rng(9));
    const profile = await tf.profile(() => {
      const grads = tf.grads((p: tf.Tensor, cell: tf.Tensor) => tf.sum(fused(p as tf.Tensor2D, cell as tf.Tensor2D)[0]))([pre, c]);
      tf.dispose(grads);
    });
    // c' is off the path: no Fill and no host zeros for it, one backward kernel.
    expect(profile.kernelNames).not.toContain('Fill');
    expect(profile.kernels.filter((kernel) => kernel.name === 'LstmUpdateGrad')).toHaveLength(1);
    tf.dispose([pre, c]);
  });

  it('adds a recurrent addend itself, with the sum’s values and gradients, each input its own gradient tensor', async () => {
    await initBackend(backend);
    const rng = new Rng(6);
    const [{ pre, c }, { pre: recurrent }] = [inputs(rng), inputs(rng)];
    const weights = [tf.randomNormal([BATCH, UNITS], 0, 1, 'float32', 7), tf.randomNormal([BATCH, UNITS], 0, 1, 'float32', 8)];
    const gradientsWith = (update: (p: tf.Tensor2D, cell: tf.Tensor2D, r: tf.Tensor2D) => tf.Tensor2D[]) =>
      tf.grads((p: tf.Tensor, cell: tf.Tensor, r: tf.Tensor) => {
        const outputs = update(p as tf.Tensor2D, cell as tf.Tensor2D, r as tf.Tensor2D);
        return tf.addN(outputs.map((output, i) => tf.sum(tf.mul(tf.sin(output), weights[i])))) as tf.Scalar;
      })([pre, c, recurrent]);
    const got = gradientsWith((p, cell, r) => fusedLstmUpdate(p, cell, r)!);
    const expected = gradientsWith((p, cell, r) => composedLstmUpdate(tf.add(p, r), cell));
    expect(got[0].dataId).not.toBe(got[2].dataId);
    for (let input = 0; input < 3; input++) {
      const [g, e] = [await got[input].data(), await expected[input].data()];
      e.forEach((value, k) => expect(Math.abs(g[k] - value), `input ${input}[${k}]`).toBeLessThan(2e-6 * Math.max(1, Math.abs(value))));
    }
    // The values: the kernel's own on the sum, bit for bit.
    const [[h, nextC], [summedH, summedC]] = [fusedLstmUpdate(pre, c, recurrent)!, fusedLstmUpdate(tf.add(pre, recurrent), c)!];
    expect(Array.from(await h.data())).toEqual(Array.from(await summedH.data()));
    expect(Array.from(await nextC.data())).toEqual(Array.from(await summedC.data()));
    tf.dispose([pre, c, recurrent, ...weights, ...got, ...expected, h, nextC, summedH, summedC]);
  });

  it('also gives [h′ c′] side by side, bit for bit, with the gradients of a loss on any of the three outputs', async () => {
    await initBackend(backend);
    const rng = new Rng(12);
    const [{ pre, c }, { pre: recurrent }] = [inputs(rng), inputs(rng)];
    const weights = [0, 1, 2].map((i) => tf.randomNormal(i === 2 ? [BATCH, 2 * UNITS] : [BATCH, UNITS], 0, 1, 'float32', 20 + i));
    const [h, nextC, whole] = fusedLstmUpdate(pre, c, recurrent, true)!;
    expect(whole.shape).toEqual([BATCH, 2 * UNITS]);
    expect(Array.from(await whole.data())).toEqual(Array.from(await tf.concat([h, nextC], 1).data()));
    for (const use of [[true, true, true], [false, false, true], [true, false, true]]) {
      const gradientsWith = (update: (p: tf.Tensor2D, cell: tf.Tensor2D, r: tf.Tensor2D) => tf.Tensor2D[]) =>
        tf.grads((p: tf.Tensor, cell: tf.Tensor, r: tf.Tensor) => {
          const terms = update(p as tf.Tensor2D, cell as tf.Tensor2D, r as tf.Tensor2D).map((output, i) => tf.sum(tf.mul(tf.sin(output), weights[i])));
          return tf.addN(terms.filter((_, i) => use[i])) as tf.Scalar;
        })([pre, c, recurrent]);
      const got = gradientsWith((p, cell, r) => fusedLstmUpdate(p, cell, r, true)!);
      const expected = gradientsWith((p, cell, r) => {
        const [hidden, cellState] = composedLstmUpdate(tf.add(p, r), cell);
        return [hidden, cellState, tf.concat([hidden, cellState], 1)];
      });
      for (let input = 0; input < 3; input++) {
        const [g, e] = [await got[input].data(), await expected[input].data()];
        e.forEach((value, k) => expect(Math.abs(g[k] - value), `input ${input}[${k}], outputs ${use}`).toBeLessThan(2e-6 * Math.max(1, Math.abs(value))));
      }
      tf.dispose([...got, ...expected]);
    }
    tf.dispose([pre, c, recurrent, h, nextC, whole, ...weights]);
  });

  it('is what the LSTM cell runs: one kernel an update instead of the gate ops', async () => {
    await initBackend(backend);
    const cell = lstmCell(new Rng(5), 'lstm', 4, UNITS);
    const profile = await tf.profile(() => {
      tf.tidy(() => {
        const state = [tf.zeros([BATCH, UNITS]), tf.zeros([BATCH, UNITS])] as tf.Tensor2D[];
        cell.step(cell.projectInput(tf.ones([BATCH, 4])), cell.step(cell.projectInput(tf.ones([BATCH, 4])), state));
      });
    });
    const names = profile.kernels.map((kernel) => kernel.name);
    expect(names.filter((name) => name === 'LstmUpdate')).toHaveLength(2);
    expect(names).not.toContain('Sigmoid');
    cell.variables.forEach(({ variable }) => variable.dispose());
  });
});

describe('the GPU backends', () => {
  it('have no fused LSTM kernel, so the cell composes TF.js ops there', () => {
    for (const backend of ['webgl', 'webgpu']) expect(tf.getKernel('LstmUpdate', backend)).toBeUndefined();
  });
});
