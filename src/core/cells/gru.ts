import * as tf from '@tensorflow/tfjs';
import { matMulKernel } from '../linear';
import type { Rng } from '../random';
import { constantVector, kernel } from '../init';
import { vectorView, type Cell, type CellPlugin } from './cell';

/**
 * GRU with the reset gate applied after the recurrent matmul (cuDNN / Keras `reset_after`), so both matmuls are
 * fused over the three gates. Gate order in every [*, 3H] weight: z (update), r (reset), n (candidate).
 *   z = σ(x·Wz + bz + h·Uz + cz)   r = σ(x·Wr + br + h·Ur + cr)   n = tanh(x·Wn + bn + r ⊙ (h·Un + cn))
 *   h' = (1 − z) ⊙ n + z ⊙ h
 * Weights: input_kernel [in, 3H], recurrent_kernel [H, 3H], bias [3H] (b), recurrent_bias [3H] (c).
 */
export function gruCell(rng: Rng, prefix: string, inputSize: number, hiddenSize: number): Cell {
  const inputKernel = kernel(rng, `${prefix}/input_kernel`, inputSize, 3 * hiddenSize);
  const recurrentKernel = kernel(rng, `${prefix}/recurrent_kernel`, hiddenSize, 3 * hiddenSize);
  const bias = constantVector(`${prefix}/bias`, 3 * hiddenSize);
  const recurrentBias = constantVector(`${prefix}/recurrent_bias`, 3 * hiddenSize);
  return {
    kind: 'gru',
    inputSize,
    hiddenSize,
    outputSize: hiddenSize,
    views: [vectorView('h', 'hidden state h', 0, hiddenSize, 'signed')],
    stateWidths: [hiddenSize],
    variables: [inputKernel, recurrentKernel, bias, recurrentBias],
    projectInput: (x) => tf.add(matMulKernel(x, inputKernel.variable), bias.variable),
    step(projected, [h]) {
      const recurrent = tf.add(matMulKernel(h, recurrentKernel.variable), recurrentBias.variable);
      const [xz, xr, xn] = tf.split(projected, 3, 1);
      const [hz, hr, hn] = tf.split(recurrent, 3, 1);
      const z = tf.sigmoid(tf.add(xz, hz));
      const r = tf.sigmoid(tf.add(xr, hr));
      const n = tf.tanh(tf.add(xn, tf.mul(r, hn)));
      // h' = n + z ⊙ (h − n)  ≡  (1 − z) ⊙ n + z ⊙ h, one op fewer.
      return [tf.add(n, tf.mul(z, tf.sub(h, n)))];
    },
    output: ([h]) => h,
  };
}

export const gruPlugin: CellPlugin = {
  id: 'gru',
  label: 'GRU',
  description: 'Gated recurrent unit (reset after the recurrent matMul).',
  options: {},
  create: ({ rng, prefix, inputSize, hiddenSize }) => gruCell(rng, prefix, inputSize, hiddenSize),
  cost: ({ inputSize, hiddenSize: h }) => ({
    parameters: 3 * (inputSize * h + h * h + 2 * h),
    outputSize: h,
    stateWidth: h,
    // recurrent matMul + bias, two splits, gates z and r, r ⊙ hn, n, and h' = n + z ⊙ (h − n)
    tapeFloatsPerUpdate: 20 * h,
    macsPerUpdate: 3 * h * h,
    macsPerInputStep: 3 * inputSize * h,
  }),
};
