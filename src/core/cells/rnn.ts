import * as tf from '@tensorflow/tfjs';
import { matMulKernel } from '../linear';
import type { Rng } from '../random';
import { constantVector, kernel } from '../init';
import { vectorView, type Cell, type CellPlugin } from './cell';

/** Elman tanh RNN: h' = tanh(x·W + b + h·U). Weights: input_kernel [in, H], recurrent_kernel [H, H], bias [H]. */
export function rnnCell(rng: Rng, prefix: string, inputSize: number, hiddenSize: number): Cell {
  const inputKernel = kernel(rng, `${prefix}/input_kernel`, inputSize, hiddenSize);
  const recurrentKernel = kernel(rng, `${prefix}/recurrent_kernel`, hiddenSize, hiddenSize);
  const bias = constantVector(`${prefix}/bias`, hiddenSize);
  return {
    kind: 'rnn',
    inputSize,
    hiddenSize,
    outputSize: hiddenSize,
    views: [vectorView('h', 'hidden state h', 0, hiddenSize, 'signed')],
    stateWidths: [hiddenSize],
    variables: [inputKernel, recurrentKernel, bias],
    projectInput: (x) => tf.add(matMulKernel(x, inputKernel.variable), bias.variable),
    step: (projected, [h]) => [tf.tanh(tf.add(projected, matMulKernel(h, recurrentKernel.variable))) as tf.Tensor2D],
    output: ([h]) => h,
  };
}

export const rnnPlugin: CellPlugin = {
  id: 'rnn',
  label: 'tanh RNN',
  description: 'Elman RNN: one tanh layer.',
  options: {},
  create: ({ rng, prefix, inputSize, hiddenSize }) => rnnCell(rng, prefix, inputSize, hiddenSize),
  cost: ({ inputSize, hiddenSize: h }) => ({
    parameters: inputSize * h + h * h + h,
    outputSize: h,
    stateWidth: h,
    // recurrent matMul, add, tanh
    tapeFloatsPerUpdate: 3 * h,
    macsPerUpdate: h * h,
    macsPerInputStep: inputSize * h,
  }),
};
