/**
 * The halting unit's last part — z = W_h s + b_h as a [batch] vector, and h = σ(z) — as one kernel forward and one
 * backward on the CPU backends (WASM and plain JS), in place of Add, Reshape and Sigmoid forward and about six
 * kernels backward per ponder step (jsKernel.ts says why that pays). The sigmoid is the backend's own kernel, the
 * rest float32 arithmetic in the ops' order: values and the product's gradient are the composite ops' bit for bit;
 * the bias's gradient, a sum over rows, agrees to float rounding (haltingSigmoid.test.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { backwardKernel, hasKernel, makeOutputs, registerJsKernels } from './jsKernel';

const FORWARD = 'HaltingSigmoid';
const BACKWARD = 'HaltingSigmoidGrad';

/** h = σ(z) and z = product + bias for every row, from the matMul W_h s [batch, 1] and the bias [1]. */
export function haltingFromProduct(product: tf.Tensor2D, bias: tf.Tensor1D): { halting: tf.Tensor1D; logit: tf.Tensor1D } {
  if (hasKernel(FORWARD)) {
    const [halting, logit] = tf.engine().runKernel(FORWARD, { product, bias }, {}) as tf.Tensor1D[];
    return { halting, logit };
  }
  return composedHaltingFromProduct(product, bias);
}

/** The same with TF.js ops: what the GPU backends run, and the reference the kernel is checked against. */
export function composedHaltingFromProduct(product: tf.Tensor2D, bias: tf.Tensor1D): { halting: tf.Tensor1D; logit: tf.Tensor1D } {
  const logit = tf.reshape(tf.add(product, bias), [-1]) as tf.Tensor1D;
  return { halting: tf.sigmoid(logit), logit };
}

const f = Math.fround;

registerJsKernels({
  forward: FORWARD,
  backward: BACKWARD,
  runForward(storage, { product, bias }) {
    const { outputs: [logit], values: [z] } = makeOutputs(storage, [[product.shape[0]]]);
    const [rows, b] = [storage.values(product), storage.values(bias)[0]];
    for (let row = 0; row < z.length; row++) z[row] = rows[row] + b;
    return [storage.sigmoid(logit), logit];
  },
  /** ∂z = ∂z (direct) + ∂h·h(1 − h); the product gets ∂z, the bias Σ_rows ∂z. */
  runBackward(storage, { dHalting, dLogit, halting }) {
    const rows = halting!.shape[0];
    const { outputs, values: [dProduct, dBias] } = makeOutputs(storage, [[rows, 1], [1]]);
    const [h, dh, dz] = [halting, dHalting, dLogit].map((info) => (info ? storage.values(info) : undefined));
    let sum = 0;
    for (let row = 0; row < rows; row++) {
      const throughSigmoid = dh ? f(dh[row] * f(h![row] * f(1 - h![row]))) : 0;
      const total = f((dz?.[row] ?? 0) + throughSigmoid);
      dProduct[row] = total;
      sum += total; // in float64, rounded once: as the CPU backend's Sum
    }
    dBias[0] = sum;
    return outputs;
  },
  gradient: {
    outputsToSave: [true, false],
    gradFunc: (dy, [halting]) => {
      const [dHalting, dLogit] = dy as (tf.Tensor | null)[];
      const [dProduct, dBias] = backwardKernel(BACKWARD, { dHalting, dLogit }, { halting });
      return { product: () => dProduct, bias: () => dBias };
    },
  },
});
