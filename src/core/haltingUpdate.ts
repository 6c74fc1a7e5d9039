/**
 * The halting rule of a ponder step, and ACT's bookkeeping on [batch] vectors — the halting unit h = σ(s·W_h + b_h),
 * the halting test, the step's probability and the running sum of halting units — as one kernel forward and one
 * backward on the CPU backends (WASM and plain JS).
 *
 * Why: written with TF.js ops it is a matMul, a sigmoid and 11 kernels forward and about 20 backward per ponder
 * step, most on a [batch] vector, and each costs the engine's per-op overhead (jsKernel.ts) for ≈ 100 ns of
 * arithmetic. The kernels below do the same float32 arithmetic in the same order (every intermediate rounded with
 * Math.fround) except the halting unit's dot products, which sum float32 products in float64 (the matMul's own
 * order is its business): so values are the composite ops' up to that rounding (bit for bit where the dot products
 * are exact), and gradients too up to the order in which the tape sums a tensor's gradient contributions
 * (haltingUpdate.test.ts). The mean field's update on [batch, width] is the kernel's too: as ops it was 3 kernels
 * forward and about 8 backward per ponder step, and their dispatch costs more than a JavaScript loop (≈ 2 ns an
 * element) at the small models' widths; on WASM those loops run four lanes at a time in WebAssembly SIMD
 * (simdLoops.ts). On the GPU backends, where a kernel would have to be a shader, the composite ops run
 * (composedPonderStep, which also holds the halting rule PonderNet shares: haltingStep).
 */
import * as tf from '@tensorflow/tfjs';
import { haltingFromProduct } from './haltingSigmoid';
import { backwardKernel, hasKernel, makeOutputs, registerJsKernels } from './jsKernel';
import { matMulKernel } from './linear';
import type { SimdLoops } from './simdLoops';

/** What a ponder step's bookkeeping starts from: the loop's accumulators and this update's state. */
export interface PonderStepValues {
  /** Rows still running when this step started (1/0). */
  running: tf.Tensor1D;
  /** Σ of halting units so far of the rows that continue. */
  cumulative: tf.Tensor1D;
  meanField: tf.Tensor2D;
  /** Updates each row has run before this one: N so far. */
  steps: tf.Tensor1D;
  /** This update's whole state [batch, Σ widths]. */
  whole: tf.Tensor2D;
}

/** The halting unit's weights: h = σ(whole·kernel + bias), kernel [Σ widths, 1], bias [1]. */
export interface HaltingWeights {
  kernel: tf.Tensor2D;
  bias: tf.Tensor1D;
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
  /** N after this update: steps + running. Its gradient passes straight to `steps` (N's count carries none). */
  steps: tf.Tensor1D;
}

/** A whole ACT ponder step: the bookkeeping and the halting unit's answer, h^n and its logit z^n. */
export interface PonderStep extends HaltingUpdate {
  halting: tf.Tensor1D;
  logit: tf.Tensor1D;
}

/** The mean field gains this step's whole state at its probability (TF.js ops). */
function addToMeanField(meanField: tf.Tensor2D, probability: tf.Tensor1D, whole: tf.Tensor2D): tf.Tensor2D {
  return tf.add(meanField, tf.mul(tf.expandDims(probability, 1), whole));
}

const FORWARD = 'ActPonderStep';
const BACKWARD = 'ActPonderStepGrad';

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
 * One ACT ponder step's bookkeeping with TF.js ops, from h^n: the halting rule, then the mean field gains this
 * step's state at its probability and the running sum the continuing rows' halting units. What the GPU backends
 * run (and a halting unit other than HaltingWeights' everywhere).
 */
export function composedHaltingUpdate(values: PonderStepValues & { halting: tf.Tensor1D }, threshold: number, last: boolean): HaltingUpdate {
  const { running, cumulative, halting, meanField, whole, steps } = values;
  const { carryOn, added, probability } = haltingStep(running, cumulative, halting, threshold, last);
  return {
    meanField: addToMeanField(meanField, probability, whole),
    cumulative: tf.add(cumulative, added),
    carryOn,
    probability,
    steps: tf.add(steps, running),
  };
}

/** The whole ponder step with TF.js ops (the halting unit as haltingFromProduct): the reference the kernels below are checked against. */
export function composedPonderStep(values: PonderStepValues, { kernel, bias }: HaltingWeights, threshold: number, last: boolean): PonderStep {
  const { halting, logit } = haltingFromProduct(matMulKernel(values.whole, kernel), bias);
  return { ...composedHaltingUpdate({ ...values, halting }, threshold, last), halting, logit };
}

/** One ACT ponder step, the halting unit included: as one kernel where the running backend has it, else with TF.js ops. */
export function ponderStep(values: PonderStepValues, weights: HaltingWeights, threshold: number, last: boolean): PonderStep {
  return fusedPonderStep(values, weights, threshold, last) ?? composedPonderStep(values, weights, threshold, last);
}

/** The step as one kernel, where the running backend has it (else undefined). */
export function fusedPonderStep({ running, cumulative, meanField, steps, whole }: PonderStepValues, { kernel, bias }: HaltingWeights, threshold: number, last: boolean): PonderStep | undefined {
  if (!hasKernel(FORWARD)) return undefined;
  const outputs = tf.engine().runKernel(FORWARD, { running, cumulative, meanField, steps, whole, kernel, bias }, { threshold, last }) as tf.Tensor[];
  const [nextCumulative, carryOn, probability, nextMeanField, halting, logit, nextSteps] = outputs;
  return {
    meanField: nextMeanField as tf.Tensor2D,
    cumulative: nextCumulative as tf.Tensor1D,
    carryOn: carryOn as tf.Tensor1D,
    probability: probability as tf.Tensor1D,
    halting: halting as tf.Tensor1D,
    logit: logit as tf.Tensor1D,
    steps: nextSteps as tf.Tensor1D,
  };
}

const f = Math.fround;

/**
 * The mean field gains each row of `whole` at the row's probability: next = meanField + p·whole, rounded as the
 * ops. With `loops` (WASM SIMD) four elements at a time, the same bits.
 */
function addRows(meanField: Float32Array, probability: Float32Array, whole: Float32Array, next: Float32Array, loops?: SimdLoops): void {
  const [rows, width] = [probability.length, whole.length / probability.length];
  const done = loops?.scaledAddRows([whole, 0, width], [meanField, 0, width], [next, 0, width], [probability, 0, 1], width, rows) ?? 0;
  for (let row = 0; row < rows; row++) {
    const p = probability[row];
    for (let k = row * width + done, end = (row + 1) * width; k < end; k++) next[k] = meanField[k] + f(p * whole[k]);
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
    let sum = loops ? loops.scaledDot(dMeanField, start, whole, start, dWhole, start, width, p) : 0;
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

/**
 * z = whole·kernel + bias for every row, rounded as the ops: the dot product (float32 products summed in float64,
 * four lanes apart on WASM SIMD) rounded to float32 as the matMul's result, then the bias added.
 */
function haltingLogits(whole: Float32Array, kernel: Float32Array, bias: number, z: Float32Array, loops?: SimdLoops): void {
  const width = kernel.length;
  for (let row = 0; row < z.length; row++) {
    const start = row * width;
    let sum = loops ? loops.dot(whole, start, kernel, 0, width) : 0;
    for (let k = loops ? width & ~3 : 0; k < width; k++) sum += f(whole[start + k] * kernel[k]);
    z[row] = f(f(sum) + bias);
  }
}

/**
 * The halting unit's part of the backward pass: ∂z = ∂z (direct) + ∂h·h(1 − h) per row (into `dz`); the state
 * gains ∂z·kernelᵀ (on top of the mean field's part), the kernel Σ_rows wholeᵀ·∂z (row after row, as the loop
 * over rows always added) and the bias Σ_rows ∂z.
 */
function haltingUnitBackward(
  dHalting: Float32Array, dLogit: Float32Array | undefined, halting: Float32Array, whole: Float32Array, kernel: Float32Array,
  dWhole: Float32Array, dKernel: Float32Array, dBias: Float32Array, dz: Float32Array, loops?: SimdLoops,
): void {
  const [rows, width] = [halting.length, kernel.length];
  dKernel.fill(0);
  let biasSum = 0;
  for (let row = 0; row < rows; row++) {
    const h = halting[row];
    dz[row] = f((dLogit?.[row] ?? 0) + f(dHalting[row] * f(h * f(1 - h))));
    biasSum += dz[row]; // in float64, rounded once: as the CPU backend's Sum
  }
  dBias[0] = biasSum;
  const done = loops?.scaledAddRows([kernel, 0, 0], [dWhole, 0, width], [dWhole, 0, width], [dz, 0, 1], width, rows) ?? 0;
  loops?.scaledAddRows([whole, 0, width], [dKernel, 0, 0], [dKernel, 0, 0], [dz, 0, 1], width, rows);
  for (let row = 0; row < rows; row++) {
    const start = row * width;
    for (let k = done; k < width; k++) dWhole[start + k] += f(kernel[k] * dz[row]);
    for (let k = done; k < width; k++) dKernel[k] += f(whole[start + k] * dz[row]);
  }
}

registerJsKernels({
  forward: FORWARD,
  backward: BACKWARD,
  runForward(storage, { running, cumulative, meanField, steps, whole, kernel, bias }, attrs) {
    const { threshold, last } = attrs as { threshold: number; last: boolean };
    const rows = running.shape[0];
    const logit = storage.make([rows]);
    haltingLogits(storage.values(whole), storage.values(kernel), storage.values(bias)[0], storage.values(logit), storage.loops);
    const halting = storage.sigmoid(logit);
    const { outputs, values: [nextCumulative, carryOn, probability, nextMeanField, nextSteps] } = makeOutputs(storage, [[rows], [rows], [rows], meanField.shape, [rows]]);
    const [isRunning, stepsSoFar] = [storage.values(running), storage.values(steps)];
    forward(isRunning, storage.values(cumulative), storage.values(halting), threshold, last, nextCumulative, carryOn, probability);
    addRows(storage.values(meanField), probability, storage.values(whole), nextMeanField, storage.loops);
    for (let row = 0; row < rows; row++) nextSteps[row] = stepsSoFar[row] + isRunning[row];
    return [...outputs.slice(0, 4), halting, logit, outputs[4]];
  },
  runBackward(storage, { dCumulative, dProbability, dMeanField, dHalting, dLogit, running, carryOn, probability, whole, kernel, halting }) {
    const rows = running!.shape[0];
    const { outputs, values: [dCumulativeIn, dMeanFieldIn, dWhole, dKernel, dBias, fromMeanField, dHaltingHere, dz] } =
      makeOutputs(storage, [[rows], whole!.shape, whole!.shape, kernel!.shape, [1], [rows], [rows], [rows]]);
    const v = (info: tf.TensorInfo | undefined) => (info ? storage.values(info) : undefined);
    if (dMeanField) meanFieldBackward(v(dMeanField)!, v(probability)!, v(whole)!, dWhole, fromMeanField, dMeanFieldIn, storage.loops);
    else [dWhole, dMeanFieldIn].forEach((values) => values.fill(0)); // a new WASM tensor is not zeroed
    backward(v(dCumulative), v(dProbability), dMeanField ? fromMeanField : undefined, v(running)!, v(carryOn)!, dHaltingHere, dCumulativeIn);
    // h's gradient from elsewhere (none in training: the observers only read it) adds to the bookkeeping's.
    const fromElsewhere = v(dHalting);
    if (fromElsewhere) for (let row = 0; row < rows; row++) dHaltingHere[row] = f(dHaltingHere[row] + fromElsewhere[row]);
    haltingUnitBackward(dHaltingHere, v(dLogit), v(halting)!, v(whole)!, v(kernel)!, dWhole, dKernel, dBias, dz, storage.loops);
    // The last three outputs were scratch.
    outputs.slice(5).forEach((scratch) => storage.dispose(scratch));
    return outputs.slice(0, 5);
  },
  gradient: {
    inputsToSave: ['running', 'whole', 'kernel'],
    outputsToSave: [false, true, true, false, true, false, false],
    gradFunc: (dy, [running, whole, kernel, carryOn, probability, halting]) => {
      const [dCumulative, , dProbability, dMeanField, dHalting, dLogit, dSteps] = dy as (tf.Tensor | null)[];
      const [dCumulativeIn, dMeanFieldIn, dWhole, dKernel, dBias] = backwardKernel(
        BACKWARD, { dCumulative, dProbability, dMeanField, dHalting, dLogit }, { running, carryOn, probability, whole, kernel, halting },
      );
      return {
        running: () => tf.zerosLike(running),
        steps: () => dSteps ?? tf.zerosLike(running),
        cumulative: () => dCumulativeIn,
        meanField: () => dMeanFieldIn,
        whole: () => dWhole,
        kernel: () => dKernel,
        bias: () => dBias,
      };
    },
  },
});
