import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { haltingFunction, ponder } from './act';
import { initBackend } from './backend';
import { describeOnKernelBackends } from './jsKernel.testing';
import type { HaltingWeights, PonderStep, PonderStepValues } from './haltingUpdate';
import { composedPonderStep, fusedPonderStep } from './haltingUpdate';
import { Rng } from './random';

type Step = (values: PonderStepValues, weights: HaltingWeights, threshold: number, last: boolean) => PonderStep;

const BATCH = 9;
const WIDTH = 11; // two groups of four for the WASM SIMD loops, and three elements after them
const THRESHOLD = 0.99;

/**
 * Rows in every situation: running or halted, a sum that reaches the threshold exactly (0.49 + 0.5 in float32),
 * just misses it, overshoots it, and halting units near 0 and 1. The halting unit reads only the state's last
 * column (a one-hot kernel, bias 0), where the logits are: so z is exact however a matMul sums, and h = σ(z)
 * (σ(0) = 0.5 exactly) lands where the rows need it.
 */
function inputs(rng: Rng, cumulative = [0, 0.49, 0.48999, 0.98, 0.7, 0.2, 0, 0.3, 0], logits = [-0.85, 0, 0, 0, 2.2, -13.8, -0.4, 6.9, 13.8]) {
  const running = [1, 1, 1, 1, 0, 1, 0, 1, 1];
  const values = (n: number) => Array.from({ length: n }, () => rng.next() * 2 - 1);
  const whole = values(BATCH * WIDTH);
  logits.forEach((z, row) => (whole[row * WIDTH + WIDTH - 1] = z));
  const oneHot = Array.from({ length: WIDTH }, (_, i) => (i === WIDTH - 1 ? 1 : 0));
  return {
    values: {
      running: tf.tensor1d(running),
      cumulative: tf.tensor1d(cumulative),
      meanField: tf.tensor2d(values(BATCH * WIDTH), [BATCH, WIDTH]),
      steps: tf.tensor1d([3, 1, 2, 1, 4, 2, 1, 1, 1]),
      whole: tf.tensor2d(whole, [BATCH, WIDTH]),
    },
    weights: { kernel: tf.tensor2d(oneHot, [WIDTH, 1]), bias: tf.tensor1d([0]) },
  };
}

const fused: Step = (values, weights, threshold, last) => {
  const step = fusedPonderStep(values, weights, threshold, last);
  if (!step) throw new Error(`no fused kernel on ${tf.getBackend()}`);
  return step;
};

const OUTPUTS = ['meanField', 'cumulative', 'carryOn', 'probability', 'halting', 'logit', 'steps'] as const;

/** A loss that weighs every output (or only some: the others then get no gradient from it, which the kernel sees as null). */
function lossOf(step: PonderStep, weights: tf.Tensor[], use: boolean[]): tf.Scalar {
  const terms = OUTPUTS.flatMap((key, i) => (use[i] ? [tf.sum(tf.mul(tf.sin(step[key]), weights[i]))] : []));
  return tf.addN(terms) as tf.Scalar;
}

describeOnKernelBackends('the fused ACT ponder-step kernel on %s', (backend) => {
  it('gives the composite ops’ values bit for bit where the halting unit’s dot products are exact, at the last step and before it', async () => {
    await initBackend(backend);
    const rng = new Rng(3);
    for (const [last, threshold] of [[false, THRESHOLD], [true, THRESHOLD], [false, 0.95]] as const) {
      // ε = 0.05: 0.95 rounds down in float32, and 0.45 + 0.5 lands exactly on it (row 2 then halts).
      const x = threshold === 0.95 ? inputs(rng, [0, 0, 0.45, 0, 0, 0, 0, 0, 0], [-2.2, -1.4, 0, -0.85, -2.2, -30, -30, 2.2, -1.4]) : inputs(rng);
      const [a, b] = [fused(x.values, x.weights, threshold, last), composedPonderStep(x.values, x.weights, threshold, last)];
      for (const key of OUTPUTS) expect(Array.from(await a[key].data()), `${key}, last ${last}`).toEqual(Array.from(await b[key].data()));
      // The halting test itself: rows 1 (0.49 + 0.5 reaches 0.99 in float32), 3, 7 and 8 halt before the last step.
      const continuing = threshold === THRESHOLD ? [1, 0, 1, 0, 0, 1, 0, 0, 0] : [1, 1, 0, 1, 0, 1, 0, 1, 1];
      if (!last) expect(Array.from(await a.carryOn.data())).toEqual(continuing);
      tf.dispose([...Object.values(x.values), ...Object.values(x.weights), ...Object.values(a), ...Object.values(b)]);
    }
  });

  it('has the composite ops’ gradients, to float rounding, for every differentiable input, with any outputs left off the loss, and keeps no tensor', async () => {
    await initBackend(backend);
    const rng = new Rng(5);
    const x = inputs(rng);
    // A halting unit that reads every column, so that its dot products and their gradients are the kernel's own.
    const weights = { kernel: tf.tensor2d(Array.from({ length: WIDTH }, () => rng.next() - 0.5), [WIDTH, 1]), bias: tf.tensor1d([0.3]) };
    const lossWeights = [x.values.meanField.shape, [BATCH], [BATCH], [BATCH], [BATCH], [BATCH], [BATCH]].map((shape) => tf.randomNormal(shape, 0, 1, 'float32', 11));
    const uses = [[true, true, true, true, true, true, true], [true, false, false, false, false, false, false], [false, true, false, true, false, false, true], [false, false, false, true, true, false, false], [false, false, false, false, false, true, false]];
    for (const use of uses) {
      for (const last of [false, true]) {
        const gradientsWith = (stepWith: Step) =>
          tf.grads((running: tf.Tensor, cumulative: tf.Tensor, meanField: tf.Tensor, steps: tf.Tensor, whole: tf.Tensor, kernel: tf.Tensor, bias: tf.Tensor) => {
            const values = { running, cumulative, meanField, steps, whole } as PonderStepValues;
            const step = stepWith(values, { kernel, bias } as HaltingWeights, THRESHOLD, last);
            // Each input also reaches the loss directly, so that tf.grads has a path from it whichever outputs are used.
            const direct = tf.mul(0.001, tf.addN([running, cumulative, meanField, steps, whole, kernel, bias].map((input) => tf.sum(input))));
            return tf.add(lossOf(step, lossWeights, use), direct) as tf.Scalar;
          })([x.values.running, x.values.cumulative, x.values.meanField, x.values.steps, x.values.whole, weights.kernel, weights.bias]);
        const before = tf.memory().numTensors;
        const got = gradientsWith(fused);
        expect(tf.memory().numTensors - before).toBe(7);
        const expected = gradientsWith(composedPonderStep);
        // `running` (input 0) is a 0/1 mask made by a comparison: nothing upstream of it has a gradient, and the
        // kernel gives it 0 (only the direct term is left) where the composite ops give a value that goes nowhere.
        Array.from(await got[0].data()).forEach((value) => expect(value).toBeCloseTo(0.001, 7));
        for (let i = 1; i < 7; i++) {
          const [g, e] = [await got[i].data(), await expected[i].data()];
          // Equal up to float32 rounding: the order of the tape's sums, and the halting unit's sums over rows.
          e.forEach((value, j) => expect(Math.abs(g[j] - value), `input ${i}[${j}], outputs ${use}, last ${last}`).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(value))));
        }
        tf.dispose([...got, ...expected]);
      }
    }
    tf.dispose([...Object.values(x.values), ...Object.values(x.weights), ...Object.values(weights), ...lossWeights]);
  });

  it('is what the ponder loop runs for a halting unit with weights, and a unit without runs the composite ops', async () => {
    await initBackend(backend);
    const cell = { step: (input: tf.Tensor2D, state: tf.Tensor2D[]) => [tf.tanh(tf.add(input, state[0]))], output: (state: tf.Tensor2D[]) => state[0], stateWidths: [3] };
    const unit = { kernel: { name: 'k', variable: tf.variable(tf.tensor2d([[0.5], [-1], [0.25]])) }, bias: { name: 'b', variable: tf.variable(tf.tensor1d([1])) } };
    const plain = (whole: tf.Tensor2D) => ({ halting: tf.sigmoid(tf.sum(whole, 1)) as tf.Tensor1D, logit: tf.sum(whole, 1) as tf.Tensor1D });
    const input = tf.tensor2d([[0.1, 0.2, 0.3], [-1, 0, 1]]);
    const kernelsOf = async (halt: Parameters<typeof ponder>[1]) => (await tf.profile(() => {
      tf.dispose(Object.values(ponder(cell as never, halt, { first: input, later: input }, [tf.zeros([2, 3])], { eps: 0.01, maxSteps: 4, haltCheck: 'none' })).flat());
    })).kernels.map((kernel) => kernel.name);
    const withWeights = await kernelsOf(haltingFunction(unit as never));
    expect(withWeights.filter((name) => name === 'ActPonderStep')).toHaveLength(4);
    expect(withWeights).not.toContain('GreaterEqual');
    expect(withWeights).not.toContain('BatchMatMul');
    expect(await kernelsOf(plain)).toContain('GreaterEqual');
    tf.dispose([input, unit.kernel.variable, unit.bias.variable]);
  });
});

describe('the GPU backends', () => {
  it('have no fused kernel, so the ponder loop composes TF.js ops there', () => {
    for (const backend of ['webgl', 'webgpu']) expect(tf.getKernel('ActPonderStep', backend)).toBeUndefined();
  });
});
