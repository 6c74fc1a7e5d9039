/**
 * Which rows a sparse step touches, as constant int32 slot indices: the only parts of SAM/SDNC whose work is
 * O(N) per head, and why.
 *
 * - `leastRecentlyUsed`: the argmax over all N slots of the steps since last access. An argmax has to look
 *   at every slot (the paper's cost model too); it is one [B, N] reduction with no gradient.
 * - `contentSelection`: each head's K nearest rows by cosine similarity over all N rows (exact top-K; the
 *   paper's approximate index would make this sub-linear, at the cost of determinism): R·N·W multiply-adds and
 *   the N row norms. It runs inside tf.customGrad with no gradient, so the tape keeps none of its N-sized
 *   intermediates and the indices are constants to the gradient, as the paper's index lookups are (tf.topk has
 *   no gradient in TF.js 4.22).
 *
 * The rows are then read with gatherRows and the read weights placed with scatterRows (sparseRows.ts): the
 * softmax, read vectors and their gradients are over the V = R·K + … + 1 selected rows only.
 */
import * as tf from '@tensorflow/tfjs';
import { cosineSimilarity } from '../dnc/addressing';

/** age [B, N] → the slot unused the longest (ties: the lowest index), as int32 [B] and as a one-hot [B, N]. */
export function leastRecentlyUsed(age: tf.Tensor2D): { slot: tf.Tensor1D; oneHot: tf.Tensor2D } {
  const slot = tf.argMax(age, 1) as tf.Tensor1D;
  return { slot, oneHot: tf.oneHot(slot, age.shape[1]).toFloat() as tf.Tensor2D };
}

/**
 * memory [B, N, W] (+ `memoryOffset` on every entry), keys [B, R, W], extra [B, E] int32 (slots to append, e.g.
 * the LRU one) → the visible rows' slots [B, R·K + E] int32: head 0's K best rows (most similar first), head 1's,
 * …, then `extra`. A constant to the gradient: the ops run inside a tf.customGrad that takes no tensor inputs,
 * so nothing here is taped and no gradient (not even zeros) flows back through the choice.
 */
export function contentSelection(memory: tf.Tensor3D, memoryOffset: number, keys: tf.Tensor3D, extra: tf.Tensor2D, k: number): tf.Tensor2D {
  const [batch] = memory.shape;
  const heads = keys.shape[1];
  const select = tf.customGrad(() => {
    const { indices } = tf.topk(cosineSimilarity(tf.add(memory, memoryOffset), keys), k);
    return { value: tf.concat([tf.reshape(indices, [batch, heads * k]), tf.cast(extra, 'int32')], 1), gradFunc: () => [] };
  });
  return select() as tf.Tensor2D;
}
