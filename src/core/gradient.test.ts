/**
 * Finite-difference check of the full training loss against autodiff, for every parameter of small RNN, GRU and
 * LSTM models: ACT (L + τ·P), PonderNet (Σ p_n L_n + β·KL) and fixed repetition. N(t) is piecewise constant
 * (the paper differentiates R only; PonderNet's unroll likewise), so a coordinate whose perturbation changes any
 * N(t) is not comparable and is skipped; most must be checked.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { HaltingSettings } from './halting/method';
import type { BatchTensors } from './batch';
import { batchTensors, disposeBatch } from './batch';
import { ActModel } from './model';
import { Rng } from './random';
import { trainingObjective } from './trainer';
import type { HeadSpec } from './types';
import { targetWidth } from './types';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const STEPS = 3;
const BATCH = 3;
const INPUT = 3;
const TAU = 0.1;
const DELTA = 2e-3;

function randomBatch(rng: Rng, head: HeadSpec): BatchTensors {
  const width = targetWidth(head);
  return batchTensors({
    steps: STEPS,
    batch: BATCH,
    inputSize: INPUT,
    targetWidth: width,
    inputs: Float32Array.from({ length: STEPS * BATCH * INPUT }, () => rng.uniform(-1, 1)),
    targets: Float32Array.from({ length: STEPS * BATCH * width }, () => rng.int(0, head.kind === 'sigmoid' ? 1 : head.kind === 'sum' ? 3 : head.classes - 1)),
    targetMask: Float32Array.from([1, 1, 1, 0, 1, 1, 1, 1, 1]),
    stepMask: Float32Array.from([1, 1, 1, 1, 1, 1, 1, 1, 0]),
    difficulty: new Int32Array(BATCH),
  });
}

/** Moves the halting unit into a regime where N varies across rows and steps (and some hit M). */
function spreadHalting(model: ActModel, rng: Rng): void {
  for (const { name, variable } of model.variables) {
    if (name.endsWith('halting/bias')) variable.assign(tf.tensor1d([-0.6]));
    if (name.endsWith('halting/kernel')) variable.assign(tf.tidy(() => tf.tensor(Array.from({ length: variable.size }, () => rng.uniform(-1.5, 1.5)), variable.shape)));
  }
}

function lossAndSteps(model: ActModel, head: HeadSpec, batch: BatchTensors, settings: HaltingSettings): { loss: number; steps: number[] } {
  return tf.tidy(() => {
    const out = model.forward(batch.inputs, batch.stepMask, settings);
    const loss = trainingObjective(model, head, batch, settings).total.dataSync()[0];
    return { loss, steps: [...out.computedSteps.dataSync()] };
  });
}

function check(cell: string, layers: number, ponderMode: 'stack' | 'layer', head: HeadSpec, maxSteps: number, halting = 'act') {
  const rng = new Rng(7);
  const model = new ActModel({ cell, inputSize: INPUT, hidden: 4, layers, halting, ponderMode, head }, rng);
  spreadHalting(model, rng);
  const batch = randomBatch(rng, head);
  // β large enough that the KL's gradient is not lost among the task loss's.
  const settings: HaltingSettings = { eps: 0.01, maxSteps, haltCheck: 'readback', tau: TAU, beta: 0.5, lambdaP: 0.3, repeats: 3 };
  const variables = model.variables.map(({ variable }) => variable);
  const { grads } = tf.variableGrads(() => trainingObjective(model, head, batch, settings).total, variables);
  const base = lossAndSteps(model, head, batch, settings);
  let compared = 0;
  let skipped = 0;
  const mismatches: string[] = [];
  for (const { name, variable } of model.variables) {
    const analytic = grads[variable.name].dataSync();
    const values = variable.dataSync().slice();
    for (let i = 0; i < values.length; i++) {
      const at = (delta: number) => {
        const moved = values.slice();
        moved[i] += delta;
        variable.assign(tf.tensor(moved, variable.shape));
        return lossAndSteps(model, head, batch, settings);
      };
      const plus = at(DELTA);
      const minus = at(-DELTA);
      variable.assign(tf.tensor(values, variable.shape));
      if (plus.steps.join() !== base.steps.join() || minus.steps.join() !== base.steps.join()) {
        skipped++;
        continue;
      }
      compared++;
      const numeric = (plus.loss - minus.loss) / (2 * DELTA);
      if (Math.abs(numeric - analytic[i]) > 2e-3 + 2e-2 * Math.abs(numeric)) {
        mismatches.push(`${name}[${i}]: autodiff ${analytic[i].toFixed(5)} vs finite difference ${numeric.toFixed(5)}`);
      }
    }
  }
  const distinctSteps = new Set(base.steps).size;
  model.dispose();
  Object.values(grads).forEach((g) => g.dispose());
  disposeBatch(batch);
  return { compared, skipped, mismatches, distinctSteps };
}

describe('ACT gradients match finite differences of L + τ·P', () => {
  const cases: [string, number, 'stack' | 'layer', HeadSpec, number][] = [
    ['rnn', 1, 'stack', { kind: 'sigmoid', units: 2 }, 6],
    ['gru', 1, 'stack', { kind: 'softmax', groups: 2, classes: 3 }, 6],
    ['lstm', 1, 'stack', { kind: 'sigmoid', units: 1 }, 6],
    ['lstm', 2, 'stack', { kind: 'softmax', groups: 1, classes: 3 }, 3],
    ['rnn', 2, 'layer', { kind: 'sigmoid', units: 1 }, 4],
    ['gru', 1, 'stack', { kind: 'sum', units: 2 }, 6],
  ];
  for (const [cell, layers, mode, head, maxSteps] of cases) {
    it(`${cell}, ${layers} layer(s), ${mode} ponders, ${head.kind} head, M = ${maxSteps}`, () => {
      const result = check(cell, layers, mode, head, maxSteps);
      expect(result.mismatches).toEqual([]);
      expect(result.compared).toBeGreaterThan(4 * result.skipped);
      // The halting regime is varied enough to exercise remainders, not just N = 1 everywhere.
      expect(result.distinctSteps).toBeGreaterThan(1);
    });
  }
});

describe('PonderNet and fixed-repetition gradients match finite differences', () => {
  const cases: [string, number, 'stack' | 'layer', HeadSpec, number, string][] = [
    ['rnn', 1, 'stack', { kind: 'sigmoid', units: 2 }, 6, 'pondernet'],
    ['gru', 1, 'stack', { kind: 'softmax', groups: 2, classes: 3 }, 5, 'pondernet'],
    ['rnn', 2, 'layer', { kind: 'sigmoid', units: 1 }, 4, 'pondernet'],
    ['rnn', 1, 'stack', { kind: 'sigmoid', units: 2 }, 6, 'repeat'],
    ['gru', 2, 'stack', { kind: 'softmax', groups: 1, classes: 3 }, 3, 'repeat'],
  ];
  for (const [cell, layers, mode, head, maxSteps, halting] of cases) {
    it(`${halting}: ${cell}, ${layers} layer(s), ${mode} ponders, ${head.kind} head`, () => {
      const result = check(cell, layers, mode, head, maxSteps, halting);
      expect(result.mismatches).toEqual([]);
      expect(result.compared).toBeGreaterThan(4 * result.skipped);
      if (halting === 'pondernet') expect(result.distinctSteps).toBeGreaterThan(1);
    });
  }
});
