/**
 * The DNC on the WASM backend (which lacks UnsortedSegmentSum, so nothing may take a gather's gradient): the
 * loss and every weight's gradient of an ACT model over a DNC equal the CPU backend's (which gradient.test.ts
 * checks against finite differences), for both allocation modes.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { HaltingSettings } from '../../halting/method';
import { initBackend } from '../../backend';
import { batchTensors, disposeBatch } from '../../batch';
import { ActModel } from '../../model';
import { Rng } from '../../random';
import { trainingObjective } from '../../trainer';
import type { HeadSpec } from '../../types';

const HEAD: HeadSpec = { kind: 'softmax', groups: 1, classes: 3 };
const SETTINGS: HaltingSettings = { eps: 0.01, maxSteps: 4, haltCheck: 'readback', tau: 0.01, beta: 0, lambdaP: 0.5, repeats: 1 };
const [STEPS, BATCH, INPUT] = [4, 5, 3];

beforeAll(async () => {
  await initBackend('wasm');
});

interface Result {
  loss: number;
  ponder: number;
  grads: Map<string, Float32Array>;
}

function lossAndGradients(allocation: 'sort' | 'softmax'): Result {
  const rng = new Rng(17);
  const model = new ActModel({
    cell: 'dnc', cellOptions: { memSlots: 6, memWidth: 4, readHeads: 2, allocation },
    inputSize: INPUT, hidden: 8, layers: 1, halting: 'act', ponderMode: 'stack', head: HEAD,
  }, rng);
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
  const result: Result = {
    loss: value.dataSync()[0],
    ponder,
    grads: new Map(model.variables.map(({ name, variable }) => [name, grads[variable.name].dataSync() as Float32Array])),
  };
  tf.dispose([value, ...Object.values(grads)]);
  disposeBatch(batch);
  model.dispose();
  return result;
}

describe('DNC on the WASM backend', () => {
  for (const allocation of ['sort', 'softmax'] as const) {
    it(`computes the CPU backend's loss and gradients, ${allocation} allocation`, async () => {
      expect(tf.getBackend()).toBe('wasm');
      const wasm = lossAndGradients(allocation);
      await tf.setBackend('cpu');
      const cpu = lossAndGradients(allocation);
      await tf.setBackend('wasm');
      expect(wasm.ponder).toBe(cpu.ponder);
      expect(wasm.loss).toBeCloseTo(cpu.loss, 4);
      expect([...wasm.grads.keys()]).toEqual([...cpu.grads.keys()]);
      let largest = 0;
      for (const [name, values] of cpu.grads) {
        const other = wasm.grads.get(name)!;
        values.forEach((g, i) => {
          largest = Math.max(largest, Math.abs(g));
          expect(Math.abs(other[i] - g), `${name}[${i}]`).toBeLessThan(1e-4 + 1e-3 * Math.abs(g));
        });
      }
      expect(largest).toBeGreaterThan(1e-2);
    });
  }
});
