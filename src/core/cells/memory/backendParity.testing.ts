/**
 * The loss, ponder and every weight's gradient of a small ACT model over a memory cell on the current backend,
 * for comparing backends (the WASM backend lacks UnsortedSegmentSum, so nothing may take a gather's gradient).
 */
import * as tf from '@tensorflow/tfjs';
import { expect } from 'vitest';
import type { HaltingSettings } from '../../halting/method';
import { batchTensors, disposeBatch } from '../../batch';
import { ActModel } from '../../model';
import { Rng } from '../../random';
import { trainingObjective } from '../../objective';
import type { HeadSpec } from '../../types';
import type { CellOptions } from '../cell';

const HEAD: HeadSpec = { kind: 'softmax', groups: 1, classes: 3 };
const SETTINGS: HaltingSettings = { eps: 0.01, maxSteps: 4, haltCheck: 'readback', tau: 0.01, beta: 0, lambdaP: 0.5, repeats: 1 };
const [STEPS, BATCH, INPUT] = [4, 5, 3];

export interface BackendResult {
  loss: number;
  ponder: number;
  grads: Map<string, Float32Array>;
}

export function lossAndGradients(cell: string, cellOptions: CellOptions): BackendResult {
  const rng = new Rng(17);
  const model = new ActModel({ cell, cellOptions, inputSize: INPUT, hidden: 8, layers: 1, halting: 'act', ponderMode: 'stack', head: HEAD }, rng);
  const batch = batchTensors({
    steps: STEPS, batch: BATCH, inputSize: INPUT, targetWidth: 1,
    inputs: Float32Array.from({ length: STEPS * BATCH * INPUT }, () => rng.uniform(-1, 1)),
    targets: Float32Array.from({ length: STEPS * BATCH }, () => rng.int(0, 2)),
    targetMask: new Float32Array(STEPS * BATCH).fill(1),
    stepMask: new Float32Array(STEPS * BATCH).fill(1),
    difficulty: new Int32Array(BATCH),
  });
  let ponder = 0;
  const { value, grads } = tf.variableGrads(() => {
    const objective = trainingObjective(model, HEAD, batch, SETTINGS);
    ponder = objective.ponder.dataSync()[0];
    return objective.total;
  }, model.variables.map((v) => v.variable));
  const result: BackendResult = {
    loss: value.dataSync()[0],
    ponder,
    grads: new Map(model.variables.map(({ name, variable }) => [name, grads[variable.name].dataSync() as Float32Array])),
  };
  tf.dispose([value, ...Object.values(grads)]);
  disposeBatch(batch);
  model.dispose();
  return result;
}

/** Expects the same ponder, loss and gradients (to float32 rounding), with some gradient far from zero. */
export function expectSameResults(actual: BackendResult, expected: BackendResult): void {
  expect(actual.ponder).toBe(expected.ponder);
  expect(actual.loss).toBeCloseTo(expected.loss, 4);
  expect([...actual.grads.keys()]).toEqual([...expected.grads.keys()]);
  let largest = 0;
  for (const [name, values] of expected.grads) {
    const other = actual.grads.get(name)!;
    values.forEach((g, i) => {
      largest = Math.max(largest, Math.abs(g));
      expect(Math.abs(other[i] - g), `${name}[${i}]`).toBeLessThan(1e-4 + 1e-3 * Math.abs(g));
    });
  }
  expect(largest).toBeGreaterThan(1e-2);
}
