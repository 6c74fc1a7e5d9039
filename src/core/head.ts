/** Losses and sequence errors of the two kinds of output head (see HeadSpec), per sequence. */
import * as tf from '@tensorflow/tfjs';
import type { HeadSpec } from './types';

/** Per-step loss [steps, batch]: binary cross-entropy summed over sigmoid units, or cross-entropy over groups. */
function stepLoss(head: HeadSpec, logits: tf.Tensor3D, targets: tf.Tensor3D): tf.Tensor2D {
  if (head.kind === 'sigmoid') {
    // Stable BCE with logits: max(z, 0) − z·y + log(1 + e^{−|z|}).
    const perUnit = tf.add(tf.sub(tf.relu(logits), tf.mul(logits, targets)), tf.log1p(tf.exp(tf.neg(tf.abs(logits)))));
    return tf.sum(perUnit, 2);
  }
  const [steps, batch] = logits.shape;
  const grouped = tf.reshape(logits, [steps, batch, head.groups, head.classes]);
  const picked = tf.oneHot(tf.cast(targets, 'int32'), head.classes);
  const crossEntropy = tf.neg(tf.sum(tf.mul(picked, tf.logSoftmax(grouped)), 3));
  return tf.sum(crossEntropy, 2);
}

/** Number of wrong outputs per step [steps, batch]. */
function stepMistakes(head: HeadSpec, logits: tf.Tensor3D, targets: tf.Tensor3D): tf.Tensor2D {
  if (head.kind === 'sigmoid') {
    const wrong = tf.notEqual(tf.greater(logits, 0), tf.greater(targets, 0.5));
    return tf.sum(tf.cast(wrong, 'float32'), 2);
  }
  const [steps, batch] = logits.shape;
  const predicted = tf.argMax(tf.reshape(logits, [steps, batch, head.groups, head.classes]), 3);
  return tf.sum(tf.cast(tf.notEqual(predicted, tf.cast(targets, 'int32')), 'float32'), 2);
}

/** Task loss of each sequence [batch]: summed over its steps that have a target (the paper's convention). */
export function sequenceLoss(head: HeadSpec, logits: tf.Tensor3D, targets: tf.Tensor3D, targetMask: tf.Tensor2D): tf.Tensor1D {
  return tf.sum(tf.mul(stepLoss(head, logits, targets), targetMask), 0) as tf.Tensor1D;
}

/** 1 for every sequence with any wrong output at a step that has a target, else 0 [batch]. */
export function sequenceErrors(head: HeadSpec, logits: tf.Tensor3D, targets: tf.Tensor3D, targetMask: tf.Tensor2D): tf.Tensor1D {
  const mistakes = tf.sum(tf.mul(stepMistakes(head, logits, targets), targetMask), 0);
  return tf.cast(tf.greater(mistakes, 0), 'float32') as tf.Tensor1D;
}
