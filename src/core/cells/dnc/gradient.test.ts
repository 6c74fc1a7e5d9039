/**
 * Finite differences of the whole training loss L + τ·P through a 3-step DNC against autodiff, for every
 * weight of the model (controller, interface, output head, and with ACT the halting unit): both allocation
 * modes, with and without ACT. With ACT, a coordinate whose perturbation changes some N(t) is not comparable
 * (N is piecewise constant) and is skipped. The sort allocation's order is constant to the gradient, so the
 * check holds away from ties in usage; exact ties (never-written slots) stay ties under the perturbation.
 * A second check differentiates one step w.r.t. every entry of a random previous state (usage, links, read and
 * write weights, …), where paths that barely move the whole loss of a fresh model are exercised directly.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { HaltingSettings } from '../../halting/method';
import { batchTensors, disposeBatch } from '../../batch';
import { ActModel } from '../../model';
import { Rng } from '../../random';
import { trainingObjective } from '../../objective';
import type { HeadSpec } from '../../types';
import { dncPlugin } from './dnc';
import { flattenReferenceState, randomReferenceState } from './reference.testing';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const [STEPS, BATCH, INPUT] = [3, 3, 3];
const HEAD: HeadSpec = { kind: 'sigmoid', units: 2 };
const TAU = 0.05;
const DELTA = 2e-3;
const SETTINGS: HaltingSettings = { eps: 0.01, maxSteps: 3, haltCheck: 'readback', tau: TAU, beta: 0, lambdaP: 0.5, repeats: 1 };

function build(allocation: 'sort' | 'softmax', act: boolean, rng: Rng): ActModel {
  const model = new ActModel({
    cell: 'dnc', cellOptions: { memSlots: 4, memWidth: 3, readHeads: 2, allocation },
    inputSize: INPUT, hidden: 3, layers: 1, halting: act ? 'act' : 'none', ponderMode: 'stack', head: HEAD,
  }, rng);
  // Weights of order 1, so that gates, strengths and read modes are away from their midpoints; the halting
  // bias low enough that N varies between 1 and M.
  for (const { name, variable } of model.variables) {
    const values = Array.from({ length: variable.size }, () => rng.uniform(-1, 1));
    if (name === 'halting/bias') values[0] = -1;
    variable.assign(tf.tidy(() => tf.tensor(values, variable.shape)));
  }
  return model;
}

function check(allocation: 'sort' | 'softmax', act: boolean) {
  const rng = new Rng(act ? 31 : 32);
  const model = build(allocation, act, rng);
  const batch = batchTensors({
    steps: STEPS, batch: BATCH, inputSize: INPUT, targetWidth: 2,
    inputs: Float32Array.from({ length: STEPS * BATCH * INPUT }, () => rng.uniform(-1, 1)),
    targets: Float32Array.from({ length: STEPS * BATCH * 2 }, () => rng.int(0, 1)),
    targetMask: Float32Array.from([1, 0, 1, 1, 1, 1, 1, 1, 1]),
    stepMask: Float32Array.from([1, 1, 1, 1, 1, 1, 1, 1, 0]),
    difficulty: new Int32Array(BATCH),
  });
  const evaluate = () => tf.tidy(() => {
    const objective = trainingObjective(model, HEAD, batch, SETTINGS);
    return { loss: objective.total.dataSync()[0], ponder: objective.ponder.dataSync()[0] };
  });
  const { grads } = tf.variableGrads(() => trainingObjective(model, HEAD, batch, SETTINGS).total, model.variables.map((v) => v.variable));
  const base = evaluate();
  const mismatches: string[] = [];
  let compared = 0;
  let skipped = 0;
  for (const { name, variable } of model.variables) {
    const analytic = grads[variable.name].dataSync();
    const original = variable.dataSync().slice();
    const moved = (index: number, delta: number) => {
      const values = original.slice();
      values[index] += delta;
      variable.assign(tf.tensor(values, variable.shape));
      return evaluate();
    };
    for (let i = 0; i < original.length; i++) {
      const [plus, minus] = [moved(i, DELTA), moved(i, -DELTA)];
      if (plus.ponder !== base.ponder || minus.ponder !== base.ponder) {
        skipped++;
        continue;
      }
      compared++;
      const numeric = (plus.loss - minus.loss) / (2 * DELTA);
      if (Math.abs(numeric - analytic[i]) > 3e-4 + 1e-2 * Math.abs(numeric)) {
        mismatches.push(`${name}[${i}]: autodiff ${analytic[i].toFixed(5)} vs finite difference ${numeric.toFixed(5)}`);
      }
    }
    variable.assign(tf.tensor(original, variable.shape));
  }
  model.dispose();
  tf.dispose(Object.values(grads));
  disposeBatch(batch);
  return { mismatches, compared, skipped, ponder: base.ponder };
}

describe('DNC gradients match finite differences of the whole loss (3 steps)', () => {
  for (const allocation of ['sort', 'softmax'] as const) {
    for (const act of [false, true]) {
      it(`${allocation} allocation, ${act ? 'with' : 'without'} ACT`, () => {
        const result = check(allocation, act);
        expect(result.mismatches).toEqual([]);
        expect(result.compared).toBeGreaterThan(4 * result.skipped);
        // With ACT the regime must exercise pondering, not N = 1 everywhere.
        if (act) expect(result.ponder).toBeGreaterThan(1.2);
      }, 240_000); // ~10 s of CPU per case, much longer on a shared machine
    }
  }
});

describe('one DNC step: gradients w.r.t. the previous state and the input match finite differences', () => {
  const sizes = { hidden: 3, slots: 4, width: 3, reads: 2 };
  for (const allocation of ['sort', 'softmax'] as const) {
    it(`${allocation} allocation`, () => {
      const rng = new Rng(41);
      const cell = dncPlugin.create({
        rng, prefix: 'dnc', inputSize: 2, hiddenSize: sizes.hidden,
        options: { memSlots: sizes.slots, memWidth: sizes.width, readHeads: sizes.reads, allocation },
      });
      for (const { variable } of cell.variables) variable.assign(tf.tidy(() => tf.tensor(Array.from({ length: variable.size }, () => rng.uniform(-1, 1)), variable.shape)));
      const rows = [randomReferenceState(sizes, rng), randomReferenceState(sizes, rng)];
      // The projected input and the state tensors the step reads (the carried allocation and read modes are not).
      const state = cell.stateWidths.map((_, part) => rows.map((row) => flattenReferenceState(row)[part]));
      const carried = state.slice(9).map((values) => tf.tensor2d(values));
      const inputs = [Array.from({ length: 2 }, () => Array.from({ length: 4 * sizes.hidden }, () => rng.uniform(-1, 1))), ...state.slice(0, 9)];
      // A random linear read-out of every next state tensor and of the output.
      const readOut = [...cell.stateWidths, cell.outputSize].map((width) => tf.tensor2d(Array.from({ length: 2 * width }, () => rng.uniform(-1, 1)), [2, width]));
      const loss = (...tensors: tf.Tensor[]) => {
        const next = cell.step(tensors[0] as tf.Tensor2D, [...tensors.slice(1), ...carried] as tf.Tensor2D[]);
        return tf.addN([...next, cell.output(next)].map((tensor, k) => tf.sum(tf.mul(tensor, readOut[k])))) as tf.Scalar;
      };
      const at = (values: number[][][]) => tf.tidy(() => loss(...values.map((v) => tf.tensor2d(v))).dataSync()[0]);
      const analytic = tf.tidy(() => tf.grads(loss)(inputs.map((v) => tf.tensor2d(v))).map((g) => g.arraySync() as number[][]));
      const delta = 2e-3;
      const mismatches: string[] = [];
      inputs.forEach((input, k) => input.forEach((row, b) => row.forEach((_, i) => {
        const moved = (d: number) => inputs.map((v, kk) => (kk === k ? v.map((r, bb) => (bb === b ? r.map((x, ii) => (ii === i ? x + d : x)) : r)) : v));
        const numeric = (at(moved(delta)) - at(moved(-delta))) / (2 * delta);
        if (Math.abs(numeric - analytic[k][b][i]) > 1e-3 + 1e-2 * Math.abs(numeric)) {
          mismatches.push(`input ${k} row ${b} [${i}]: autodiff ${analytic[k][b][i].toFixed(5)} vs finite difference ${numeric.toFixed(5)}`);
        }
      })));
      expect(mismatches).toEqual([]);
      tf.dispose([...readOut, ...carried]);
      cell.variables.forEach(({ variable }) => variable.dispose());
    });
  }
});
