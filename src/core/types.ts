/** Plain-data types shared by the engine and the task plug-ins (no TF.js tensors here). */

/**
 * The output head of a task, applied to the mean-field output of every input step.
 * - `sigmoid`: `units` independent binary outputs, binary cross-entropy; targets are 0/1 per unit.
 * - `softmax`: `groups` simultaneous `classes`-way softmaxes, cross-entropy summed over groups; targets are the
 *   class index of each group (stored as floats).
 * - `sum`: `units` scalar outputs per step, each summed over the steps so far; at a step with a target, squared
 *   error of each running sum against the target number; a unit is wrong when its rounded sum is not the target.
 */
export type HeadSpec =
  | { kind: 'sigmoid'; units: number }
  | { kind: 'softmax'; groups: number; classes: number }
  | { kind: 'sum'; units: number };

/** How many target numbers a head takes per step: one per sigmoid or sum unit, one class index per softmax group. */
export function targetWidth(head: HeadSpec): number {
  return head.kind === 'softmax' ? head.groups : head.units;
}

/** How many logits a head reads per step. */
export function logitWidth(head: HeadSpec): number {
  return head.kind === 'softmax' ? head.groups * head.classes : head.units;
}

/**
 * A batch as host arrays, time-major, padded to the longest sequence `steps`.
 * Row b of step t: inputs[(t * batch + b) * inputSize + i], targets[(t * batch + b) * targetWidth + k].
 */
export interface HostBatch {
  steps: number;
  batch: number;
  inputSize: number;
  targetWidth: number;
  inputs: Float32Array;
  targets: Float32Array;
  /** 1 where step t of sequence b has a target that counts in loss and error, else 0. */
  targetMask: Float32Array;
  /** 1 where step t is part of sequence b (not padding): ponder cost and ponder metrics count only these. */
  stepMask: Float32Array;
  /** The task's difficulty of each sequence (e.g. parity: number of non-zero bits). */
  difficulty: Int32Array;
  /**
   * For a task whose input steps differ in difficulty among themselves (Task.stepDifficultyLabel; logic: the gates
   * of each vector): the difficulty of step t of sequence b at [t * batch + b], 0 on padding.
   */
  stepDifficulty?: Int32Array;
}
