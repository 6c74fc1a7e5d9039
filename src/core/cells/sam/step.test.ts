/**
 * The engine's SAM step against the plain-array reference (reference.testing.ts), value by value over several
 * steps from the initial state; the sparse-access properties the issue asks for (read weights sum to 1 over
 * the few visible rows, a write touches only the rows chosen, the LRU row), checked on the engine's state.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../random';
import type { Cell } from '../cell';
import type { SamSizes } from './layout';
import { STATE_PARTS, visibleRows } from './layout';
import type { SamReferenceState, SamReferenceWeights } from './reference.testing';
import { firstArgmax, referenceInitialState, referenceSamStep } from './reference.testing';
import { engineState, makeSamCell } from './testCell.testing';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const SIZES: SamSizes = { hidden: 5, slots: 10, width: 4, reads: 2, sparseReads: 2 };
const [INPUT, BATCH] = [3, 3];

function referenceWeights(cell: Cell): SamReferenceWeights {
  const get = (suffix: string) => cell.variables.find((v) => v.name === `layer0/sam/${suffix}`)!.variable.arraySync();
  return {
    inputKernel: get('controller/input_kernel') as number[][], recurrentKernel: get('controller/recurrent_kernel') as number[][],
    readKernel: get('controller/read_kernel') as number[][], bias: get('controller/bias') as number[],
    interfaceKernel: get('interface/kernel') as number[][], interfaceBias: get('interface/bias') as number[],
  };
}

function expectClose(actual: unknown, expected: unknown, path: string): void {
  if (Array.isArray(expected)) {
    (expected as unknown[]).forEach((e, i) => expectClose((actual as unknown[])[i], e, `${path}[${i}]`));
    return;
  }
  expect(Math.abs((actual as number) - (expected as number)), `${path}: ${String(actual)} vs ${String(expected)}`).toBeLessThan(2e-4 + 1e-4 * Math.abs(expected as number));
}

/** Runs `steps` steps of the engine and the reference from the initial state on the same random inputs. */
function runBoth(cell: Cell, sizes: SamSizes, steps: number, rng: Rng) {
  const weights = referenceWeights(cell);
  let state = cell.stateWidths.map((width) => tf.zeros([BATCH, width]) as tf.Tensor2D);
  let references = Array.from({ length: BATCH }, () => referenceInitialState(sizes, visibleRows(sizes)));
  const history: { engine: tf.Tensor2D[]; reference: SamReferenceState[] }[] = [{ engine: state, reference: references }];
  for (let t = 0; t < steps; t++) {
    const xs = Array.from({ length: BATCH }, () => Array.from({ length: INPUT }, () => rng.uniform(-2, 2)));
    const previous = state;
    state = tf.tidy(() => cell.step(cell.projectInput(tf.tensor2d(xs)), previous));
    references = references.map((reference, b) => referenceSamStep(sizes, weights, xs[b], reference));
    history.push({ engine: state, reference: references });
  }
  return history;
}

describe('SAM step', () => {
  it('matches the plain-array reference value by value over 6 steps from the initial state', () => {
    const rng = new Rng(3);
    const cell = makeSamCell(rng, SIZES, INPUT);
    const history = runBoth(cell, SIZES, 6, rng);
    history.forEach(({ engine, reference }, t) => {
      for (let b = 0; b < BATCH; b++) {
        const actual = engineState(SIZES, engine, b);
        for (const key of Object.keys(reference[b]) as (keyof SamReferenceState)[]) expectClose(actual[key], reference[b][key], `step ${t} row ${b} ${key}`);
      }
    });
    tf.dispose(history.flatMap((entry) => entry.engine));
  });

  it('reads K rows per head plus the LRU row: each head\'s weights sum to 1 over at most R·K + 1 slots', () => {
    const rng = new Rng(4);
    const sizes: SamSizes = { hidden: 4, slots: 64, width: 4, reads: 2, sparseReads: 3 };
    const cell = makeSamCell(rng, sizes, INPUT);
    const history = runBoth(cell, sizes, 5, rng);
    for (const { engine } of history.slice(1)) {
      for (let b = 0; b < BATCH; b++) {
        const { readWeights } = engineState(sizes, engine, b);
        const touched = new Set(readWeights.flatMap((head) => head.flatMap((w, n) => (w > 1e-7 ? [n] : []))));
        expect(touched.size).toBeLessThanOrEqual(visibleRows(sizes));
        for (const head of readWeights) expect(head.reduce((a, w) => a + w, 0)).toBeCloseTo(1, 5);
      }
    }
    tf.dispose(history.flatMap((entry) => entry.engine));
  });

  it('writes only to the rows read at the previous step and the LRU row (which it erases)', () => {
    const rng = new Rng(5);
    const sizes: SamSizes = { hidden: 4, slots: 64, width: 4, reads: 2, sparseReads: 3 };
    const cell = makeSamCell(rng, sizes, INPUT);
    const history = runBoth(cell, sizes, 5, rng);
    for (let t = 1; t < history.length; t++) {
      for (let b = 0; b < BATCH; b++) {
        const before = engineState(sizes, history[t - 1].engine, b);
        const after = engineState(sizes, history[t].engine, b);
        const previouslyRead = new Set(before.readWeights.flatMap((head) => head.flatMap((w, n) => (w > 0 ? [n] : []))));
        const lru = firstArgmax(before.usage);
        const changed = after.memory.flatMap((row, n) => (row.some((x, j) => x !== before.memory[n][j]) ? [n] : []));
        for (const slot of changed) expect(previouslyRead.has(slot) || slot === lru, `step ${t} row ${b} slot ${slot}`).toBe(true);
        expect(changed.length).toBeLessThanOrEqual(visibleRows(sizes));
        expect(after.writeWeights.filter((w) => w > 0).length).toBeLessThanOrEqual(visibleRows(sizes));
      }
    }
    tf.dispose(history.flatMap((entry) => entry.engine));
  });

  it('picks the slot unused the longest as the LRU row (ties: the lowest slot) and writes there when γ = 0', () => {
    const rng = new Rng(6);
    const sizes: SamSizes = { hidden: 3, slots: 8, width: 2, reads: 1, sparseReads: 2 };
    const cell = makeSamCell(rng, sizes, INPUT);
    // Interface bias: interpolation gate σ(−30) ≈ 0, write gate σ(30) ≈ 1; interface kernel 0 so the bias decides.
    const [kernel, bias] = ['interface/kernel', 'interface/bias'].map((name) => cell.variables.find((v) => v.name === `layer0/sam/${name}`)!.variable);
    kernel.assign(tf.zerosLike(kernel));
    const biasValues = new Float32Array(bias.size);
    biasValues[bias.size - 2] = -30;
    biasValues[bias.size - 1] = 30;
    bias.assign(tf.tensor1d(biasValues));
    const ages = [[0, 3, 7, 1, 7, 0, 2, 0], [5, 5, 5, 5, 5, 5, 5, 5]]; // LRU: slot 2 (first of the tied 7s); slot 0
    const state = cell.stateWidths.map((width, index) => (STATE_PARTS[index] === 'usage' ? tf.tensor2d(ages) : tf.zeros([2, width]))) as tf.Tensor2D[];
    const next = tf.tidy(() => cell.step(cell.projectInput(tf.zeros([2, INPUT])), state));
    const rows = [0, 1].map((b) => engineState(sizes, next, b));
    [2, 0].forEach((lru, b) => {
      rows[b].writeWeights.forEach((w, n) => expect(w).toBeCloseTo(n === lru ? 1 : 0, 6));
      // The LRU row was written, so its age restarts; every other age grows by one.
      rows[b].usage.forEach((age, n) => expect(age).toBe(n === lru ? 0 : ages[b][n] + 1));
    });
    // The next LRU: row 0's ages are now [1, 4, 0, 2, 8, 1, 3, 1] → slot 4; row 1's all 6 but slot 0 → slot 1.
    expect(rows[0].lru.indexOf(1)).toBe(4);
    expect(rows[1].lru.indexOf(1)).toBe(1);
    tf.dispose([...state, ...next]);
  });
});
