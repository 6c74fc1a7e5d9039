/**
 * One Adam update of one variable — clipping, both moments, decoupled decay, the step — as one kernel on the CPU
 * backends (WASM and plain JS), in place of about 13 TF.js ops per variable (jsKernel.ts says why that pays: on
 * the small models the optimizer was ≈ 100 kernel calls of a step's ≈ 530).
 *
 * Every intermediate is rounded to float32 (Math.fround) in the composite ops' order, and float32 +, ×, ÷ and √
 * are correctly rounded on both backends, so the new weights and moments are the composite ops' bit for bit
 * (adamKernel.test.ts). On WASM the loop runs four lanes at a time where WebAssembly SIMD exists (simdLoops.ts). There is no gradient: the optimizer runs outside any tape.
 */
import * as tf from '@tensorflow/tfjs';
import { hasKernel, makeOutputs, registerJsKernels } from './jsKernel';
import type { AdamArrays } from './simdLoops';

const KERNEL = 'AdamUpdate';

/** The step's constants (plain numbers: the composite ops turn each into a float32 scalar). */
export interface AdamStepConstants {
  beta1: number;
  beta2: number;
  epsilon: number;
  /** The bias-corrected learning rate of this step. */
  step: number;
  /** 1 − lr·weightDecay for a decayed matrix, else 1 (no decay multiply at all). */
  keep: number;
}

/** What one variable's update reads: the variable, its gradient, both moments and the clipping scale. */
export interface AdamOperands {
  variable: tf.Tensor;
  gradient: tf.Tensor;
  first: tf.Tensor;
  second: tf.Tensor;
  /** min(1, clipNorm / norm), or 1 without clipping: a tensor, so that the norm is never read back. */
  scale: tf.Scalar;
}

/** The updated variable and moments. */
export interface AdamUpdate {
  variable: tf.Tensor;
  first: tf.Tensor;
  second: tf.Tensor;
}

/** One variable's update: as one kernel where the running backend has it, else with TF.js ops. */
export function adamUpdate(operands: AdamOperands, constants: AdamStepConstants): AdamUpdate {
  return fusedAdamUpdate(operands, constants) ?? composedAdamUpdate(operands, constants);
}

/** The update with TF.js ops: what the GPU backends run, and the reference the kernel is checked against. */
export function composedAdamUpdate({ variable, gradient, first, second, scale }: AdamOperands, { beta1, beta2, epsilon, step, keep }: AdamStepConstants): AdamUpdate {
  const clipped = tf.mul(gradient, scale);
  const nextFirst = tf.add(tf.mul(first, beta1), tf.mul(clipped, 1 - beta1));
  const nextSecond = tf.add(tf.mul(second, beta2), tf.mul(tf.square(clipped), 1 - beta2));
  const decayed = keep !== 1 ? tf.mul(variable, keep) : variable;
  return { variable: tf.sub(decayed, tf.mul(step, tf.div(nextFirst, tf.add(tf.sqrt(nextSecond), epsilon)))), first: nextFirst, second: nextSecond };
}

/** The update as one kernel, where the running backend has it (else undefined). */
export function fusedAdamUpdate({ variable, gradient, first, second, scale }: AdamOperands, constants: AdamStepConstants): AdamUpdate | undefined {
  if (!hasKernel(KERNEL)) return undefined;
  const [nextVariable, nextFirst, nextSecond] = tf.engine().runKernel(KERNEL, { variable, gradient, first, second, scale }, { ...constants }) as tf.Tensor[];
  return { variable: nextVariable, first: nextFirst, second: nextSecond };
}

const f = Math.fround;

/**
 * The arithmetic, in composedAdamUpdate's order, from element `from` on. The decay multiplies by `keep` even
 * where it is 1: w·1 is w, bit for bit, as in the SIMD loop.
 */
function update(from: number, a: AdamArrays, constants: readonly number[]): void {
  const [scale, beta1, keep1, beta2, keep2, epsilon, step, keep] = constants;
  for (let i = from; i < a.variable.length; i++) {
    const clipped = f(a.gradient[i] * scale);
    const m = f(f(a.first[i] * beta1) + f(clipped * keep1));
    const v = f(f(a.second[i] * beta2) + f(f(clipped * clipped) * keep2));
    a.nextFirst[i] = m;
    a.nextSecond[i] = v;
    a.nextVariable[i] = f(f(a.variable[i] * keep) - f(step * f(m / f(f(Math.sqrt(v)) + epsilon))));
  }
}

/** The step's constants as float32, in the order of the SIMD loop's parameters. */
const float32Constants = (scale: number, c: Record<keyof AdamStepConstants, number>): number[] =>
  [scale, c.beta1, 1 - c.beta1, c.beta2, 1 - c.beta2, c.epsilon, c.step, c.keep].map(f);

registerJsKernels({
  forward: KERNEL,
  runForward(storage, { variable, gradient, first, second, scale }, attrs) {
    const { outputs, values: [nextVariable, nextFirst, nextSecond] } = makeOutputs(storage, [variable.shape, variable.shape, variable.shape]);
    const [w, g, m, v, s] = [variable, gradient, first, second, scale].map((info) => storage.values(info));
    const constants = float32Constants(s[0], attrs as Record<keyof AdamStepConstants, number>);
    const arrays = { variable: w, gradient: g, first: m, second: v, nextVariable, nextFirst, nextSecond };
    update(storage.loops?.adam(arrays, constants) ?? 0, arrays, constants);
    return outputs;
  },
});
