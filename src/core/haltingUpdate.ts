/**
 * The halting rule of a ponder step, and ACT's bookkeeping on [batch] vectors — the halting test, the step's
 * probability and the running sum of halting units — as one kernel forward and one backward on the CPU backends
 * (WASM and plain JS).
 *
 * Why: written with TF.js ops it is 11 kernels forward and about 15 backward per ponder step, each on a [batch]
 * vector, and each costs the engine's per-op overhead (jsKernel.ts) for ≈ 100 ns of arithmetic. The kernels
 * below do the same float32 arithmetic in the same order (every intermediate rounded with Math.fround), so values
 * are the composite ops' bit for bit, and gradients too up to the order in which the tape sums a tensor's
 * gradient contributions (≤ 2 ulp; haltingUpdate.test.ts). The mean field's update on [batch, width] is the
 * kernel's too: as ops it was 3 kernels forward and about 8 backward per ponder step, and their dispatch costs
 * more than a JavaScript loop (≈ 2 ns an element) at the small models' widths; on WASM those loops run four
 * lanes at a time in WebAssembly SIMD (simdLoops.ts; 6% off the parity bench step). On the GPU backends, where a
 * kernel would have to be a shader, the composite ops run (composedHaltingUpdate, which also holds the halting
 * rule PonderNet shares: haltingStep).
 */
import * as tf from '@tensorflow/tfjs';
import { backwardKernel, hasKernel, makeOutputs, registerJsKernels } from './jsKernel';
import type { SimdLoops } from './simdLoops';

/** What a ponder step's bookkeeping starts from: the loop's accumulators and this update's state and halting unit. */
export interface PonderStepValues {
  /** Rows still running when this step started (1/0). */
  running: tf.Tensor1D;
  /** Σ of halting units so far of the rows that continue. */
  cumulative: tf.Tensor1D;
  /** h^n. */
  halting: tf.Tensor1D;
  meanField: tf.Tensor2D;
  /** This update's whole state [batch, Σ widths]. */
  whole: tf.Tensor2D;
}

/** What a ponder step's bookkeeping yields (see ponder in act.ts). */
export interface HaltingUpdate {
  /** The mean field with this step's state added at its probability. */
  meanField: tf.Tensor2D;
  /** Σ of halting units of the rows that continue, after this step. */
  cumulative: tf.Tensor1D;
  /** Rows still running after this step (1/0). */
  carryOn: tf.Tensor1D;
  /** p^n: h^n while a row continues, the remainder at its last step, 0 once halted. */
  probability: tf.Tensor1D;
}

/** The mean field gains this step's whole state at its probability (TF.js ops). */
function addToMeanField(meanField: tf.Tensor2D, probability: tf.Tensor1D, whole: tf.Tensor2D): tf.Tensor2D {
  return tf.add(meanField, tf.mul(tf.expandDims(probability, 1), whole));
}

const FORWARD = 'ActHaltingUpdate';
const BACKWARD = 'ActHaltingUpdateGrad';

/** Which rows halt at this ponder step, and the probability each row gives it (see haltingStep). */
export interface HaltingStep {
  haltNow: tf.Tensor1D;
  carryOn: tf.Tensor1D;
  /** What the running sum gains: the increment of the rows that continue. */
  added: tf.Tensor1D;
  probability: tf.Tensor1D;
}

/**
 * The masked halting rule shared by ACT (increment h^n) and PonderNet (increment p_n = λ_n Π(1 − λ_j)): a
 * running row halts once cum + increment ≥ threshold, or at the last step; while it continues its probability
 * is the increment, at its last step the remainder 1 − cum, and 0 once halted. The comparison carries no
 * gradient; cum stays differentiable, so the last step's increment gets none.
 */
export function haltingStep(running: tf.Tensor1D, cumulative: tf.Tensor1D, increment: tf.Tensor1D, threshold: number, last: boolean): HaltingStep {
  const reached = tf.cast(tf.greaterEqual(tf.add(cumulative, increment), threshold), 'float32');
  const haltNow: tf.Tensor1D = last ? running : tf.mul(running, reached);
  const carryOn: tf.Tensor1D = tf.sub(running, haltNow);
  const added: tf.Tensor1D = tf.mul(carryOn, increment);
  return { haltNow, carryOn, added, probability: tf.add(added, tf.mul(haltNow, tf.sub(1, cumulative))) };
}

/**
 * One ACT ponder step's bookkeeping with TF.js ops: the halting rule, then the mean field gains this step's state
 * at its probability and the running sum the continuing rows' halting units. The reference the kernels below are
 * checked against, and what the GPU backends run.
 */
export function composedHaltingUpdate({ running, cumulative, halting, meanField, whole }: PonderStepValues, threshold: number, last: boolean): HaltingUpdate {
  const { carryOn, added, probability } = haltingStep(running, cumulative, halting, threshold, last);
  return {
    meanField: addToMeanField(meanField, probability, whole),
    cumulative: tf.add(cumulative, added),
    carryOn,
    probability,
  };
}

/** One ACT ponder step's bookkeeping: as one kernel where the running backend has it, else with TF.js ops. */
export function haltingUpdate(values: PonderStepValues, threshold: number, last: boolean): HaltingUpdate {
  return fusedHaltingUpdate(values, threshold, last) ?? composedHaltingUpdate(values, threshold, last);
}

/** The bookkeeping as one kernel, where the running backend has it (else undefined). */
export function fusedHaltingUpdate({ running, cumulative, halting, meanField, whole }: PonderStepValues, threshold: number, last: boolean): HaltingUpdate | undefined {
  if (!hasKernel(FORWARD)) return undefined;
  const outputs = tf.engine().runKernel(FORWARD, { running, cumulative, halting, meanField, whole }, { threshold, last }) as tf.Tensor[];
  const [nextCumulative, carryOn, probability, nextMeanField] = outputs;
  return { meanField: nextMeanField as tf.Tensor2D, cumulative: nextCumulative as tf.Tensor1D, carryOn: carryOn as tf.Tensor1D, probability: probability as tf.Tensor1D };
}

const f = Math.fround;

/**
 * The mean field gains each row of `whole` at the row's probability: next = meanField + p·whole, rounded as the
 * ops. With `loops` (WASM SIMD) four elements at a time, the same bits.
 */
function addRows(meanField: Float32Array, probability: Float32Array, whole: Float32Array, next: Float32Array, loops?: SimdLoops): void {
  const width = whole.length / probability.length;
  for (let row = 0; row < probability.length; row++) {
    const p = probability[row];
    const start = row * width;
    for (let k = start + (loops?.scaledAdd(whole, meanField, next, start, width, p) ?? 0), end = start + width; k < end; k++) next[k] = meanField[k] + f(p * whole[k]);
  }
}

/**
 * The mean field's part of the backward pass, D its upstream gradient: ∂whole = p·D, ∂p = Σ_j D·whole per row
 * (float32 products summed in float64, as the CPU backend's Sum), ∂meanField = D (a copy: every input gets its own
 * tensor).
 */
function meanFieldBackward(
  dMeanField: Float32Array, probability: Float32Array, whole: Float32Array,
  dWhole: Float32Array, dProbabilityFromMeanField: Float32Array, dMeanFieldIn: Float32Array, loops?: SimdLoops,
): void {
  const width = whole.length / probability.length;
  dMeanFieldIn.set(dMeanField);
  for (let row = 0; row < probability.length; row++) {
    const p = probability[row];
    const start = row * width;
    // With `loops` (WASM SIMD) the groups of four first, their products summed in another order (in float64: the
    // sum may differ from the ordered one by float64 rounding, which the float32 result almost never shows).
    const done = loops ? width & ~3 : 0;
    let sum = loops ? loops.scaledDot(dMeanField, whole, dWhole, start, width, p) : 0;
    for (let k = start + done, end = start + width; k < end; k++) {
      dWhole[k] = p * dMeanField[k];
      sum += f(dMeanField[k] * whole[k]); // in float64, rounded once: as the CPU backend's Sum
    }
    dProbabilityFromMeanField[row] = sum;
  }
}

/** The forward arithmetic on plain arrays (outputs written into the last three). */
function forward(
  running: Float32Array, cumulative: Float32Array, halting: Float32Array, threshold: number, last: boolean,
  nextCumulative: Float32Array, carryOn: Float32Array, probability: Float32Array,
): void {
  // The composite ops compare with the threshold as a float32 tensor.
  const bound = f(threshold);
  for (let row = 0; row < running.length; row++) {
    const reached = f(cumulative[row] + halting[row]) >= bound ? 1 : 0;
    const haltNow = last ? running[row] : f(running[row] * reached);
    const goesOn = f(running[row] - haltNow);
    const added = f(goesOn * halting[row]);
    carryOn[row] = goesOn;
    probability[row] = f(added + f(haltNow * f(1 - cumulative[row])));
    nextCumulative[row] = f(cumulative[row] + added);
  }
}

/**
 * The backward arithmetic: ∂h = carryOn·(dp + dcum'), ∂cum = dcum' − haltNow·dp. The halting test and `running`
 * carry no gradient. A missing upstream gradient (an output off the loss's path) counts as 0.
 */
function backward(
  dCumulative: Float32Array | undefined, dProbability: Float32Array | undefined, dProbabilityFromMeanField: Float32Array | undefined,
  running: Float32Array, carryOn: Float32Array, dHalting: Float32Array, dCumulativeIn: Float32Array,
): void {
  for (let row = 0; row < running.length; row++) {
    const gradP = f((dProbability?.[row] ?? 0) + (dProbabilityFromMeanField?.[row] ?? 0));
    const gradCumulative = dCumulative?.[row] ?? 0;
    const haltNow = f(running[row] - carryOn[row]);
    dHalting[row] = f(carryOn[row] * f(gradP + gradCumulative));
    dCumulativeIn[row] = f(gradCumulative - f(haltNow * gradP));
  }
}

registerJsKernels({
  forward: FORWARD,
  backward: BACKWARD,
  runForward(storage, { running, cumulative, halting, meanField, whole }, attrs) {
    const { threshold, last } = attrs as { threshold: number; last: boolean };
    const { outputs, values: [a, b, c, nextMeanField] } = makeOutputs(storage, [running.shape, running.shape, running.shape, meanField.shape]);
    forward(storage.values(running), storage.values(cumulative), storage.values(halting), threshold, last, a, b, c);
    addRows(storage.values(meanField), c, storage.values(whole), nextMeanField, storage.loops);
    return outputs;
  },
  runBackward(storage, { dCumulative, dProbability, dMeanField, running, carryOn, probability, whole }) {
    const { outputs, values: [dHalting, dCumulativeIn, dMeanFieldIn, dWhole, fromMeanField] } =
      makeOutputs(storage, [running!.shape, running!.shape, whole!.shape, whole!.shape, running!.shape]);
    const v = (info: tf.TensorInfo | undefined) => (info ? storage.values(info) : undefined);
    if (dMeanField) meanFieldBackward(v(dMeanField)!, v(probability)!, v(whole)!, dWhole, fromMeanField, dMeanFieldIn, storage.loops);
    else [dWhole, dMeanFieldIn].forEach((values) => values.fill(0)); // a new WASM tensor is not zeroed
    backward(v(dCumulative), v(dProbability), dMeanField ? fromMeanField : undefined, v(running)!, v(carryOn)!, dHalting, dCumulativeIn);
    // The last output was scratch for ∂p.
    storage.dispose(outputs[4]);
    return outputs.slice(0, 4);
  },
  gradient: {
    inputsToSave: ['running', 'whole'],
    outputsToSave: [false, true, true, false],
    gradFunc: (dy, [running, whole, carryOn, probability]) => {
      const [dCumulative, , dProbability, dMeanField] = dy as (tf.Tensor | null)[];
      const [dHalting, dCumulativeIn, dMeanFieldIn, dWhole] = backwardKernel(BACKWARD, { dCumulative, dProbability, dMeanField }, { running, carryOn, probability, whole });
      return {
        running: () => tf.zerosLike(running),
        cumulative: () => dCumulativeIn,
        halting: () => dHalting,
        meanField: () => dMeanFieldIn,
        whole: () => dWhole,
      };
    },
  },
});
