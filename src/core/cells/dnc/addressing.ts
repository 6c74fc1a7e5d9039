/**
 * Content addressing: softmax over slots of strength × cosine(key, row), with deepmind's epsilons so that an
 * all-zero memory row (or key) gives no NaN, forward or backward:
 *   norm(x) = sqrt(Σ x² + 1e-6),  similarity = key·row / (norm(key)·norm(row) + 1e-6).
 */
import * as tf from '@tensorflow/tfjs';

export const NORM_EPSILON = 1e-6;

/** The paper's strength map, oneplus(x) = 1 + softplus(x) ≥ 1 (deepmind and the PyTorch port use softplus). */
export function oneplus<T extends tf.Tensor>(x: T): T {
  return tf.add(1, tf.softplus(x));
}

function norms(x: tf.Tensor3D): tf.Tensor3D {
  return tf.sqrt(tf.add(tf.sum(tf.square(x), 2, true), NORM_EPSILON)) as tf.Tensor3D;
}

/** memory [B, N, W], keys [B, K, W] → cosine similarity of every key with every row [B, K, N]. */
export function cosineSimilarity(memory: tf.Tensor3D, keys: tf.Tensor3D): tf.Tensor3D {
  const dot = tf.matMul(keys, memory, false, true);
  const [batch, slots] = memory.shape;
  const normProduct = tf.mul(norms(keys), tf.reshape(norms(memory), [batch, 1, slots]));
  return tf.div(dot, tf.add(normProduct, NORM_EPSILON));
}

/**
 * memory [B, N, W], keys [B, K, W], strengths [B, K] (already ≥ 0, e.g. after oneplus) → weights [B, K, N],
 * each head's row summing to 1.
 */
export function contentWeights(memory: tf.Tensor3D, keys: tf.Tensor3D, strengths: tf.Tensor2D): tf.Tensor3D {
  return tf.softmax(tf.mul(cosineSimilarity(memory, keys), tf.expandDims(strengths, 2))) as tf.Tensor3D;
}
