/**
 * Usage and allocation (memory.md steps 1–2).
 *
 * TF.js 4.22 has no gradient for cumprod or topk, so the sort is never materialised: the sort order enters only
 * as a constant 0/1 matrix `before[i, j]` = "slot j comes before slot i when sorted by usage ascending" (ties:
 * the lower index first, like deepmind's top_k). Then the exclusive cumulative product in sorted order is
 *   Π_{j before i} u_j = exp(Σ_j before[i, j] · log u_j)
 * — exp(exclusive cumsum(log u)) with the cumsum as one matMul. `before` equals Pᵀ·T·P for the one-hot
 * permutation P and the strictly lower triangle T. It is built from comparisons inside a custom gradient that
 * is zero: the order is constant to the gradient, as the sort indices are in deepmind's code, and the
 * comparisons over [B, N, N] stay off the gradient tape (no backward work, no saved tensors).
 */
import * as tf from '@tensorflow/tfjs';
import { slotMask } from './masks';

/** Usage is squashed to ≥ 1e-6 before allocation so that log u is finite (deepmind's _EPSILON; no clamp). */
export const USAGE_SQUASH = 1e-6;

/** κ of the softmax allocation: softplus(2), the strength in deepmind/dnc issue #11. */
export const SOFTMAX_ALLOCATION_STRENGTH = Math.log1p(Math.exp(2));

export const ALLOCATION_MODES = ['sort', 'softmax'] as const;
export type AllocationMode = (typeof ALLOCATION_MODES)[number];

/**
 * u_t = (u + w^w_{t−1} − u ⊙ w^w_{t−1}) ⊙ ψ,  ψ = Π_r (1 − f_r w^r_{t−1,r}).
 * The first factor is written 1 − (1 − u)(1 − w), the same number, so that a full write gives exactly 1.
 * usage, previousWrite [B, N]; previousRead [B, R, N]; freeGates [B, R].
 */
export function updateUsage(usage: tf.Tensor2D, previousWrite: tf.Tensor2D, previousRead: tf.Tensor3D, freeGates: tf.Tensor2D): tf.Tensor2D {
  const written = tf.sub(1, tf.mul(tf.sub(1, usage), tf.sub(1, previousWrite)));
  const retention = tf.prod(tf.sub(1, tf.mul(tf.expandDims(freeGates, 2), previousRead)), 1);
  return tf.mul(written, retention);
}

const squash = (usage: tf.Tensor2D): tf.Tensor2D => tf.add(USAGE_SQUASH, tf.mul(1 - USAGE_SQUASH, usage));

/** before[b, i, j] = 1 when u[b, j] < u[b, i], or they are equal and j < i; 0 otherwise. u [B, N] → [B, N, N]. */
const sortsBefore = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const u = args[0] as tf.Tensor2D;
  const [batch, slots] = u.shape;
  const difference = tf.sub(tf.reshape(u, [batch, slots, 1]), tf.reshape(u, [batch, 1, slots]));
  const smaller = tf.step(difference);
  const tied = tf.sub(tf.sub(1, smaller), tf.step(tf.neg(difference)));
  return {
    value: tf.add(smaller, tf.mul(tied, slotMask(slots, (i, j) => j < i))),
    gradFunc: () => [tf.zerosLike(u)],
  };
});

/** a[φ_j] = (1 − u[φ_j]) Π_{i<j} u[φ_i] over the squashed usage sorted ascending (φ). usage [B, N] → [B, N]. */
export function sortAllocation(usage: tf.Tensor2D): tf.Tensor2D {
  const [batch, slots] = usage.shape;
  const u = squash(usage);
  const before = sortsBefore(u) as tf.Tensor3D;
  const logProduct = tf.matMul(before, tf.reshape(tf.log(u), [batch, slots, 1]));
  return tf.mul(tf.sub(1, u), tf.exp(tf.reshape(logProduct, [batch, slots])));
}

/**
 * The differentiable variant (deepmind/dnc #11): a = softmax over slots of κ·(1 − û), û the squashed usage,
 * κ = softplus(2) ≈ 2.127. It always sums to 1 and has no discontinuity where two usages cross.
 */
export function softmaxAllocation(usage: tf.Tensor2D): tf.Tensor2D {
  return tf.softmax(tf.mul(SOFTMAX_ALLOCATION_STRENGTH, tf.sub(1, squash(usage)))) as tf.Tensor2D;
}

export function allocationWeights(mode: AllocationMode, usage: tf.Tensor2D): tf.Tensor2D {
  return mode === 'sort' ? sortAllocation(usage) : softmaxAllocation(usage);
}
