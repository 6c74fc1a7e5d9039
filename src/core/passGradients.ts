/**
 * A training step's forward pass recorded for its gradients, and those gradients: what the trainer runs on a
 * whole batch, and each shard on its part of one (shards.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { globalNorm } from './globalNorm';
import type { BatchTensors } from './batch';
import { batchTensors, disposeBatch } from './batch';
import type { HaltingSettings } from './halting/method';
import { withKernelTransposes } from './linear';
import type { ActModel, ForwardStart, OutputDropout } from './model';
import { trainingObjective } from './objective';
import { TapeSegments } from './tapeSegments';
import type { HeadSpec, HostBatch } from './types';

/** Cell updates computed per ponder unit and their work in whole batches (StepMetrics' `updates` and `work`), added to as passes run. */
export interface UpdateCounts {
  updates: number[];
  work: number[];
}

/** No updates yet, for each of the model's pondering units. */
export function emptyCounts(model: ActModel): UpdateCounts {
  return { updates: model.ponderingCells.map(() => 0), work: model.ponderingCells.map(() => 0) };
}

/** A forward pass recorded for its gradients, its results kept until they are taken (or the pass is given up). */
export interface ForwardPass {
  total: tf.Scalar;
  /** Task loss, sequence error, ponder, computed steps. */
  observed: tf.Tensor1D;
  /** Speculative unrolling: per position, the updates needed and whether a row still ran at the cut. */
  unrolled?: tf.Tensor1D;
  carried?: tf.Tensor2D[][];
}

/** The gradients of a step, not applied yet, with its metrics packed for one read-back. */
export interface Gradients {
  /** Loss, task loss, sequence error, ponder, computed steps, gradient norm. */
  packed: tf.Tensor1D;
  gradients: tf.Tensor[];
  norm: tf.Scalar;
  carried?: tf.Tensor2D[][];
}

/** One forward pass of a batch, recorded on `tape`; adds the cell updates it computed to `counts`. */
export function recordPass(
  tape: TapeSegments, model: ActModel, head: HeadSpec, batch: BatchTensors, settings: HaltingSettings, counts: UpdateCounts,
  start?: ForwardStart, dropout?: OutputDropout,
): ForwardPass {
  return tape.record(() => tf.tidy(() => {
    const objective = trainingObjective(model, head, batch, settings, start, dropout);
    objective.updates.forEach((count, unit) => (counts.updates[unit] += count));
    objective.work.forEach((count, unit) => (counts.work[unit] += count));
    const observed = tf.stack([objective.taskLoss, objective.seqError, objective.ponder, objective.computedSteps]) as tf.Tensor1D;
    // A continued pass's state may be a reused position's, which the continuation frees: the step keeps its own.
    const carried = settings.continuation ? objective.stateAfter?.map((unit) => unit.map((tensor) => tf.clone(tensor))) : objective.stateAfter;
    return { total: objective.total, observed, unrolled: objective.unrolled, carried };
  }));
}

/** The gradients of a recorded pass's loss (over every pass on `tape`), their norm and the metrics packed for one read-back. */
export function passGradients(tape: TapeSegments, model: ActModel, forward: ForwardPass): Gradients {
  const variables = model.variables.map(({ variable }) => variable);
  const { packed, gradients, norm } = tf.tidy(() => {
    const { value, grads } = withKernelTransposes(() => tape.gradients(forward.total, variables));
    const gradientList = variables.map((variable) => grads[variable.name]);
    const gradientNorm = globalNorm(gradientList);
    const metrics = tf.concat([tf.reshape(value, [1]), forward.observed, tf.reshape(gradientNorm, [1])]) as tf.Tensor1D;
    return { packed: metrics, gradients: gradientList, norm: gradientNorm };
  });
  tf.dispose([forward.total, forward.observed]);
  return { packed, gradients, norm, carried: forward.carried };
}

/** The gradients of a host batch by one pass (no speculative unrolling): a whole batch's, or a shard's part (shards.ts). */
export function batchGradients(
  model: ActModel, head: HeadSpec, host: HostBatch, settings: HaltingSettings, counts: UpdateCounts,
  start?: ForwardStart, dropout?: OutputDropout,
): Gradients {
  const tape = new TapeSegments();
  const batch = batchTensors(host);
  try {
    return passGradients(tape, model, recordPass(tape, model, head, batch, settings, counts, start, dropout));
  } finally {
    tape.dispose();
    disposeBatch(batch);
  }
}
