/**
 * Temporal links and precedence (memory.md step 5) and the directional read weights (step 6).
 *   L[i, j] ← (1 − w[i] − w[j]) L[i, j] + w[i] p[j], diagonal 0;   p ← (1 − Σ w) p + w
 * L[i, j] is how much slot i was written right after slot j.
 */
import * as tf from '@tensorflow/tfjs';
import { slotMask } from './masks';

/** links [B, N, N], precedence and write [B, N] (the previous precedence, the new write weights). */
export function updateLinks(links: tf.Tensor3D, precedence: tf.Tensor2D, write: tf.Tensor2D): tf.Tensor3D {
  const [batch, slots] = write.shape;
  const writeI = tf.reshape(write, [batch, slots, 1]);
  const writeJ = tf.reshape(write, [batch, 1, slots]);
  const kept = tf.mul(tf.sub(tf.sub(1, writeI), writeJ), links);
  const added = tf.mul(writeI, tf.reshape(precedence, [batch, 1, slots]));
  return tf.mul(tf.add(kept, added), slotMask(slots, (i, j) => i !== j));
}

export function updatePrecedence(precedence: tf.Tensor2D, write: tf.Tensor2D): tf.Tensor2D {
  return tf.add(tf.mul(tf.sub(1, tf.sum(write, 1, true)), precedence), write);
}

/** forward = L·w, backward = Lᵀ·w for each head's previous read weights (previousRead [B, R, N] → [B, R, N]). */
export function directionalWeights(links: tf.Tensor3D, previousRead: tf.Tensor3D): { forward: tf.Tensor3D; backward: tf.Tensor3D } {
  return {
    forward: tf.matMul(previousRead, links, false, true),
    backward: tf.matMul(previousRead, links),
  };
}
