/**
 * Which rows a sparse step touches, as constant one-hot matrices: the only parts of SAM/SDNC whose work is
 * O(N) per head, and why.
 *
 * - `leastRecentlyUsed`: the argmax over all N slots of the steps since last access. An argmax has to look
 *   at every slot (the paper's cost model too); it is one [B, N] reduction with no gradient.
 * - `contentSelection`: each head's K nearest rows by cosine similarity over all N rows (exact top-K; the
 *   paper's approximate index would make this sub-linear, at the cost of determinism). It runs inside
 *   tf.customGrad with a zero gradient, so the tape keeps none of its N-sized intermediates and the indices
 *   are constants to the gradient, as the paper's index lookups are (tf.topk has no gradient in TF.js 4.22).
 *
 * The rows are then used through [V, N] one-hot selection matrices and matMuls (not tf.gather, whose
 * gradient needs UnsortedSegmentSum, missing on the WASM backend): the softmax, read vectors and their
 * gradients are over the V = R·K + … + 1 selected rows only.
 */
import * as tf from '@tensorflow/tfjs';
import { cosineSimilarity } from '../dnc/addressing';

/** age [B, N] → one-hot [B, N] of the slot unused the longest (ties: the lowest index). */
export function leastRecentlyUsed(age: tf.Tensor2D): tf.Tensor2D {
  return tf.oneHot(tf.argMax(age, 1), age.shape[1]).toFloat() as tf.Tensor2D;
}

/**
 * memory [B, N, W], keys [B, R, W], extra [B, E, N] (rows to append, e.g. the LRU one-hot) → the visible
 * rows' selection matrix [B, R·K + E, N]: head 0's K best rows (most similar first), head 1's, …, then `extra`.
 * Zero gradient w.r.t. every input (the choice of rows is a constant; `extra` is one-hot, made without one).
 */
export function contentSelection(memory: tf.Tensor3D, keys: tf.Tensor3D, extra: tf.Tensor3D, k: number): tf.Tensor3D {
  const [batch, slots] = memory.shape;
  const heads = keys.shape[1];
  // The inputs pass through customGrad only so that it owns the gradient: none, to all three.
  const select = tf.customGrad(() => {
    const { indices } = tf.topk(cosineSimilarity(memory, keys), k);
    const chosen = tf.reshape(tf.oneHot(tf.reshape(indices, [-1]), slots), [batch, heads * k, slots]);
    return {
      value: tf.concat([chosen.toFloat(), extra], 1),
      gradFunc: () => [tf.zerosLike(memory), tf.zerosLike(keys), tf.zerosLike(extra)],
    };
  });
  return select(memory, keys, extra) as tf.Tensor3D;
}
