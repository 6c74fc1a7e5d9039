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
 * memory [B, N, W] (+ `memoryOffset` on every entry), keys [B, R, W], extra [B, E, N] (rows to append, e.g. the
 * LRU one-hot) → the visible rows' selection matrix [B, R·K + E, N]: head 0's K best rows (most similar first),
 * head 1's, …, then `extra`. A constant to the gradient: the ops run inside a tf.customGrad that takes no
 * tensor inputs, so nothing here is taped and no gradient (not even zeros) flows back through the choice.
 */
export function contentSelection(memory: tf.Tensor3D, memoryOffset: number, keys: tf.Tensor3D, extra: tf.Tensor3D, k: number): tf.Tensor3D {
  const [batch, slots] = memory.shape;
  const heads = keys.shape[1];
  const select = tf.customGrad(() => {
    const { indices } = tf.topk(cosineSimilarity(tf.add(memory, memoryOffset), keys), k);
    const chosen = tf.reshape(tf.oneHot(tf.reshape(indices, [-1]), slots), [batch, heads * k, slots]);
    return { value: tf.concat([chosen.toFloat(), extra], 1), gradFunc: () => [] };
  });
  return select() as tf.Tensor3D;
}

/**
 * visible = S · memory, with the gradient memory ← Sᵀ · d(visible) through an explicit Sᵀ made once in the
 * forward pass (TF.js's own matMul gradient would use the transposed-operand kernel, many times slower on
 * WASM — see linear.ts). selection [B, V, N] is a constant (contentSelection); memory [B, N, W].
 */
export function selectRows(selection: tf.Tensor3D, memory: tf.Tensor3D): tf.Tensor3D {
  const gather = tf.customGrad((m, save) => {
    (save as tf.GradSaveFunc)([tf.transpose(selection, [0, 2, 1])]);
    return {
      value: tf.matMul(selection, m as tf.Tensor3D),
      gradFunc: (dy, [selectionT]) => [tf.matMul(selectionT, dy as tf.Tensor3D)],
    };
  });
  return gather(memory) as tf.Tensor3D;
}
