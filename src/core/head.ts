/**
 * Losses and sequence errors of the kinds of output head (see HeadSpec), per sequence, from the logits of all
 * steps at once ([steps, batch, width], as the model makes them); with several weighted outputs per step
 * (PonderNet) the loss is summed step by step.
 */
import * as tf from '@tensorflow/tfjs';
import { sigmoidCrossEntropyRows } from './sigmoidLoss';
import { sumTensors } from './sumTensors';
import type { HeadSpec } from './types';

/** One output the loss scores, with a weight per row (absent: 1). Structurally model.ts's ScoredOutput. */
interface Weighted {
  weight?: tf.Tensor1D;
  logits: tf.Tensor2D;
}

/** Keeps log away from 0 where a mixture gives an outcome no probability at all. */
const TINY = 1e-30;

/**
 * Loss of one step [batch] from what the head compares with the targets (the logits; for a sum head the running
 * sums): binary cross-entropy summed over sigmoid units, cross-entropy over softmax groups, squared error over
 * sum units.
 */
function stepLoss(head: HeadSpec, outputs: tf.Tensor2D, targets: tf.Tensor2D): tf.Tensor1D {
  // Stable BCE with logits, max(z, 0) − z·y + log(1 + e^{−|z|}), summed over the units (one kernel where it can).
  if (head.kind === 'sigmoid') return sigmoidCrossEntropyRows(outputs, targets);
  if (head.kind === 'sum') return tf.sum(tf.square(tf.sub(outputs, targets)), 1);
  const batch = outputs.shape[0];
  const grouped = tf.reshape(outputs, [batch, head.groups, head.classes]);
  const picked = tf.oneHot(tf.cast(targets, 'int32'), head.classes);
  return tf.neg(tf.sum(tf.mul(picked, tf.logSoftmax(grouped)), [1, 2])) as tf.Tensor1D;
}

/** [batch] vectors, one per step, as the rows of one [steps, batch] tensor (one kernel). */
export function stepRows(perStep: tf.Tensor1D[]): tf.Tensor2D {
  return tf.reshape(perStep.length === 1 ? perStep[0] : tf.concat(perStep), [perStep.length, -1]);
}

/**
 * The outputs of every step summed over the steps up to it (padding comes after a sequence's last target), as
 * one product with a lower-triangular matrix of ones. (tf.cumsum along the first of three axes has a wrong
 * gradient in TF.js 4.22: it transposes it.)
 */
function runningSums(logits: tf.Tensor3D): tf.Tensor3D {
  const [steps] = logits.shape;
  const lowerTriangle = tf.linalg.bandPart(tf.fill([steps, steps], 1), -1, 0);
  return tf.reshape(tf.matMul(lowerTriangle, tf.reshape(logits, [steps, -1])), logits.shape);
}

/**
 * Task loss of each sequence [batch] from the logits of every step [steps, batch, width]: summed over its steps
 * that have a target (the paper's convention). All steps in one op each; a sum head scores running sums.
 */
export function sequenceLoss(head: HeadSpec, logits: tf.Tensor3D, targets: tf.Tensor2D[], targetMask: tf.Tensor1D[]): tf.Tensor1D {
  const [steps, batch, width] = logits.shape;
  const outputs = head.kind === 'sum' && steps > 1 ? runningSums(logits) : logits;
  const wanted = targets.length === 1 ? targets[0] : (tf.concat(targets, 0) as tf.Tensor2D);
  const perRow = stepLoss(head, tf.reshape(outputs, [steps * batch, width]), wanted);
  return tf.sum(tf.mul(tf.reshape(perRow, [steps, batch]), stepRows(targetMask)), 0);
}

/**
 * Task loss of each sequence [batch] when each step scores several weighted outputs (PonderNet): Σ_t Σ_n
 * p_n L(y_t, ŷ_{t,n}) over the steps that have a target. With one output of weight 1 per step it is sequenceLoss.
 * A sum head scores running sums over the steps, which a per-step mixture of outputs does not define: it takes
 * one output per step.
 */
export function expectedSequenceLoss(head: HeadSpec, scored: Weighted[][], targets: tf.Tensor2D[], targetMask: tf.Tensor1D[]): tf.Tensor1D {
  if (head.kind === 'sum') throw new Error('a sum head (the adding task) scores running sums: it needs one output per input step, not a halting distribution (use ACT, repeat or none)');
  const perStep = scored.map((outputs, t) => {
    const losses = outputs.map(({ weight, logits }) => {
      const loss = stepLoss(head, logits, targets[t]);
      return weight ? tf.mul(weight, loss) : loss;
    });
    return tf.mul(sumTensors(losses), targetMask[t]);
  });
  return sumTensors(perStep) as tf.Tensor1D;
}

/**
 * Logits of the p-weighted mixture of several outputs' predicted distributions (PonderNet's expected output):
 * sigmoid units log(Σ w σ(z)) − log(Σ w σ(−z)); softmax groups log Σ w softmax(z); a sum head's expected value
 * Σ w z. Not for gradients.
 */
export function mixedLogits(head: HeadSpec, outputs: Weighted[]): tf.Tensor2D {
  const mix = (probabilities: (logits: tf.Tensor2D) => tf.Tensor) =>
    sumTensors(outputs.map(({ weight, logits }) => {
      const p = probabilities(logits);
      return weight ? tf.mul(p, tf.reshape(weight, [-1, ...p.shape.slice(1).map(() => 1)])) : p;
    }));
  const safeLog = (x: tf.Tensor) => tf.log(tf.maximum(x, TINY));
  if (head.kind === 'sum') return mix((z) => z) as tf.Tensor2D;
  if (head.kind === 'sigmoid') {
    return tf.sub(safeLog(mix((z) => tf.sigmoid(z))), safeLog(mix((z) => tf.sigmoid(tf.neg(z))))) as tf.Tensor2D;
  }
  const batch = outputs[0].logits.shape[0];
  const grouped = mix((z) => tf.softmax(tf.reshape(z, [batch, head.groups, head.classes])));
  return tf.reshape(safeLog(grouped), [batch, head.groups * head.classes]);
}

/** The number of wrong outputs of each step [steps, batch] (bits, classes, or rounded running sums). */
function stepMistakes(head: HeadSpec, all: tf.Tensor3D, wanted: tf.Tensor3D): tf.Tensor2D {
  const [steps, batch] = all.shape;
  const wrong = head.kind === 'sigmoid'
    ? tf.notEqual(tf.greater(all, 0), tf.greater(wanted, 0.5))
    : head.kind === 'sum'
      ? tf.notEqual(tf.round(tf.cumsum(all, 0)), wanted)
      : tf.notEqual(tf.argMax(tf.reshape(all, [steps, batch, head.groups, head.classes]), 3), tf.cast(wanted, 'int32'));
  return tf.sum(tf.cast(wrong, 'float32'), 2);
}

/** 1 for every sequence with any wrong output at a step that has a target, else 0 [batch]. Logits [steps, batch, width]. */
export function sequenceErrors(head: HeadSpec, logits: tf.Tensor3D, targets: tf.Tensor2D[], targetMask: tf.Tensor1D[]): tf.Tensor1D {
  const mistakes = stepMistakes(head, logits, tf.stack(targets) as tf.Tensor3D);
  const masked = tf.sum(tf.mul(mistakes, stepRows(targetMask)), 0);
  return tf.cast(tf.greater(masked, 0), 'float32') as tf.Tensor1D;
}
