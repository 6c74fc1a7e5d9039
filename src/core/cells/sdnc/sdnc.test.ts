/**
 * The engine's SDNC step against the plain-array reference (reference.testing.ts) value by value, the links'
 * order (slot 0 then slot 1 written: 1 succeeds 0), finite differences with the selected rows fixed, WASM equal
 * to CPU, and no tensor growth in the Trainer.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../backend';
import { Rng } from '../../random';
import type { Cell } from '../cell';
import { expectNoTensorGrowth } from '../memory/tensorGrowth.testing';
import { expectSameResults, lossAndGradients } from '../memory/backendParity.testing';
import type { SamSizes } from '../sam/layout';
import { STATE_PARTS, visibleRows } from '../sam/layout';
import { referenceInitialState } from '../sam/reference.testing';
import { engineState, makeSamCell } from '../sam/testCell.testing';
import type { SdncReferenceState } from './reference.testing';
import { referenceInitialLinks, referenceSdncStep } from './reference.testing';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const SIZES: SamSizes = { hidden: 4, slots: 12, width: 3, reads: 2, sparseReads: 2 };
const K = 2;
const [INPUT, BATCH] = [3, 3];

const makeCell = (rng: Rng): Cell => makeSamCell(rng, SIZES, INPUT, { temporalReads: K });

function links(state: tf.Tensor2D[], b: number) {
  const rows = state.slice(STATE_PARTS.length).map((t) => Array.from(t.arraySync()[b]));
  const lists = (slots: number[], weights: number[]) => Array.from({ length: SIZES.slots }, (_, n) => Array.from({ length: K }, (_, k) => ({ slot: slots[n * K + k], weight: weights[n * K + k] })));
  return { precedence: rows[0], successors: lists(rows[1], rows[2]), predecessors: lists(rows[3], rows[4]) };
}

const close = (a: number, e: number, path: string) => expect(Math.abs(a - e), `${path}: ${a} vs ${e}`).toBeLessThan(2e-4 + 1e-4 * Math.abs(e));

describe('SDNC step', () => {
  it('matches the plain-array reference value by value over 6 steps, links included', () => {
    const rng = new Rng(7);
    const cell = makeCell(rng);
    const weights = Object.fromEntries(cell.variables.map(({ name, variable }) => [name.replace('layer0/sdnc/', ''), variable.arraySync()]));
    const referenceWeights = {
      inputKernel: weights['controller/input_kernel'], recurrentKernel: weights['controller/recurrent_kernel'], readKernel: weights['controller/read_kernel'],
      bias: weights['controller/bias'], interfaceKernel: weights['interface/kernel'], interfaceBias: weights['interface/bias'],
    } as never;
    let state = cell.stateWidths.map((width) => tf.zeros([BATCH, width]) as tf.Tensor2D);
    let references: SdncReferenceState[] = Array.from({ length: BATCH }, () => ({
      sam: referenceInitialState(SIZES, visibleRows(SIZES, 2 * K)), ...referenceInitialLinks(SIZES.slots, K),
    }));
    for (let t = 0; t < 6; t++) {
      const xs = Array.from({ length: BATCH }, () => Array.from({ length: INPUT }, () => rng.uniform(-2, 2)));
      const previous = state;
      state = tf.tidy(() => cell.step(cell.projectInput(tf.tensor2d(xs)), previous));
      tf.dispose(previous);
      references = references.map((reference, b) => referenceSdncStep(SIZES, K, referenceWeights, xs[b], reference));
      for (let b = 0; b < BATCH; b++) {
        const sam = engineState(SIZES, state, b, 2 * K);
        for (const key of Object.keys(sam) as (keyof typeof sam)[]) {
          [references[b].sam[key]].flat(2).forEach((e, i) => close([sam[key]].flat(2)[i], e, `step ${t} row ${b} ${key}[${i}]`));
        }
        const actual = links(state, b);
        actual.precedence.forEach((p, n) => close(p, references[b].precedence[n], `step ${t} row ${b} precedence[${n}]`));
        for (const side of ['successors', 'predecessors'] as const) {
          actual[side].forEach((list, n) => list.forEach(({ slot, weight }, k) => {
            const expected = references[b][side][n][k];
            close(weight, expected.weight, `step ${t} row ${b} ${side}[${n}][${k}].weight`);
            if (expected.weight > 1e-6) expect(slot, `step ${t} row ${b} ${side}[${n}][${k}].slot`).toBe(expected.slot);
          }));
        }
      }
    }
    tf.dispose(state);
  });

  it('links two full writes in order: the second slot succeeds the first, the first precedes the second', () => {
    const rng = new Rng(8);
    const cell = makeCell(rng);
    // Write gate ≈ 1 and interpolation ≈ 0: each step writes fully to the LRU row — slot 0 (all ages 0) first,
    // then slot 9, the first not accessed at the first step (slots 0 … 8 had the initial read weights).
    const [kernel, bias] = ['interface/kernel', 'interface/bias'].map((name) => cell.variables.find((v) => v.name === `layer0/sdnc/${name}`)!.variable);
    kernel.assign(tf.zerosLike(kernel));
    const values = new Float32Array(bias.size);
    values[bias.size - 2] = -30;
    values[bias.size - 1] = 30;
    bias.assign(tf.tensor1d(values));
    let state = cell.stateWidths.map((width) => tf.zeros([1, width]) as tf.Tensor2D);
    for (let t = 0; t < 2; t++) {
      const previous = state;
      state = tf.tidy(() => cell.step(cell.projectInput(tf.zeros([1, INPUT])), previous));
      tf.dispose(previous);
    }
    const { successors, predecessors, precedence } = links(state, 0);
    const second = engineState(SIZES, state, 0, 2 * K).writeWeights.findIndex((w) => w > 0.99);
    expect(second).toBe(visibleRows(SIZES, 2 * K));
    expect(successors[0][0].slot).toBe(second);
    expect(successors[0][0].weight).toBeCloseTo(1, 5);
    expect(predecessors[second][0].slot).toBe(0);
    expect(predecessors[second][0].weight).toBeCloseTo(1, 5);
    precedence.forEach((p, n) => expect(p).toBeCloseTo(n === second ? 1 : 0, 5));
    tf.dispose(state);
  });
});

describe('SDNC in the Trainer and on WASM', () => {
  it('does not grow the tensor count over 30 training steps (ACT on and off)', async () => {
    await expectNoTensorGrowth('task=parity&bits=3&cell=sdnc&sparseSlots=32&sparseWidth=4&sparseHeads=2&sparseReads=2&temporalReads=2&hidden=8&batch=4');
  }, 240_000);

  it('computes the CPU backend\'s loss and gradients on WASM (ACT over SDNC)', async () => {
    const options = { sparseSlots: 12, sparseWidth: 4, sparseHeads: 2, sparseReads: 2, temporalReads: 2 };
    const cpu = lossAndGradients('sdnc', options);
    await initBackend('wasm');
    const wasm = lossAndGradients('sdnc', options);
    await tf.setBackend('cpu');
    expectSameResults(wasm, cpu);
  });
});
