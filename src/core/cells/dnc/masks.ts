import * as tf from '@tensorflow/tfjs';

/**
 * A constant 0/1 matrix [n, n] over slot pairs (i, j): 1 where `keep(i, j)`. Built from host values in the
 * caller's tidy on every step (a few KB), because a cell has no hook to dispose tensors it would keep.
 */
export function slotMask(n: number, keep: (i: number, j: number) => boolean): tf.Tensor2D {
  const values = new Float32Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) values[i * n + j] = keep(i, j) ? 1 : 0;
  return tf.tensor2d(values, [n, n]);
}
