/** SAM's interface vector split into the heads' parameters: oneplus strengths, sigmoid gates. */
import * as tf from '@tensorflow/tfjs';
import { oneplus } from '../dnc/addressing';
import type { InterfacePart, SamSizes } from './layout';
import { interfaceParts } from './layout';

export interface SamHeads {
  readKeys: tf.Tensor3D; // [B, R, W]
  readStrengths: tf.Tensor2D; // [B, R], ≥ 1
  writeVector: tf.Tensor2D; // [B, W]
  interpolationGate: tf.Tensor2D; // [B, 1]: 1 = write to the previously read rows, 0 = to the LRU row
  writeGate: tf.Tensor2D; // [B, 1]
}

export function splitSamInterface(vector: tf.Tensor2D, sizes: SamSizes): SamHeads {
  const parts = interfaceParts(sizes);
  const pieces = tf.split(vector, parts.map((part) => part.size), 1) as tf.Tensor2D[];
  const raw = Object.fromEntries(parts.map((part, index) => [part.name, pieces[index]])) as Record<InterfacePart, tf.Tensor2D>;
  return {
    readKeys: tf.reshape(raw.readKeys, [vector.shape[0], sizes.reads, sizes.width]),
    readStrengths: oneplus(raw.readStrengths),
    writeVector: raw.writeVector,
    interpolationGate: tf.sigmoid(raw.interpolationGate),
    writeGate: tf.sigmoid(raw.writeGate),
  };
}
