import * as tf from '@tensorflow/tfjs';
import type { HostBatch } from './types';

/**
 * A HostBatch as one tensor per time step, made straight from host memory. Why not one [steps, batch, …]
 * tensor: cutting it into steps (unstack, slice, gather) costs ~0.2–0.8 ms per step on the WASM backend, and so
 * would the gradient of stacking per-step outputs; building per-step tensors from host memory is nearly free.
 */
export interface BatchTensors {
  steps: number;
  /** [batch, inputSize] per step. */
  inputs: tf.Tensor2D[];
  /** [batch, targetWidth] per step. */
  targets: tf.Tensor2D[];
  /** [batch] per step: 1 where the step has a target. */
  targetMask: tf.Tensor1D[];
  /** [batch] per step: 1 where the step is part of the sequence. */
  stepMask: tf.Tensor1D[];
  /** Σ of stepMask: the number of real input steps in the batch. */
  realSteps: number;
}

export function batchTensors(batch: HostBatch): BatchTensors {
  const { steps, batch: rows, inputSize, targetWidth } = batch;
  const per = <T extends tf.Tensor>(values: Float32Array, width: number, make: (part: Float32Array) => T): T[] =>
    Array.from({ length: steps }, (_, t) => make(values.subarray(t * rows * width, (t + 1) * rows * width)));
  return {
    steps,
    inputs: per(batch.inputs, inputSize, (part) => tf.tensor2d(part, [rows, inputSize])),
    targets: per(batch.targets, targetWidth, (part) => tf.tensor2d(part, [rows, targetWidth])),
    targetMask: per(batch.targetMask, 1, (part) => tf.tensor1d(part)),
    stepMask: per(batch.stepMask, 1, (part) => tf.tensor1d(part)),
    realSteps: batch.stepMask.reduce((sum, value) => sum + value, 0),
  };
}

export function disposeBatch(batch: BatchTensors): void {
  tf.dispose([...batch.inputs, ...batch.targets, ...batch.targetMask, ...batch.stepMask]);
}
