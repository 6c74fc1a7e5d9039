import * as tf from '@tensorflow/tfjs';
import type { HostBatch } from './types';

/** A HostBatch as tensors, time-major. */
export interface BatchTensors {
  inputs: tf.Tensor3D;
  targets: tf.Tensor3D;
  targetMask: tf.Tensor2D;
  stepMask: tf.Tensor2D;
}

export function batchTensors(batch: HostBatch): BatchTensors {
  return {
    inputs: tf.tensor3d(batch.inputs, [batch.steps, batch.batch, batch.inputSize]),
    targets: tf.tensor3d(batch.targets, [batch.steps, batch.batch, batch.targetWidth]),
    targetMask: tf.tensor2d(batch.targetMask, [batch.steps, batch.batch]),
    stepMask: tf.tensor2d(batch.stepMask, [batch.steps, batch.batch]),
  };
}
