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
  return sumInGroups<tf.Tensor>(tensors, (group) => tf.addN(group)) as T;
}

/**
 * The order sumTensors adds in: groups of ADD_N_OPERANDS terms, each summed by `addGroup` (given two or more),
 * then the groups' sums the same way, until one is left. Shared with the WASM global-norm kernel (globalNorm.ts),
 * which must add its per-variable sums in this order to give the ops' bits.
 */
export function sumInGroups<T>(terms: readonly T[], addGroup: (group: T[]) => T): T {
  let left = [...terms];
  while (left.length > 1) {
    const groups: T[] = [];
    for (let i = 0; i < left.length; i += ADD_N_OPERANDS) {
      const group = left.slice(i, i + ADD_N_OPERANDS);
      groups.push(group.length === 1 ? group[0] : addGroup(group));
    }
    left = groups;
  }
  return left[0];
}
