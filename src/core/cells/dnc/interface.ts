/**
 * The interface vector (one linear map of the controller output) split into the heads' parameters, with the
 * paper's activations: oneplus strengths, sigmoid erase vector and gates, softmax read modes per head.
 */
import * as tf from '@tensorflow/tfjs';
import { oneplus } from './addressing';
import type { DncSizes, InterfacePart } from './layout';
import { interfaceParts } from './layout';

export interface HeadParameters {
  readKeys: tf.Tensor3D; // [B, R, W]
  readStrengths: tf.Tensor2D; // [B, R], ≥ 1
  writeKey: tf.Tensor3D; // [B, 1, W]
  writeStrength: tf.Tensor2D; // [B, 1], ≥ 1
  erase: tf.Tensor2D; // [B, W] in (0, 1)
  writeVector: tf.Tensor2D; // [B, W]
  freeGates: tf.Tensor2D; // [B, R] in (0, 1)
  allocationGate: tf.Tensor2D; // [B, 1]
  writeGate: tf.Tensor2D; // [B, 1]
  readModes: tf.Tensor3D; // [B, R, 3], each head's modes in READ_MODES order, summing to 1
}

/** vector [B, interfaceWidth] → the heads' parameters. */
export function splitInterface(vector: tf.Tensor2D, sizes: DncSizes): HeadParameters {
  const parts = interfaceParts(sizes);
  const pieces = tf.split(vector, parts.map((part) => part.size), 1) as tf.Tensor2D[];
  const raw = Object.fromEntries(parts.map((part, index) => [part.name, pieces[index]])) as Record<InterfacePart, tf.Tensor2D>;
  const batch = vector.shape[0];
  return {
    readKeys: tf.reshape(raw.readKeys, [batch, sizes.reads, sizes.width]),
    readStrengths: oneplus(raw.readStrengths),
    writeKey: tf.reshape(raw.writeKey, [batch, 1, sizes.width]),
    writeStrength: oneplus(raw.writeStrength),
    erase: tf.sigmoid(raw.erase),
    writeVector: raw.writeVector,
    freeGates: tf.sigmoid(raw.freeGates),
    allocationGate: tf.sigmoid(raw.allocationGate),
    writeGate: tf.sigmoid(raw.writeGate),
    readModes: tf.softmax(tf.reshape(raw.readModes, [batch, sizes.reads, 3])),
  };
}
