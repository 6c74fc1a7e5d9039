/**
 * The LSTM controller that the memory cells (DNC, SAM, SDNC) share: gate order i, f, g, o on
 * [x_t, r_{t−1}] (the previous reads fed back every step, as deepmind does), clipped to ±20.
 * Weights under `{prefix}/controller/`: input_kernel [in, 4H], recurrent_kernel [H, 4H],
 * read_kernel [R·W, 4H], bias [4H] (forget block +1).
 */
import * as tf from '@tensorflow/tfjs';
import { sumTensors } from '../../sumTensors';
import type { NamedVariable } from '../../init';
import { kernel, makeVariable } from '../../init';
import { matMulKernel } from '../../linear';
import type { Rng } from '../../random';

export const CLIP = 20;

export const clip = <T extends tf.Tensor>(x: T): T => tf.clipByValue(x, -CLIP, CLIP);

export interface ControllerWeights {
  /** [H, 4H] */
  recurrentKernel: tf.Tensor;
  /** [R·W, 4H] */
  readKernel: tf.Tensor;
}

export interface ControllerVariables {
  inputKernel: NamedVariable;
  recurrentKernel: NamedVariable;
  readKernel: NamedVariable;
  bias: NamedVariable;
}

export function controllerVariables(rng: Rng, prefix: string, inputSize: number, hiddenSize: number, readWidth: number): ControllerVariables {
  const gates = 4 * hiddenSize;
  return {
    inputKernel: kernel(rng, `${prefix}/controller/input_kernel`, inputSize, gates),
    recurrentKernel: kernel(rng, `${prefix}/controller/recurrent_kernel`, hiddenSize, gates),
    readKernel: kernel(rng, `${prefix}/controller/read_kernel`, readWidth, gates),
    bias: makeVariable(`${prefix}/controller/bias`, [gates], new Float32Array(gates).fill(1, hiddenSize, 2 * hiddenSize)),
  };
}

/** Controller LSTM: gates = projected x + h·U + r·V → (h, c), both clipped to ±20. */
export function controllerStep(projected: tf.Tensor2D, h: tf.Tensor2D, c: tf.Tensor2D, reads: tf.Tensor2D, weights: ControllerWeights): [tf.Tensor2D, tf.Tensor2D] {
  const gates = sumTensors([projected, matMulKernel(h, weights.recurrentKernel), matMulKernel(reads, weights.readKernel)]);
  const [i, f, g, o] = tf.split(gates, 4, 1);
  const nextC: tf.Tensor2D = tf.add(tf.mul(tf.sigmoid(f), c), tf.mul(tf.sigmoid(i), tf.tanh(g)));
  const nextH: tf.Tensor2D = tf.mul(tf.sigmoid(o), tf.tanh(nextC));
  return [clip(nextH), clip(nextC)];
}
