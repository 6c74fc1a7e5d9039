/**
 * SDNC's sparse temporal links (memory.md "SDNC"): instead of the DNC's N × N matrix L (L[i, j]: how much slot i
 * was written right after slot j), each slot keeps K_L predecessors (its largest L[i, ·]) and K_L successors (its
 * largest L[·, j]) as [N, K_L] slot indices and weights. Per step, with write weights w and the previous
 * precedence p, the DNC's rule L'[i, j] = (1 − w_i − w_j) L[i, j] + w_i p_j (i ≠ j) is applied to the kept
 * entries and to the new candidates — predecessors: the K_L slots of largest p; successors: the K_L slots of
 * largest w — a pair found in both is summed, and each slot keeps its K_L largest. Then p' = (1 − Σw) p + w.
 *
 * The links only choose rows: K_L forward rows (largest Σ_j L'[i, j] ρ_j over the kept successors of the rows
 * read, ρ their mean read weight) and K_L backward rows, which join the visible set; the read weights over them
 * come from the content softmax. So the whole bookkeeping is a constant to the gradient: it runs untaped (in a
 * tf.customGrad without tensor inputs) and may use tf.gather. All of it is O(N·K_L) (plus the top-K over N).
 *
 * Gradient and ACT, precisely. With one update per input step (no ACT) the links are exact and so is the
 * gradient: the loss depends on the links only through which rows are visible, a discrete choice (piecewise
 * constant, like the content top-K). Under ACT two things are approximate:
 * - Forward: ACT's mean field mixes every state tensor entry by entry (act.ts), so list position j of slot x
 *   becomes weight Σ_n p^n w^n[x, j] and slot Σ_n p^n y^n[x, j]; the slot is rounded to the nearest whole slot
 *   when read (roundedSlots). Where the ponder steps agree on the slot at a position (the usual case: a step
 *   changes the lists of the few rows it writes and of the K_L candidates only) this is the exact mean field of
 *   the link matrices restricted to the kept entries; where they disagree the rounded slot may be one that no
 *   ponder step linked. The exact mean field of sparse links (per slot y: Σ_n p^n L^n[x, y], up to n·K_L entries
 *   per row, then the K_L largest) would need a cell-specific mean field in ACT's loop, which mixes one flat state.
 * - Gradient: the halting unit reads the whole state, link slots and weights included, so under ACT the loss
 *   does depend smoothly on the link weights. That gradient reaches the halting unit's weights and the halting
 *   probabilities p^n (the mean field Σ_n p^n s^n is taped), but not what made the link weights (the write
 *   weights and the precedence): the update runs untaped. With the selected rows held fixed, it is the gradient of
 *   a model whose halting unit sees the link state as an input.
 */
import * as tf from '@tensorflow/tfjs';

export interface SparseLinks {
  /** [B, N] */
  precedence: tf.Tensor2D;
  /** [B, N, K_L]: slot indices (floats) and weights. */
  successorSlots: tf.Tensor3D;
  successorWeights: tf.Tensor3D;
  predecessorSlots: tf.Tensor3D;
  predecessorWeights: tf.Tensor3D;
}

/** Stored slot indices rounded to a slot (they are floats, mean-fielded under ACT). */
const roundedSlots = (slots: tf.Tensor, n: number): tf.Tensor => tf.clipByValue(tf.round(slots), 0, n - 1);
const slotIndices = (slots: tf.Tensor, n: number): tf.Tensor => tf.cast(roundedSlots(slots, n), 'int32');

/**
 * 1 where two whole-number slot tensors (broadcast) are equal, else 0, as 1 − min(|a − b|, 1): arithmetic, because
 * the WASM backend's broadcasting Equal/NotEqual were the slowest kernels of the link update (tf.profile).
 */
const sameSlot = (a: tf.Tensor, b: tf.Tensor): tf.Tensor => tf.sub(1, tf.minimum(tf.abs(tf.sub(a, b)), 1));

/**
 * Row by row, values [R, C] at int32 indices [R, K] → [R, K]. Through flat offsets r·C + index and a plain
 * gather: the WASM backend's gather with batch dimensions returned wrong values here.
 */
function gatherInRows(values: tf.Tensor, indices: tf.Tensor): tf.Tensor {
  const [rows, width] = values.shape;
  const offsets = tf.mul(tf.range(0, rows, 1, 'int32'), tf.scalar(width, 'int32')).reshape([rows, 1]);
  return tf.reshape(tf.gather(tf.reshape(values, [-1]), tf.reshape(tf.add(indices, offsets), [-1])), indices.shape);
}

/** values [B, N] at indices [B, N, K] → [B, N, K]. */
function gatherSlots(values: tf.Tensor2D, indices: tf.Tensor): tf.Tensor3D {
  const [batch, n, k] = indices.shape;
  return tf.reshape(gatherInRows(values, tf.reshape(indices, [batch, n * k])), [batch, n, k]);
}

/**
 * One side's lists after a write: the kept entries decayed by (1 − w_x − w_y), the candidates y = candidateSlots
 * with weight rowScale_x · candidateValues, a pair in both summed, the diagonal dropped, the K_L largest kept
 * (ties: kept entries first, then candidates, each in order).
 */
function updateSide(slots: tf.Tensor3D, weights: tf.Tensor3D, write: tf.Tensor2D, rowScale: tf.Tensor2D, candidates: { indices: tf.Tensor2D; values: tf.Tensor2D }, k: number): [tf.Tensor3D, tf.Tensor3D] {
  const [batch, n] = write.shape;
  const kept = roundedSlots(slots, n);
  const decayed = tf.mul(weights, tf.sub(tf.sub(1, tf.expandDims(write, 2)), gatherSlots(write, slotIndices(slots, n))));
  const candidateSlots = tf.tile(tf.reshape(tf.cast(candidates.indices, 'float32'), [batch, 1, k]), [1, n, 1]);
  const rows = tf.reshape(tf.range(0, n), [1, n, 1]);
  const fresh = tf.mul(tf.mul(tf.expandDims(rowScale, 2), tf.expandDims(candidates.values, 1)), tf.sub(1, sameSlot(candidateSlots, rows)));
  // same[b, x, old, new]: a kept entry and a candidate name the same slot.
  const same = sameSlot(tf.expandDims(kept, 3), tf.expandDims(candidateSlots, 2));
  const merged = tf.add(fresh, tf.sum(tf.mul(same, tf.expandDims(decayed, 3)), 2));
  const keptOnly = tf.mul(decayed, tf.sub(1, tf.max(same, 3)));
  const allSlots = tf.concat([kept, candidateSlots], 2);
  const allWeights = tf.concat([keptOnly, merged], 2);
  const { values, indices } = tf.topk(allWeights, k);
  const chosen = tf.reshape(gatherInRows(tf.reshape(allSlots, [batch * n, 2 * k]), tf.reshape(indices, [batch * n, k])), [batch, n, k]);
  return [chosen as tf.Tensor3D, values as tf.Tensor3D];
}

/**
 * Both sides at once, stacked along the batch axis ([2B, …]: successors, then predecessors): one set of ops of
 * twice the size instead of two sets (a step of small ops is dispatch-bound on WASM). Successors of x gain
 * y = the slots of largest w with weight p_x · w_y; predecessors of x gain y = the slots of largest p with weight
 * w_x · p_y; both decay by (1 − w_x − w_y).
 */
export function updateLinks(links: SparseLinks, write: tf.Tensor2D, k: number): SparseLinks {
  const batch = write.shape[0];
  const bySide = <T extends tf.Tensor>(successor: T, predecessor: T): T => tf.concat([successor, predecessor], 0) as T;
  const [topWrite, topPrecedence] = [tf.topk(write, k), tf.topk(links.precedence, k)];
  const [slots, weights] = updateSide(
    bySide(links.successorSlots, links.predecessorSlots), bySide(links.successorWeights, links.predecessorWeights),
    bySide(write, write), bySide(links.precedence, write),
    { indices: bySide(topWrite.indices, topPrecedence.indices), values: bySide(topWrite.values, topPrecedence.values) }, k,
  );
  const [successorSlots, predecessorSlots] = tf.split(slots, [batch, batch], 0) as tf.Tensor3D[];
  const [successorWeights, predecessorWeights] = tf.split(weights, [batch, batch], 0) as tf.Tensor3D[];
  const precedence = tf.add(tf.mul(tf.sub(1, tf.sum(write, 1, true)), links.precedence), write) as tf.Tensor2D;
  return { precedence, successorSlots, successorWeights, predecessorSlots, predecessorWeights };
}

/**
 * The K_L rows one step along the links from the rows read (readMean [B, N]): scores ρ_x · weight over every
 * kept entry of every slot x, the K_L largest (ties: the lowest slot x, then entry) → their target slots
 * [B, K_L] (whole numbers, as floats).
 */
export function linkedRows(readMean: tf.Tensor2D, slots: tf.Tensor3D, weights: tf.Tensor3D, k: number): tf.Tensor2D {
  const [batch, n] = readMean.shape;
  const scores = tf.reshape(tf.mul(tf.expandDims(readMean, 2), weights), [batch, n * k]);
  const { indices } = tf.topk(scores, k);
  return gatherInRows(tf.reshape(roundedSlots(slots, n), [batch, n * k]), indices) as tf.Tensor2D;
}
