/**
 * Losses and sequence errors of the two kinds of output head (see HeadSpec), per sequence. The loss is summed
 * step by step (its gradient needs no cutting of a stacked tensor: see batch.ts); the error, which needs no
 * gradient, is computed on the stacked logits.
 */
import * as tf from '@tensorflow/tfjs';
import type { HeadSpec } from './types';

/** One output the loss scores, with a weight per row (absent: 1). Structurally model.ts's ScoredOutput. */
interface Weighted {
  weight?: tf.Tensor1D;
  logits: tf.Tensor2D;
}

/** Keeps log away from 0 where a mixture gives an outcome no probability at all. */
const TINY = 1e-30;

/** Loss of one step [batch]: binary cross-entropy summed over sigmoid units, or cross-entropy over groups. */
function stepLoss(head: HeadSpec, logits: tf.Tensor2D, targets: tf.Tensor2D): tf.Tensor1D {
  if (head.kind === 'sigmoid') {
    // Stable BCE with logits: max(z, 0) − z·y + log(1 + e^{−|z|}).
    const perUnit = tf.add(tf.sub(tf.relu(logits), tf.mul(logits, targets)), tf.log1p(tf.exp(tf.neg(tf.abs(logits)))));
    return tf.sum(perUnit, 1);
  }
  const batch = logits.shape[0];
  const grouped = tf.reshape(logits, [batch, head.groups, head.classes]);
  const picked = tf.oneHot(tf.cast(targets, 'int32'), head.classes);
  return tf.neg(tf.sum(tf.mul(picked, tf.logSoftmax(grouped)), [1, 2])) as tf.Tensor1D;
}

/** Task loss of each sequence [batch]: summed over its steps that have a target (the paper's convention). */
export function sequenceLoss(head: HeadSpec, logits: tf.Tensor2D[], targets: tf.Tensor2D[], targetMask: tf.Tensor1D[]): tf.Tensor1D {
  const perStep = logits.map((stepLogits, t) => tf.mul(stepLoss(head, stepLogits, targets[t]), targetMask[t]));
  return (perStep.length === 1 ? perStep[0] : tf.addN(perStep)) as tf.Tensor1D;
}

/**
 * Task loss of each sequence [batch] when each step scores several weighted outputs (PonderNet): Σ_t Σ_n
 * p_n L(y_t, ŷ_{t,n}) over the steps that have a target. With one output of weight 1 it is sequenceLoss.
 */
export function expectedSequenceLoss(head: HeadSpec, scored: Weighted[][], targets: tf.Tensor2D[], targetMask: tf.Tensor1D[]): tf.Tensor1D {
  const perStep = scored.map((outputs, t) => {
    const losses = outputs.map(({ weight, logits }) => {
      const loss = stepLoss(head, logits, targets[t]);
      return weight ? tf.mul(weight, loss) : loss;
    });
    return tf.mul(losses.length === 1 ? losses[0] : tf.addN(losses), targetMask[t]);
  });
  return (perStep.length === 1 ? perStep[0] : tf.addN(perStep)) as tf.Tensor1D;
}

/**
 * Logits of the p-weighted mixture of several outputs' predicted distributions (PonderNet's expected output):
 * sigmoid units log(Σ w σ(z)) − log(Σ w σ(−z)); softmax groups log Σ w softmax(z). Not for gradients.
 */
export function mixedLogits(head: HeadSpec, outputs: Weighted[]): tf.Tensor2D {
  const mix = (probabilities: (logits: tf.Tensor2D) => tf.Tensor) =>
    tf.addN(outputs.map(({ weight, logits }) => {
      const p = probabilities(logits);
      return weight ? tf.mul(p, tf.reshape(weight, [-1, ...p.shape.slice(1).map(() => 1)])) : p;
    }));
  const safeLog = (x: tf.Tensor) => tf.log(tf.maximum(x, TINY));
  if (head.kind === 'sigmoid') {
    return tf.sub(safeLog(mix((z) => tf.sigmoid(z))), safeLog(mix((z) => tf.sigmoid(tf.neg(z))))) as tf.Tensor2D;
  }
  const batch = outputs[0].logits.shape[0];
  const grouped = mix((z) => tf.softmax(tf.reshape(z, [batch, head.groups, head.classes])));
  return tf.reshape(safeLog(grouped), [batch, head.groups * head.classes]);
}

/** 1 for every sequence with any wrong output at a step that has a target, else 0 [batch]. */
export function sequenceErrors(head: HeadSpec, logits: tf.Tensor2D[], targets: tf.Tensor2D[], targetMask: tf.Tensor1D[]): tf.Tensor1D {
  const all = tf.stack(logits) as tf.Tensor3D;
  const wanted = tf.stack(targets) as tf.Tensor3D;
  const [steps, batch] = all.shape;
  const mistakes = head.kind === 'sigmoid'
    ? tf.sum(tf.cast(tf.notEqual(tf.greater(all, 0), tf.greater(wanted, 0.5)), 'float32'), 2)
    : tf.sum(tf.cast(tf.notEqual(tf.argMax(tf.reshape(all, [steps, batch, head.groups, head.classes]), 3), tf.cast(wanted, 'int32')), 'float32'), 2);
  const masked = tf.sum(tf.mul(mistakes, tf.stack(targetMask)), 0);
  return tf.cast(tf.greater(masked, 0), 'float32') as tf.Tensor1D;
}
