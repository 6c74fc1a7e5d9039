/**
 * One SAM step (Rae et al. 2016; memory.md "SAM") on the flat state of layout.ts:
 *   controller LSTM on [x_t, r_{t−1}] → interface → write to the previously read rows or the LRU row
 *   (interpolation gate γ, write gate α; the LRU row erased first) → usage → the new LRU row → each head's K
 *   nearest rows of the new memory → softmax over the visible rows only → read vectors.
 *
 *   ρ = mean over heads of w^r_{t−1};  w^w = α (γ ρ + (1 − γ) 1_lru)
 *   M_t = M_{t−1} ⊙ (1 − 1_lru 1ᵀ) + w^w aᵀ
 *   age_t = (age + 1) ⊙ (1 − [Σ_r w^r_{t−1} + w^w > 0.005]);  lru_t = argmax age_t
 *   S = one-hot [top-K(cos(q_1, M_t)), …, top-K(cos(q_R, M_t)), lru_t]  (V × N, constant)
 *   w_vis = softmax_V(β · cos(q, S M_t));  r = w_vis S M_t;  w^r_t = w_vis S
 *
 * Where the work is O(N) (issue #12 asks it named): the memory is an N × W tensor that TF.js rebuilds every
 * step (no in-place update): one add of w aᵀ and one copy that replaces the LRU row in the forward, one copy with
 * the LRU row zeroed and two matMuls that read dM once each in the backward (writeRows, sparseRows.ts); ρ, w^w,
 * the usage, the argmax and the read weights' placement are [N] vectors; the top-K similarity is R·N·W plus the
 * N row norms, without gradient (selection.ts); the reads' gradient into the memory is one scatter into zeros
 * [N, W] that TF.js then adds to the write's gradient. The visible rows are gathered (V·W), never multiplied by
 * an [V, N] selection matrix. No N × N matrix, no softmax or sort over N.
 */
import * as tf from '@tensorflow/tfjs';
import { matMulKernel } from '../../linear';
import { contentWeights } from '../dnc/addressing';
import type { ControllerWeights } from '../memory/controller';
import { controllerStep } from '../memory/controller';
import { splitSamInterface } from './interface';
import type { SamSizes, StatePart } from './layout';
import { ACCESS_THRESHOLD, INITIAL_MEMORY, STATE_PARTS, stateShapes, storedOffset } from './layout';
import { contentSelection, leastRecentlyUsed } from './selection';
import { gatherRows, scatterRows, writeRows } from './sparseRows';

export interface SamWeights extends ControllerWeights {
  /** [H, interfaceWidth] */
  interfaceKernel: tf.Tensor;
  /** [interfaceWidth] */
  interfaceBias: tf.Tensor;
}

export interface SamSettings {
  sizes: SamSizes;
  weights: SamWeights;
}

/** Parts used as [B, rows, cols] (even with one head); the others as [B, width]. */
const MATRIX_PARTS = new Set<StatePart>(['memory', 'readWeights', 'readVectors']);

/**
 * The state as named tensors, the read weights' stored offset undone. The memory stays stored (M − 0.005):
 * the equations below take the offset into account.
 */
export function unpackState(sizes: SamSizes, state: tf.Tensor2D[], temporalRows = 0): Record<StatePart, tf.Tensor> {
  const batch = state[0].shape[0];
  const shapes = stateShapes(sizes);
  return Object.fromEntries(STATE_PARTS.map((part, index) => {
    const offset = part === 'memory' ? undefined : storedOffset(part, sizes, temporalRows);
    const value = offset ? tf.add(state[index], tf.tensor2d(offset, [1, offset.length])) : state[index];
    return [part, MATRIX_PARTS.has(part) ? tf.reshape(value, [batch, ...shapes[part]]) : value];
  })) as Record<StatePart, tf.Tensor>;
}

/** Named tensors back to the flat stored layout (the read weights' offset subtracted; the memory is stored already). */
export function packState(sizes: SamSizes, next: Record<StatePart, tf.Tensor>, temporalRows = 0): tf.Tensor2D[] {
  return STATE_PARTS.map((part) => {
    const flat = tf.reshape(next[part], [next[part].shape[0], -1]) as tf.Tensor2D;
    const offset = part === 'memory' ? undefined : storedOffset(part, sizes, temporalRows);
    return offset ? tf.sub(flat, tf.tensor2d(offset, [1, offset.length])) : flat;
  });
}

export interface SamWrite {
  /** Stored: M_t − 0.005. */
  memory: tf.Tensor3D;
  write: tf.Tensor2D;
  age: tf.Tensor2D;
  /** The new LRU row: one-hot [B, N] and its slot [B] (int32). */
  lru: tf.Tensor2D;
  lruSlot: tf.Tensor1D;
}

/**
 * The write, usage and LRU part of a step. storedMemory [B, N, W] = M − 0.005, previousRead [B, R, N],
 * age [B, N]. On the stored memory M_s the write is M_s ⊙ (1 − 1_lru 1ᵀ) + w^w aᵀ − 0.005 · 1_lru 1ᵀ (writeRows).
 */
export function sparseWrite(storedMemory: tf.Tensor3D, previousRead: tf.Tensor3D, age: tf.Tensor2D, gates: { interpolation: tf.Tensor2D; write: tf.Tensor2D; vector: tf.Tensor2D }): SamWrite {
  const previousLru = leastRecentlyUsed(age);
  const readTotal = tf.sum(previousRead, 1);
  const meanRead = tf.div(readTotal, previousRead.shape[1]);
  const write = tf.mul(gates.write, tf.add(tf.mul(gates.interpolation, meanRead), tf.mul(tf.sub(1, gates.interpolation), previousLru.oneHot))) as tf.Tensor2D;
  const nextMemory = writeRows(storedMemory, write, gates.vector, previousLru.slot, INITIAL_MEMORY);
  // Which slots were accessed is a constant to the gradient (made in a customGrad without tensor inputs, so
  // untaped); the ages still carry the gradient of ACT's mean field (the halting unit reads them).
  const accessed = tf.customGrad(() => ({ value: tf.step(tf.sub(tf.add(readTotal, write), ACCESS_THRESHOLD)), gradFunc: () => [] }))();
  const nextAge = tf.mul(tf.add(age, 1), tf.sub(1, accessed)) as tf.Tensor2D;
  const nextLru = leastRecentlyUsed(nextAge);
  return { memory: nextMemory, write, age: nextAge, lru: nextLru.oneHot, lruSlot: nextLru.slot };
}

/**
 * Reads the visible rows at `slots` [B, V] (int32) of the stored memory M_s = M − 0.005: the rows M_s + 0.005;
 * softmax over the V visible rows only; the read weights placed back at their slots ([B, R, N], summed where a
 * slot is visible twice).
 */
export function sparseRead(storedMemory: tf.Tensor3D, slots: tf.Tensor2D, keys: tf.Tensor3D, strengths: tf.Tensor2D): { weights: tf.Tensor3D; vectors: tf.Tensor3D } {
  const visible = tf.add(gatherRows(storedMemory, slots), INITIAL_MEMORY) as tf.Tensor3D;
  const visibleWeights = contentWeights(visible, keys, strengths);
  const placed = scatterRows(tf.transpose(visibleWeights, [0, 2, 1]), slots, storedMemory.shape[1]);
  return { weights: tf.transpose(placed, [0, 2, 1]), vectors: tf.matMul(visibleWeights, visible) };
}

/**
 * SDNC's addition to a step: from the write and the previous reads (mean over heads, [B, N]) and its own state
 * tensors, the slots to append to the visible set ([B, E] int32, before the LRU row) and its next state tensors.
 */
export interface TemporalRows {
  rows: number;
  select(written: SamWrite, previousReadMean: tf.Tensor2D, state: tf.Tensor2D[]): { slots: tf.Tensor2D; next: tf.Tensor2D[] };
}

/** One step; `temporal` (SDNC) appends its rows to the visible set and carries its state after SAM's. */
export function samStep({ sizes, weights }: SamSettings, projected: tf.Tensor2D, state: tf.Tensor2D[], temporal?: TemporalRows): tf.Tensor2D[] {
  const temporalRows = temporal?.rows ?? 0;
  const previous = unpackState(sizes, state.slice(0, STATE_PARTS.length), temporalRows);
  const batch = projected.shape[0];
  const [h, c] = controllerStep(projected, previous.controllerH as tf.Tensor2D, previous.controllerC as tf.Tensor2D, tf.reshape(previous.readVectors, [batch, -1]), weights);
  const heads = splitSamInterface(tf.add(matMulKernel(h, weights.interfaceKernel), weights.interfaceBias), sizes);
  const written = sparseWrite(previous.memory as tf.Tensor3D, previous.readWeights as tf.Tensor3D, previous.usage as tf.Tensor2D, {
    interpolation: heads.interpolationGate, write: heads.writeGate, vector: heads.writeVector,
  });
  const lruSlot = tf.reshape(written.lruSlot, [batch, 1]) as tf.Tensor2D;
  const linked = temporal?.select(written, tf.mean(previous.readWeights, 1) as tf.Tensor2D, state.slice(STATE_PARTS.length));
  const extra = linked ? tf.concat([tf.cast(linked.slots, 'int32'), lruSlot], 1) : lruSlot;
  const slots = contentSelection(written.memory, INITIAL_MEMORY, heads.readKeys, extra, sizes.sparseReads);
  const read = sparseRead(written.memory, slots, heads.readKeys, heads.readStrengths);
  const next = packState(sizes, {
    controllerH: h, controllerC: c, memory: written.memory, usage: written.age, readWeights: read.weights,
    writeWeights: written.write, readVectors: read.vectors, lru: written.lru,
  }, temporalRows);
  return linked ? [...next, ...linked.next] : next;
}
