/**
 * Σ of tensors of one shape: tf.addN in groups of at most ADD_N_OPERANDS operands.
 *
 * Why: WebGPU binds every operand of a kernel as its own storage buffer, and its default limit is 8 per shader
 * stage, the output included. TF.js 4.22's WebGPU Concat splits a longer list, its AddN does not: an AddN of 10
 * gradient norms (a DNC's global norm) failed to compile there, and the whole batch of kernels submitted with it
 * computed nothing (a loss of 0, or gradients that never reached the cell's weights).
 */
import * as tf from '@tensorflow/tfjs';

/** The most operands one AddN kernel takes: 7 inputs and the output fit WebGPU's default 8 storage buffers. */
export const ADD_N_OPERANDS = 7;

export function sumTensors<T extends tf.Tensor>(tensors: readonly T[]): T {
  if (tensors.length === 0) throw new Error('sumTensors needs at least one tensor');
  let terms: tf.Tensor[] = [...tensors];
  while (terms.length > 1) {
    const groups: tf.Tensor[] = [];
    for (let i = 0; i < terms.length; i += ADD_N_OPERANDS) {
      const group = terms.slice(i, i + ADD_N_OPERANDS);
      groups.push(group.length === 1 ? group[0] : tf.addN(group));
    }
    terms = groups;
  }
  return terms[0] as T;
}
