/**
 * The row operations of the sparse memories, each a tf.customGrad whose backward touches only what the forward
 * touched. Rows are named by int32 slot indices [B, V] (constants to the gradient: top-K and argmax have none)
 * and addressed in flat [B·N, C] views through offsets b·N + slot, with plain gather / scatterND / tensorScatterUpdate
 * (the WASM backend lacks UnsortedSegmentSum, so tf.gather's own gradient fails there; its gather with batch
 * dimensions gave wrong values, sdnc/links.ts).
 *
 * These replace one-hot [B, V, N] selection matrices used through matMul: tf.profile of a SAM training step at
 * N = 4,096 (npm run bench:memory -- --cells sam --slots 4096 --profile 2) spent 27% of its kernel time in the
 * matMul [8,4096,5] × [8,5,16] of that selection's gradient alone (the WASM matMul is slow with an inner size of 5).
 */
import * as tf from '@tensorflow/tfjs';

/** Slot indices [B, V] (int32) → flat row indices [B·V] into a [B·N, C] view. */
export function flatRowIndices(slots: tf.Tensor2D, slotCount: number): tf.Tensor1D {
  const [batch] = slots.shape;
  const offsets = tf.reshape(tf.mul(tf.range(0, batch, 1, 'int32'), tf.scalar(slotCount, 'int32')), [batch, 1]);
  return tf.reshape(tf.add(tf.cast(slots, 'int32'), offsets), [-1]);
}

const asRows = (t: tf.Tensor, width: number): tf.Tensor2D => tf.reshape(t, [-1, width]);

/**
 * values [B, N, C], slots [B, V] → the chosen rows [B, V, C] (a slot named twice is returned twice). Backward:
 * the rows' gradients scattered into zeros [B, N, C] (summed where a slot is named twice): one N·C fill, no
 * arithmetic over N.
 */
export function gatherRows(values: tf.Tensor3D, slots: tf.Tensor2D): tf.Tensor3D {
  const [batch, slotCount, width] = values.shape;
  const rows = slots.shape[1];
  const flat = flatRowIndices(slots, slotCount);
  const gather = tf.customGrad((v, save) => {
    (save as tf.GradSaveFunc)([flat]);
    return {
      value: tf.reshape(tf.gather(asRows(v as tf.Tensor, width), flat), [batch, rows, width]),
      gradFunc: (dy, [saved]) => [tf.reshape(tf.scatterND(tf.expandDims(saved, 1), asRows(dy as tf.Tensor, width), [batch * slotCount, width]), [batch, slotCount, width])],
    };
  });
  return gather(values) as tf.Tensor3D;
}

/**
 * values [B, V, C] placed at slots [B, V] of zeros [B, N, C], summed where a slot is named twice (what a
 * one-hot selection Sᵀ · values gives). Backward: the gradient's rows at those slots.
 */
export function scatterRows(values: tf.Tensor3D, slots: tf.Tensor2D, slotCount: number): tf.Tensor3D {
  const [batch, rows, width] = values.shape;
  const flat = flatRowIndices(slots, slotCount);
  const scatter = tf.customGrad((v, save) => {
    (save as tf.GradSaveFunc)([flat]);
    return {
      value: tf.reshape(tf.scatterND(tf.expandDims(flat, 1), asRows(v as tf.Tensor, width), [batch * slotCount, width]), [batch, slotCount, width]),
      gradFunc: (dy, [saved]) => [tf.reshape(tf.gather(asRows(dy as tf.Tensor, width), saved), [batch, rows, width])],
    };
  });
  return scatter(values) as tf.Tensor3D;
}

/**
 * SAM's write on the stored memory M_s = M − `initial`: M_s' = M_s ⊙ (1 − 1_lru 1ᵀ) + w vᵀ − initial · 1_lru 1ᵀ,
 * memory [B, N, W], write w [B, N], vector v [B, W], lruSlot [B] (int32, a constant).
 *
 * Forward: M_s + w vᵀ, then the LRU row replaced by w_lru v − initial (tensorScatterUpdate, exact). Backward:
 * dM_s = dM_s' with the LRU row zeroed (dM_s' + a scatter of −dM_s'[lru], exact since x + (−x) = 0), dw = dM_s' v
 * and dv = wᵀ dM_s' (two matMuls that read dM_s' once each). The old M_s is not kept: the write is linear in it.
 *
 * Still O(N·W) per step, and why: TF.js has no in-place update, so the next memory is a new N × W tensor, and its
 * gradient arrives as a dense N × W tensor (the memory is a state the next step and ACT's mean field read whole);
 * w is dense [B, N] because under ACT the read weights it is made of mix every ponder step's visible rows.
 * tensorScatterUpdate is applied only to a tensor made here: the CPU backend's kernel (tfjs 4.22) writes into
 * its input's values in place, which would corrupt a gradient that other ops still hold.
 */
export function writeRows(memory: tf.Tensor3D, write: tf.Tensor2D, vector: tf.Tensor2D, lruSlot: tf.Tensor1D, initial: number): tf.Tensor3D {
  const [batch, slotCount, width] = memory.shape;
  const lruRow = flatRowIndices(tf.reshape(lruSlot, [batch, 1]), slotCount);
  // Tensors the backward reads go through save(): TF.js disposes the forward's other tensors before it runs.
  const writeRowsOp = tf.customGrad((m, w, v, save) => {
    const [mem, weights, vec] = [m as tf.Tensor3D, w as tf.Tensor2D, v as tf.Tensor2D];
    (save as tf.GradSaveFunc)([weights, vec, lruRow]);
    const added = tf.add(mem, tf.mul(tf.expandDims(weights, 2), tf.expandDims(vec, 1)));
    const fresh = tf.sub(tf.mul(tf.expandDims(tf.gather(tf.reshape(weights, [-1]), lruRow), 1), vec), initial);
    return {
      value: tf.reshape(tf.tensorScatterUpdate(asRows(added, width), tf.expandDims(lruRow, 1), fresh), [batch, slotCount, width]),
      gradFunc: (dy, [savedWeights, savedVector, savedLru]) => {
        const grad = dy as tf.Tensor3D;
        const rows = asRows(grad, width);
        const cancelLru = tf.scatterND(tf.expandDims(savedLru, 1), tf.neg(tf.gather(rows, savedLru)), [batch * slotCount, width]);
        const dMemory = tf.reshape(tf.add(rows, cancelLru), [batch, slotCount, width]);
        const dWrite = tf.reshape(tf.matMul(grad, tf.expandDims(savedVector, 2)), [batch, slotCount]);
        const dVector = tf.reshape(tf.matMul(tf.expandDims(savedWeights, 1), grad), [batch, width]);
        return [dMemory, dWrite, dVector];
      },
    };
  });
  return writeRowsOp(memory, write, vector) as tf.Tensor3D;
}
