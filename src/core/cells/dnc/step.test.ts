/**
 * The engine's DNC step against the plain-array reference (reference.testing.ts), value by value: random
 * weights and inputs, batch 3, several steps from the zero state and one step from a random state, both
 * allocation modes. The state is compared in its documented order and layout (docs/weights.md).
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../random';
import type { Cell } from '../cell';
import { dncPlugin } from './dnc';
import type { ReferenceSizes, ReferenceState, ReferenceWeights } from './reference.testing';
import { flattenReferenceState, randomReferenceState, referenceStep, referenceZeroState } from './reference.testing';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const SIZES: ReferenceSizes = { hidden: 5, slots: 6, width: 4, reads: 3 };
const INPUT = 3;
const BATCH = 3;

function makeCell(allocation: 'sort' | 'softmax', rng: Rng): Cell {
  const cell = dncPlugin.create({
    rng, prefix: 'layer0/dnc', inputSize: INPUT, hiddenSize: SIZES.hidden,
    options: { memSlots: SIZES.slots, memWidth: SIZES.width, readHeads: SIZES.reads, allocation },
  });
  // Weights of order 1 (not Glorot-small) so that gates, strengths and modes are far from their midpoints.
  for (const { variable } of cell.variables) variable.assign(tf.tidy(() => tf.tensor(Array.from({ length: variable.size }, () => rng.uniform(-1, 1)), variable.shape)));
  return cell;
}

/** The cell's weights as plain arrays, by the names docs/weights.md gives them. */
function referenceWeights(cell: Cell): ReferenceWeights {
  const byName = (suffix: string) => {
    const found = cell.variables.find((v) => v.name === `layer0/dnc/${suffix}`);
    if (!found) throw new Error(`no weight ${suffix}`);
    return found.variable;
  };
  const matrix = (suffix: string) => byName(suffix).arraySync() as number[][];
  const vector = (suffix: string) => byName(suffix).arraySync() as number[];
  return {
    inputKernel: matrix('controller/input_kernel'),
    recurrentKernel: matrix('controller/recurrent_kernel'),
    readKernel: matrix('controller/read_kernel'),
    bias: vector('controller/bias'),
    interfaceKernel: matrix('interface/kernel'),
    interfaceBias: vector('interface/bias'),
  };
}

const PART_NAMES = ['h', 'c', 'memory', 'links', 'precedence', 'usage', 'readWeights', 'writeWeights', 'readVectors', 'allocation', 'readModes'];

function toTensors(rows: ReferenceState[]): tf.Tensor2D[] {
  return PART_NAMES.map((_, part) => tf.tensor2d(rows.map((row) => flattenReferenceState(row)[part])));
}

function expectClose(engine: tf.Tensor2D[], reference: ReferenceState[], where: string): void {
  PART_NAMES.forEach((name, part) => {
    const actual = engine[part].arraySync();
    reference.forEach((row, b) => {
      const expected = flattenReferenceState(row)[part];
      expect(actual[b].length, `${where} ${name} width`).toBe(expected.length);
      expected.forEach((value, i) => {
        const error = Math.abs(actual[b][i] - value);
        if (error > 2e-5 + 2e-4 * Math.abs(value)) {
          expect.fail(`${where}, row ${b}, ${name}[${i}]: engine ${actual[b][i]} vs reference ${value}`);
        }
      });
    });
  });
}

describe('DNC step against the plain-array reference', () => {
  for (const allocation of ['sort', 'softmax'] as const) {
    it(`matches over 5 steps from the zero state, batch ${BATCH}, ${allocation} allocation`, () => {
      const rng = new Rng(allocation === 'sort' ? 11 : 12);
      const cell = makeCell(allocation, rng);
      const weights = referenceWeights(cell);
      let reference = Array.from({ length: BATCH }, () => referenceZeroState(SIZES));
      let state = cell.stateWidths.map((width) => tf.zeros([BATCH, width]) as tf.Tensor2D);
      for (let t = 0; t < 5; t++) {
        const x = Array.from({ length: BATCH }, () => Array.from({ length: INPUT }, () => rng.uniform(-1, 1)));
        const next = tf.tidy(() => cell.step(cell.projectInput(tf.tensor2d(x)), state));
        tf.dispose(state);
        state = next;
        reference = reference.map((row, b) => referenceStep(SIZES, weights, allocation, x[b], row));
        expectClose(state, reference, `step ${t + 1}`);
      }
      tf.dispose(state);
      cell.variables.forEach(({ variable }) => variable.dispose());
    });

    it(`matches one step from a random state, ${allocation} allocation`, () => {
      const rng = new Rng(allocation === 'sort' ? 21 : 22);
      const cell = makeCell(allocation, rng);
      const previous = Array.from({ length: BATCH }, () => randomReferenceState(SIZES, rng));
      const x = Array.from({ length: BATCH }, () => Array.from({ length: INPUT }, () => rng.uniform(-1, 1)));
      const state = toTensors(previous);
      const next = tf.tidy(() => cell.step(cell.projectInput(tf.tensor2d(x)), state));
      const weights = referenceWeights(cell);
      expectClose(next, previous.map((row, b) => referenceStep(SIZES, weights, allocation, x[b], row)), 'random state');
      tf.dispose([...state, ...next]);
      cell.variables.forEach(({ variable }) => variable.dispose());
    });
  }

  it('outputs [h, read vectors] clipped to ±20, and names a view for every state part', () => {
    const cell = makeCell('sort', new Rng(3));
    const state = toTensors([randomReferenceState(SIZES, new Rng(4))]);
    state[0] = tf.tensor2d([[30, -30, 1, 2, 3]]);
    state[8] = tf.tensor2d([Array.from({ length: 12 }, (_, i) => (i === 0 ? 25 : i))]);
    const output = cell.output(state).arraySync()[0];
    expect(output).toEqual([20, -20, 1, 2, 3, 20, ...Array.from({ length: 11 }, (_, i) => Math.min(i + 1, 20))]);
    expect(cell.outputSize).toBe(5 + 3 * 4);
    expect(cell.views.map((view) => [view.name, view.state, view.rows, view.cols])).toEqual([
      ['controllerH', 0, 1, 5], ['controllerC', 1, 1, 5], ['memory', 2, 6, 4], ['links', 3, 6, 6], ['precedence', 4, 1, 6],
      ['usage', 5, 1, 6], ['readWeights', 6, 3, 6], ['writeWeights', 7, 1, 6], ['readVectors', 8, 3, 4], ['allocation', 9, 1, 6],
      ['readModes', 10, 3, 3],
    ]);
    for (const view of cell.views) expect(view.offset + view.rows * view.cols).toBe(cell.stateWidths[view.state]);
    tf.dispose(state);
  });
});
