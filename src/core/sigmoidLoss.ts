/**
 * The sigmoid head's loss — binary cross-entropy with logits, summed over a row's units — as one kernel forward
 * and one backward on the CPU backends (WASM and plain JS).
 *
 * Why: with TF.js ops the stable form max(z, 0) − z·y + log(1 + e^{−|z|}) is 9 kernels forward and about 15
 * backward on every training step (jsKernel.ts says why that costs). Here each row's sum is taken in float64 and
 * rounded once, and the gradient is its closed form ∂z = ∂L·(σ(z) − y): values and gradients agree with the ops'
 * to float32 rounding, not bit for bit (sigmoidLoss.test.ts). Where the kernel is missing (WebGL, WebGPU) the ops run.
 */
import * as tf from '@tensorflow/tfjs';
import { backwardKernel, hasKernel, makeOutputs, registerJsKernels } from './jsKernel';

const FORWARD = 'SigmoidCrossEntropyRows';
const BACKWARD = 'SigmoidCrossEntropyRowsGrad';

/** Σ over units of the stable binary cross-entropy with logits, per row: logits and targets [rows, units] → [rows]. */
export function sigmoidCrossEntropyRows(logits: tf.Tensor2D, targets: tf.Tensor2D): tf.Tensor1D {
  if (hasKernel(FORWARD)) return (tf.engine().runKernel(FORWARD, { logits, targets }) as tf.Tensor1D[])[0];
  return composedSigmoidCrossEntropyRows(logits, targets);
}

/** The same with TF.js ops: what the GPU backends run, and the reference the kernel is checked against. */
export function composedSigmoidCrossEntropyRows(logits: tf.Tensor2D, targets: tf.Tensor2D): tf.Tensor1D {
  const perUnit = tf.add(tf.sub(tf.relu(logits), tf.mul(logits, targets)), tf.log1p(tf.exp(tf.neg(tf.abs(logits)))));
  return tf.sum(perUnit, 1);
}

registerJsKernels({
  forward: FORWARD,
  backward: BACKWARD,
  runForward(storage, { logits, targets }) {
    const [rows, units] = logits.shape;
    const { outputs, values: [loss] } = makeOutputs(storage, [[rows]]);
    const [z, y] = [storage.values(logits), storage.values(targets)];
    for (let row = 0, k = 0; row < rows; row++) {
      let sum = 0;
      for (let end = k + units; k < end; k++) sum += Math.max(z[k], 0) - z[k] * y[k] + Math.log1p(Math.exp(-Math.abs(z[k])));
      loss[row] = sum;
    }
    return outputs;
  },
  runBackward(storage, { dLoss, logits, targets }) {
    const [rows, units] = logits!.shape;
    const { outputs, values: [dLogits] } = makeOutputs(storage, [logits!.shape]);
    const [dl, z, y] = [dLoss!, logits!, targets!].map((info) => storage.values(info));
    for (let row = 0, k = 0; row < rows; row++) {
      for (let end = k + units; k < end; k++) dLogits[k] = dl[row] * (1 / (1 + Math.exp(-z[k])) - y[k]);
    }
    return outputs;
  },
  gradient: {
    inputsToSave: ['logits', 'targets'],
    gradFunc: (dy, [logits, targets]) => {
      const [dLogits] = backwardKernel(BACKWARD, { dLoss: dy as tf.Tensor }, { logits, targets });
      return { logits: () => dLogits, targets: () => tf.zerosLike(targets) };
    },
  },
});
