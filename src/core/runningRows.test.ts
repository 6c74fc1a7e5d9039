/**
 * The ponder loop on the running rows only (haltCheck 'compact') computes what the masked loop computes: the
 * row moves and their gradients against plain arrays, then every cell's loss, ponder and weight gradients in
 * both modes, on the CPU backend and on WASM (which lacks the gather gradient TF.js would otherwise use).
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configOf } from '../config/testing';
import { createTrainer } from '../run/engine';
import { initBackend } from './backend';
import { batchTensors, disposeBatch } from './batch';
import type { Cell, CellOptions } from './cells/cell';
import { CELL_IDS, getCell } from './cells/registry';
import type { HaltCheck } from './act';
import type { HaltingSettings } from './halting/method';
import { ActModel } from './model';
import { trainingObjective } from './objective';
import { Rng } from './random';
import { pickRows, pickRowsOfEach, rowPick, spreadRows } from './runningRows';
import type { HeadSpec } from './types';

const HEAD: HeadSpec = { kind: 'softmax', groups: 1, classes: 3 };
const [STEPS, BATCH, INPUT] = [4, 7, 3];
/** Each cell's defaults, with small memories so that every cell runs in a moment. */
const SMALL: Record<string, CellOptions> = {
  dnc: { memSlots: 6, memWidth: 4, readHeads: 2 },
  sam: { sparseSlots: 8, sparseWidth: 4, sparseReads: 2 },
  sdnc: { sparseSlots: 8, sparseWidth: 4, sparseReads: 2 },
  alstm: { adaptSize: 3 },
};
const cellOptions = (cell: string): CellOptions => ({
  ...Object.fromEntries(Object.entries(getCell(cell).options).map(([key, field]) => [key, field.default])),
  ...SMALL[cell],
});

describe('moving rows', () => {
  const x = tf.tensor2d([[1, 2], [3, 4], [5, 6], [7, 8]]);

  it('picks rows and spreads them back, zeros elsewhere', () => {
    const pick = rowPick([3, 1], 4);
    expect(pickRows(x, pick).arraySync()).toEqual([[7, 8], [3, 4]]);
    expect(spreadRows(tf.tensor2d([[1, 1], [2, 2]]), pick).arraySync()).toEqual([[0, 0], [2, 2], [0, 0], [1, 1]]);
  });

  it('moves runs of consecutive rows and of zeros whole, and single rows between them', () => {
    const six = tf.tensor2d([[1], [2], [3], [4], [5], [6]]);
    const runs = rowPick([0, 1, 2, 4, 5], 6);
    expect(pickRows(six, runs).arraySync()).toEqual([[1], [2], [3], [5], [6]]);
    expect(spreadRows(tf.tensor2d([[1], [2], [3], [5], [6]]), runs).arraySync()).toEqual([[1], [2], [3], [0], [5], [6]]);
    const ends = rowPick([0, 5], 6);
    expect(spreadRows(tf.tensor2d([[7], [8]]), ends).arraySync()).toEqual([[7], [0], [0], [0], [0], [8]]);
    expect(pickRows(six, rowPick([3, 4, 0, 1], 6)).arraySync()).toEqual([[4], [5], [1], [2]]);
  });

  it('takes each other as gradients: a pick returns its rows\' gradient to their places, a spread picks it', () => {
    const pick = rowPick([2, 0], 4);
    const weights = tf.tensor2d([[1, -1], [2, 0.5]]);
    const picked = tf.grad((input: tf.Tensor) => tf.sum(tf.mul(pickRows(input as tf.Tensor2D, pick), weights)))(x);
    expect(picked.arraySync()).toEqual([[2, 0.5], [0, 0], [1, -1], [0, 0]]);
    const spreadWeights = tf.tensor2d([[1, 2], [3, 4], [5, 6], [7, 8]]);
    const spread = tf.grad((rows: tf.Tensor) => tf.sum(tf.mul(spreadRows(rows as tf.Tensor2D, pick), spreadWeights)))(weights);
    expect(spread.arraySync()).toEqual([[5, 6], [1, 2]]);
  });
  it('picks the same rows from tensors of other widths in one kernel call, and spreads their gradients back in one', async () => {
    const pick = rowPick([2, 0], 4);
    const narrow = tf.tensor2d([[1], [2], [3], [4]]);
    const [a, b] = pickRowsOfEach([x, narrow], pick);
    expect(a.arraySync()).toEqual([[5, 6], [1, 2]]);
    expect(b.arraySync()).toEqual([[3], [1]]);
    const loss = (wide: tf.Tensor, thin: tf.Tensor) => {
      const [p, q] = pickRowsOfEach([wide as tf.Tensor2D, thin as tf.Tensor2D], pick);
      return tf.add(tf.sum(tf.mul(p, tf.tensor2d([[1, -1], [2, 0.5]]))), tf.sum(tf.mul(q, tf.tensor2d([[3], [4]]))));
    };
    const profile = await tf.profile(() => tf.dispose(tf.grads(loss)([x, narrow])));
    expect(profile.kernels.filter((kernel) => kernel.name === 'ActMoveRows')).toHaveLength(2);
    const [dWide, dThin] = tf.grads(loss)([x, narrow]);
    expect(dWide.arraySync()).toEqual([[2, 0.5], [0, 0], [1, -1], [0, 0]]);
    expect(dThin.arraySync()).toEqual([[4], [0], [3], [0]]);
  });
});

interface Outcome {
  loss: number;
  ponder: number;
  grads: Float32Array[];
  /** Rows handed to the cell, per update. */
  rowsPerUpdate: number[];
}

/** Counts the rows each update of the pondering cell is computed on. */
function countRows(cell: Cell, counts: number[]): void {
  const mutable = cell as { step: Cell['step']; stepWhole?: Cell['stepWhole'] };
  const step = cell.step.bind(cell);
  mutable.step = (projected, state, threaded) => {
    counts.push(projected.shape[0]);
    return step(projected, state, threaded);
  };
  const stepWhole = cell.stepWhole?.bind(cell);
  if (stepWhole) {
    mutable.stepWhole = (projected, state) => {
      const result = stepWhole(projected, state);
      if (result) counts.push(projected.shape[0]);
      return result;
    };
  }
}

function run(cell: string, layers: number, haltCheck: HaltCheck): Outcome {
  const rng = new Rng(23);
  const model = new ActModel({ cell, cellOptions: cellOptions(cell), inputSize: INPUT, hidden: 6, layers, halting: 'act', ponderMode: 'stack', head: HEAD, haltBias: -0.5 }, rng);
  const rowsPerUpdate: number[] = [];
  countRows(model.ponderingCells[0], rowsPerUpdate);
  const batch = batchTensors({
    steps: STEPS, batch: BATCH, inputSize: INPUT, targetWidth: 1,
    inputs: Float32Array.from({ length: STEPS * BATCH * INPUT }, () => rng.uniform(-2, 2)),
    targets: Float32Array.from({ length: STEPS * BATCH }, () => rng.int(0, 2)),
    targetMask: new Float32Array(STEPS * BATCH).fill(1),
    stepMask: new Float32Array(STEPS * BATCH).fill(1),
    difficulty: new Int32Array(BATCH),
  });
  // The halting kernel spread out, so that rows halt after different numbers of updates.
  for (const { name, variable } of model.variables) {
    if (name.endsWith('halting/kernel')) variable.assign(tf.tidy(() => tf.tensor(Array.from({ length: variable.size }, () => rng.uniform(-2, 2)), variable.shape)));
  }
  const settings: HaltingSettings = { eps: 0.01, maxSteps: 6, haltCheck, tau: 0.01, haltPenalty: 0.01, beta: 0, lambdaP: 0.5, repeats: 1 };
  let ponder = 0;
  const { value, grads } = tf.variableGrads(() => {
    const objective = trainingObjective(model, HEAD, batch, settings);
    ponder = objective.ponder.dataSync()[0];
    return objective.total;
  }, model.variables.map((v) => v.variable));
  const outcome = {
    loss: value.dataSync()[0],
    ponder,
    grads: model.variables.map(({ variable }) => grads[variable.name].dataSync() as Float32Array),
    rowsPerUpdate,
  };
  tf.dispose([value, ...Object.values(grads)]);
  disposeBatch(batch);
  model.dispose();
  return outcome;
}

function expectSame(compact: Outcome, masked: Outcome): void {
  expect(compact.ponder).toBe(masked.ponder);
  expect(compact.loss).toBeCloseTo(masked.loss, 5);
  let largest = 0;
  masked.grads.forEach((values, w) => values.forEach((g, i) => {
    largest = Math.max(largest, Math.abs(g));
    expect(Math.abs(compact.grads[w][i] - g), `weight ${w}[${i}]`).toBeLessThan(1e-5 + 1e-4 * Math.abs(g));
  }));
  expect(largest).toBeGreaterThan(1e-2);
  // The masked loop hands the cell the whole batch each update; the compact one fewer rows once some halt.
  expect(new Set(masked.rowsPerUpdate)).toEqual(new Set([BATCH]));
  expect(Math.min(...compact.rowsPerUpdate)).toBeLessThan(BATCH);
  expect(compact.rowsPerUpdate.length).toBe(masked.rowsPerUpdate.length);
}

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`ACT on the running rows only, ${backend} backend`, () => {
    beforeAll(async () => {
      await initBackend(backend);
    });
    afterAll(async () => {
      await tf.setBackend('cpu');
    });

    for (const cell of CELL_IDS) {
      it(`gives the masked loop's loss, ponder and gradients: ${cell}`, () => {
        expect(tf.getBackend()).toBe(backend);
        expectSame(run(cell, 1, 'compact'), run(cell, 1, 'readback'));
      });
    }

    it('gives the masked loop\'s results for pondering stacks of two layers (LSTM; aLSTM threading its z)', () => {
      expectSame(run('lstm', 2, 'compact'), run('lstm', 2, 'readback'));
      expectSame(run('alstm', 2, 'compact'), run('alstm', 2, 'readback'));
    });
  });
}

describe('training on the running rows only', () => {
  it('is the default on the CPU backend and follows the masked read-back run to float rounding, with less work', async () => {
    await tf.setBackend('cpu');
    const config = configOf('task=logic&logicLength=4&maxGates=3&hidden=8&batch=16&maxSteps=6&tau=0.001&haltBias=-0.5&seed=3');
    const masked = createTrainer(config, undefined, { ponderUnroll: 'readback' });
    const compact = createTrainer(config);
    let [maskedWork, compactWork] = [0, 0];
    for (let step = 1; step <= 8; step++) {
      const [expected, actual] = [await masked.step(), await compact.step()];
      expect(actual.ponder, `step ${step}`).toBe(expected.ponder);
      expect(actual.updates).toEqual(expected.updates);
      expect(actual.loss).toBeCloseTo(expected.loss, 5);
      maskedWork += expected.work[0];
      compactWork += actual.work[0];
      expect(expected.work).toEqual(expected.updates);
    }
    expect(compactWork).toBeLessThan(0.9 * maskedWork);
    masked.dispose();
    compact.dispose();
  });
});
