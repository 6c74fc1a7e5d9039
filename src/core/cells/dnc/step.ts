/**
 * One DNC step (memory.md, "DNC step"), on the flat state of layout.ts:
 *   controller LSTM on [x_t, r_{t−1}] (the x part arrives projected) → interface vector → usage → allocation →
 *   write weights (from the current usage; content against M_{t−1}) → erase/write → links and precedence →
 *   forward/backward/content reads on the new memory → read vectors.
 * The controller's h and c are clipped to ±20 (deepmind); the interface reads the clipped h.
 */
import * as tf from '@tensorflow/tfjs';
import { sumTensors } from '../../sumTensors';
import { matMulKernel } from '../../linear';
import { contentWeights } from './addressing';
import type { AllocationMode } from './allocation';
import { allocationWeights, updateUsage } from './allocation';
import { splitInterface } from './interface';
import type { DncSizes, StatePart } from './layout';
import { STATE_PARTS, stateWidths } from './layout';
import { directionalWeights, updateLinks, updatePrecedence } from './links';
import type { ControllerWeights } from '../memory/controller';
import { controllerStep } from '../memory/controller';

export interface DncWeights extends ControllerWeights {
  /** [H, interfaceWidth] */
  interfaceKernel: tf.Tensor;
  /** [interfaceWidth] */
  interfaceBias: tf.Tensor;
}

export interface DncSettings {
  sizes: DncSizes;
  allocation: AllocationMode;
  weights: DncWeights;
}

export function dncStep({ sizes, allocation: mode, weights }: DncSettings, projected: tf.Tensor2D, state: tf.Tensor2D[]): tf.Tensor2D[] {
  const { slots: N, width: W, reads: R } = sizes;
  const batch = projected.shape[0];
  const previous = Object.fromEntries(STATE_PARTS.map((part, index) => [part, state[index]])) as Record<StatePart, tf.Tensor2D>;
  const widths = stateWidths(sizes);
  const memory = tf.reshape(previous.memory, [batch, N, W]) as tf.Tensor3D;
  const previousRead = tf.reshape(previous.readWeights, [batch, R, N]) as tf.Tensor3D;

  const [h, c] = controllerStep(projected, previous.controllerH, previous.controllerC, previous.readVectors, weights);
  const heads = splitInterface(tf.add(matMulKernel(h, weights.interfaceKernel), weights.interfaceBias), sizes);

  const usage = updateUsage(previous.usage, previous.writeWeights, previousRead, heads.freeGates);
  const allocation = allocationWeights(mode, usage);
  const writeContent = tf.reshape(contentWeights(memory, heads.writeKey, heads.writeStrength), [batch, N]);
  const write: tf.Tensor2D = tf.mul(heads.writeGate, tf.add(tf.mul(heads.allocationGate, allocation), tf.mul(tf.sub(1, heads.allocationGate), writeContent)));

  const writeColumn = tf.reshape(write, [batch, N, 1]);
  const erased = tf.mul(memory, tf.sub(1, tf.mul(writeColumn, tf.reshape(heads.erase, [batch, 1, W]))));
  const nextMemory = tf.add(erased, tf.mul(writeColumn, tf.reshape(heads.writeVector, [batch, 1, W]))) as tf.Tensor3D;

  const links = updateLinks(tf.reshape(previous.links, [batch, N, N]), previous.precedence, write);
  const precedence = updatePrecedence(previous.precedence, write);

  const { forward, backward } = directionalWeights(links, previousRead);
  const content = contentWeights(nextMemory, heads.readKeys, heads.readStrengths);
  const [backwardMode, forwardMode, contentMode] = tf.split(heads.readModes, 3, 2);
  const read = sumTensors([tf.mul(backwardMode, backward), tf.mul(forwardMode, forward), tf.mul(contentMode, content)]) as tf.Tensor3D;
  const readVectors = tf.matMul(read, nextMemory);

  const next: Record<StatePart, tf.Tensor> = {
    controllerH: h, controllerC: c, memory: nextMemory, links, precedence, usage, readWeights: read,
    writeWeights: write, readVectors, allocation, readModes: heads.readModes,
  };
  // Back to the flat [batch, rows·cols] layout (a reshape shares the data).
  return STATE_PARTS.map((part, index) => tf.reshape(next[part], [batch, widths[index]]) as tf.Tensor2D);
}
