import * as tf from '@tensorflow/tfjs';
import { matMulKernel } from '../linear';
import type { Rng } from '../random';
import { kernel, makeVariable } from '../init';
import { vectorView, type Cell, type CellPlugin } from './cell';
import { fusedLstmUpdate } from './lstmKernel';

/**
 * LSTM without peepholes; state (h, c). Gate order in every [*, 4H] weight: i (input), f (forget), g (candidate),
 * o (output).
 *   [i f g o] = x·W + b + h·U;  c' = σ(f) ⊙ c + σ(i) ⊙ tanh(g);  h' = σ(o) ⊙ tanh(c')
 * Weights: input_kernel [in, 4H], recurrent_kernel [H, 4H], bias [4H] with the forget-gate part initialised to 1.
 */
export function lstmCell(rng: Rng, prefix: string, inputSize: number, hiddenSize: number): Cell {
  const inputKernel = kernel(rng, `${prefix}/input_kernel`, inputSize, 4 * hiddenSize);
  const recurrentKernel = kernel(rng, `${prefix}/recurrent_kernel`, hiddenSize, 4 * hiddenSize);
  const biasValues = new Float32Array(4 * hiddenSize);
  biasValues.fill(1, hiddenSize, 2 * hiddenSize);
  const bias = makeVariable(`${prefix}/bias`, [4 * hiddenSize], biasValues);
  return {
    kind: 'lstm',
    inputSize,
    hiddenSize,
    outputSize: hiddenSize,
    views: [
      vectorView('h', 'hidden state h', 0, hiddenSize, 'signed'),
      // c is a running sum, not squashed: |c| > 1 is common, so its colours scale with its values.
      vectorView('c', 'cell state c', 1, hiddenSize, 'auto'),
    ],
    stateWidths: [hiddenSize, hiddenSize],
    variables: [inputKernel, recurrentKernel, bias],
    projectInput: (x) => tf.add(matMulKernel(x, inputKernel.variable), bias.variable),
    step(projected, [h, c]) {
      return lstmUpdate(projected, c, matMulKernel(h, recurrentKernel.variable));
    },
    stepWhole(projected, [h, c]) {
      const fused = fusedLstmUpdate(projected, c, matMulKernel(h, recurrentKernel.variable), true);
      return fused && { state: [fused[0], fused[1]], whole: fused[2] };
    },
    output: ([h]) => h,
  };
}

/**
 * The LSTM update from gate pre-activations [i f g o] (plus a recurrent addend, where given) and the previous cell
 * state → [h', c']: one kernel where the backend has it.
 */
export function lstmUpdate(preActivations: tf.Tensor2D, c: tf.Tensor2D, recurrent?: tf.Tensor2D): [tf.Tensor2D, tf.Tensor2D] {
  return fusedLstmUpdate(preActivations, c, recurrent) ?? composedLstmUpdate(recurrent ? tf.add(preActivations, recurrent) : preActivations, c);
}

/** The same with TF.js ops: the reference the kernel is checked against, and what the GPU backends run. */
export function composedLstmUpdate(preActivations: tf.Tensor2D, c: tf.Tensor2D): [tf.Tensor2D, tf.Tensor2D] {
  const [i, f, g, o] = tf.split(preActivations, 4, 1);
  const nextC: tf.Tensor2D = tf.add(tf.mul(tf.sigmoid(f), c), tf.mul(tf.sigmoid(i), tf.tanh(g)));
  return [tf.mul(tf.sigmoid(o), tf.tanh(nextC)), nextC];
}

export const lstmPlugin: CellPlugin = {
  id: 'lstm',
  label: 'LSTM',
  description: 'Long short-term memory without peepholes.',
  options: {},
  create: ({ rng, prefix, inputSize, hiddenSize }) => lstmCell(rng, prefix, inputSize, hiddenSize),
  cost: ({ inputSize, hiddenSize: h }) => ({
    parameters: 4 * (inputSize * h + h * h + h),
    outputSize: h,
    stateWidth: 2 * h,
    // recurrent matMul, add, split, three sigmoids, two tanh, the products and sums of c' and h'
    tapeFloatsPerUpdate: 21 * h,
    macsPerUpdate: 4 * h * h,
    macsPerInputStep: 4 * inputSize * h,
  }),
};
