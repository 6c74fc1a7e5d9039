/**
 * What a model will cost before it is built: memory (weights, Adam's moments, the in-memory checkpoint, and
 * the activations the gradient tape keeps during a step) and work per step, from the spec alone. The resource
 * guard (src/run/resourceGuard.ts) refuses configs that do not fit; resources.test.ts checks these numbers
 * against real allocations for every cell kind.
 */
import type { CellCost } from './cells/cell';
import { getCell } from './cells/registry';
import { getHaltingMethod } from './halting/registry';
import type { ModelSpec } from './model';
import { stackThreadWidth } from './model';
import { logitWidth } from './types';

const FLOAT_BYTES = 4;

export interface RunShape {
  batch: number;
  /** Input steps of the longest sequence. */
  sequenceSteps: number;
  /** M: the most updates per input step. */
  maxUpdates: number;
}

export interface ResourceEstimate {
  parameters: number;
  /** Live for the whole run: weights, Adam's two moments, and the checkpoint's copy of all three. */
  persistentBytes: number;
  /** The peak during a training step (persistent + gradients and optimizer temporaries + the tape), by updates per input step. */
  peakBytes(updatesPerInputStep: number): number;
  /** Multiply-adds of a training step (backward ≈ 2× forward), by updates per input step. */
  macsPerStep(updatesPerInputStep: number): number;
  /** The largest whole number of updates per input step whose peak fits `bytes` (0: not even one). */
  updatesThatFit(bytes: number): number;
}

export function estimateResources(spec: ModelSpec, run: RunShape): ResourceEstimate {
  const plugin = getCell(spec.cell);
  const method = getHaltingMethod(spec.halting);
  const eachLayerPonders = method.flag && spec.ponderMode === 'layer';
  const layers: CellCost[] = [];
  for (let l = 0; l < spec.layers; l++) {
    const ownFlag = method.flag && (l === 0 || eachLayerPonders) ? 1 : 0;
    const inputSize = (l === 0 ? spec.inputSize : layers[l - 1].outputSize) + ownFlag;
    layers.push(plugin.cost({ inputSize, hiddenSize: spec.hidden, options: spec.cellOptions ?? {}, threadWidth: stackThreadWidth(spec) }));
  }
  const sum = (pick: (cost: CellCost, index: number) => number) => layers.reduce((total, cost, index) => total + pick(cost, index), 0);
  const logits = logitWidth(spec.head);
  const top = layers[layers.length - 1].outputSize;
  // Halting units read the whole state: one over the stack, or one per layer.
  const haltingInputs = method.haltingUnit ? sum((cost) => cost.stateWidth) : 0;
  const haltingUnits = method.haltingUnit ? (eachLayerPonders ? spec.layers : 1) : 0;
  const parameters = sum((cost) => cost.parameters) + haltingInputs + haltingUnits + top * logits + logits;
  // Per batch row. A halting unit per update: the whole state concatenated, the unit, and the mean field's product
  // and sum (ACT; PonderNet's weighted state likewise, and its per-update output through the head).
  const tapePerUpdate = sum((cost) => cost.tapeFloatsPerUpdate) + (method.haltingUnit ? 3 * haltingInputs + 8 * haltingUnits : 0)
    + (spec.halting === 'pondernet' ? 4 * logits : 0);
  // Per input step: the input, each layer's projection (a linear map: its width is MACs / input size), the logits and the loss.
  const tapePerInputStep = spec.inputSize + sum((cost, l) => cost.macsPerInputStep / (l === 0 ? spec.inputSize : layers[l - 1].outputSize)) + 4 * logits;
  const persistentBytes = 6 * parameters * FLOAT_BYTES;
  // Gradients, their clipped copies, Adam's new moments and its temporaries: about ten weights' worth at the
  // update (measured with tf.profile, resources.test.ts).
  const stepParameterBytes = 10 * parameters * FLOAT_BYTES;
  // Backward holds the forward tape plus the gradients flowing through it: about 1.8× the tape (measured; 2.5× before
  // backprop.ts freed each gradient, and what a node saved, as soon as the backward pass is done with it).
  const tapeBytes = (updates: number) => 1.8 * run.batch * run.sequenceSteps * (tapePerInputStep + updates * tapePerUpdate) * FLOAT_BYTES;
  const peakBytes = (updates: number) => persistentBytes + Math.max(stepParameterBytes, tapeBytes(updates) + 3 * parameters * FLOAT_BYTES);
  const macsPerStep = (updates: number) =>
    3 * run.batch * run.sequenceSteps * (sum((cost) => cost.macsPerInputStep) + updates * (sum((cost) => cost.macsPerUpdate) + haltingInputs) + top * logits);
  return {
    parameters,
    persistentBytes,
    peakBytes,
    macsPerStep,
    updatesThatFit(bytes) {
      const perUpdate = peakBytes(1) - peakBytes(0);
      return Math.max(0, Math.min(run.maxUpdates, Math.floor((bytes - peakBytes(0)) / perUpdate)));
    },
  };
}
