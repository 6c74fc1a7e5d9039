import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { configOf } from '../config/testing';
import { createTrainer } from '../run/engine';
import type { Trainer, TrainerOptions } from './trainer';
import { UnrollPredictor } from './speculation';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

async function weightsAndMoments(trainer: Trainer): Promise<Float32Array[]> {
  const snapshot = trainer.optimizerSnapshot();
  const tensors = [...trainer.model.variables.map(({ variable }) => variable), ...snapshot.moments];
  const values = await Promise.all(tensors.map(async (tensor) => (await tensor.data()) as Float32Array));
  tf.dispose(snapshot.moments);
  return values;
}

/** Trains the same config in read-back mode and speculatively, step by step, and compares everything. */
async function compareModes(text: string, steps: number, speculation: TrainerOptions['unroll']) {
  const config = configOf(text);
  const readback = createTrainer(config, undefined, { ponderUnroll: 'readback' });
  const speculative = createTrainer(config, undefined, { ponderUnroll: 'speculative', unroll: speculation });
  let cuts = 0;
  let speculativeUpdates = 0;
  let readbackUpdates = 0;
  for (let i = 0; i < steps; i++) {
    const expected = await readback.step();
    const actual = await speculative.step();
    // Exact: past the last halt an update adds exactly 0 to every sum and every gradient.
    expect([actual.loss, actual.taskLoss, actual.ponder, actual.gradNorm], `${text} step ${i + 1}`).toEqual([expected.loss, expected.taskLoss, expected.ponder, expected.gradNorm]);
    expect(expected.cuts).toBeUndefined();
    cuts += actual.cuts!;
    speculativeUpdates += actual.updates.reduce((a, b) => a + b, 0);
    readbackUpdates += expected.updates.reduce((a, b) => a + b, 0);
  }
  const [want, got] = [await weightsAndMoments(readback), await weightsAndMoments(speculative)];
  got.forEach((values, i) => expect(values, `${text}: tensor ${i}`).toEqual(want[i]));
  readback.dispose();
  speculative.dispose();
  return { cuts, speculativeUpdates, readbackUpdates };
}

describe('speculative unrolling', () => {
  it('follows the read-back trajectory exactly, continuing a pass whose unroll was cut short (ACT)', async () => {
    // Predictions start at 1 update with no margin: the first step is cut short and continued at once.
    const run = await compareModes('task=parity&bits=6&hidden=8&batch=16&tau=0.001&maxSteps=8', 12, { initial: 1, margin: 0 });
    expect(run.cuts).toBeGreaterThan(0);
    expect(run.speculativeUpdates).toBeGreaterThanOrEqual(run.readbackUpdates);
  });

  it('matches with PonderNet, with dropout, with each layer pondering, on LSTM, and streaming with a carried state', async () => {
    for (const text of [
      'task=delaycopy&delay=4&cell=gru&hidden=6&act=1&batch=4&tbptt=3&maxSteps=5&seed=5',
      'task=parity&bits=6&hidden=8&batch=8&halting=pondernet&lambdaP=0.5&maxSteps=6',
      // Output dropout and weight decay: a continued pass draws the same mask.
      'task=parity&bits=6&hidden=8&batch=8&maxSteps=6&dropout=0.3&weightDecay=0.1',
      'task=parity&bits=6&hidden=8&batch=8&halting=pondernet&lambdaP=0.5&maxSteps=6&dropout=0.3',
      'task=logic&logicLength=3&maxGates=3&cell=lstm&hidden=8&batch=8&layers=2&ponderMode=layer&maxSteps=5',
      'task=parity&bits=6&cell=alstm&adaptSize=4&hidden=8&batch=8&maxSteps=6',
      'task=parity&bits=6&cell=alstm&adaptSize=4&hidden=8&layers=2&batch=8&maxSteps=6',
    ]) {
      const run = await compareModes(text, 6, { initial: 1, margin: 0 });
      expect(run.cuts, text).toBeGreaterThan(0);
    }
  });

  it('computes far fewer than M updates per input step once it has learnt the lengths (default prediction)', async () => {
    const run = await compareModes('task=parity&bits=6&hidden=8&batch=16&maxSteps=20', 10, undefined);
    // The first step unrolls to M = 20 at each of the 6 input steps; after it, about the need plus one.
    expect(run.speculativeUpdates).toBeLessThan(10 * 6 * 20 * 0.4);
  });

  it('goes on from a cut instead of starting over: no update is computed twice (ACT, PonderNet)', async () => {
    // One input step (parity) that needs M = 8 updates (halting bias −2: h ≈ 0.12 per update), predicted at 1
    // at first: passes unrolled to 1, 2, 4 and 8 continue one another — 8 updates, not 1 + 2 + 4 + 8 = 15.
    for (const halting of ['act', 'pondernet']) {
      const trainer = createTrainer(configOf(`task=parity&bits=6&hidden=8&batch=16&haltBias=-2&maxSteps=8&halting=${halting}`), undefined, { ponderUnroll: 'speculative', unroll: { initial: 1 } });
      const first = await trainer.step();
      expect([first.cuts, first.updates[0]], halting).toEqual([3, 8]);
      trainer.dispose();
    }
  });

  it('does not grow the tensor count over continued steps', async () => {
    const trainer = createTrainer(configOf('task=parity&bits=6&hidden=8&batch=8&maxSteps=6'), undefined, { ponderUnroll: 'speculative', unroll: { initial: 1, margin: 0, memory: 1 } });
    await trainer.step();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 10; i++) await trainer.step();
    expect(tf.memory().numTensors).toBe(before);
    trainer.dispose();
  });
});

describe('UnrollPredictor', () => {
  const outcomes = (...needs: number[]) => needs.map((needed) => ({ needed, cut: false }));

  it('plans M (or the initial unroll) for unseen positions', () => {
    expect(new UnrollPredictor().plan(10)(0, 0)).toBe(10);
    expect(new UnrollPredictor({ initial: 2 }).plan(10)(3, 0)).toBe(2);
  });

  it('unrolls to the recent need u that minimises u + P(need > u) · (updates planned after it + the cut cost)', () => {
    // One position that needed 3, 5, 3, 3: u = 3 costs 3 + ¼ · cutCost, u = 5 costs 5.
    const unrollFor = (cutCost: number) => {
      const predictor = new UnrollPredictor({ memory: 4, cutCost });
      for (const needed of [3, 5, 3, 3]) predictor.record(outcomes(needed), 1);
      return predictor.plan(10)(0, 0);
    };
    expect([unrollFor(1), unrollFor(8), unrollFor(9)]).toEqual([3, 3, 5]);
    // Two positions: the first one's cut would throw away the second's unroll, so a long second one makes it safe.
    const twoPositions = (secondNeed: number) => {
      const predictor = new UnrollPredictor({ memory: 4, cutCost: 1 });
      for (const needed of [3, 5, 3, 3]) predictor.record(outcomes(needed, secondNeed), 1);
      const plan = predictor.plan(20);
      return [plan(0, 0), plan(1, 0)];
    };
    expect(twoPositions(2)).toEqual([3, 2]);
    expect(twoPositions(12)).toEqual([5, 12]);
    // Positions are t · units + u: with two units, (1, 0) is position 2.
    const units = new UnrollPredictor();
    units.record(outcomes(1, 2, 3, 4), 2);
    expect([units.plan(10)(1, 0), units.plan(10)(1, 1)]).toEqual([3, 4]);
  });

  it('adds the margin, forgets needs older than the memory, and caps at M', () => {
    const predictor = new UnrollPredictor({ memory: 2, margin: 1 });
    for (const needed of [7, 2, 2]) predictor.record(outcomes(needed), 1);
    expect([predictor.plan(10)(0, 0), predictor.plan(2)(0, 0)]).toEqual([3, 2]);
  });

  it('goes on after a cut to a recent need above it, else to growth × the cut, at most M', () => {
    const predictor = new UnrollPredictor({ memory: 4, cutCost: 1 });
    for (const needed of [3, 5, 3, 3]) predictor.record(outcomes(needed), 1);
    predictor.record([{ needed: 3, cut: true }], 1);
    expect(predictor.plan(10)(0, 0)).toBe(5);
    predictor.record([{ needed: 5, cut: true }], 1);
    expect([predictor.plan(20)(0, 0), predictor.plan(8)(0, 0)]).toEqual([10, 8]);
    // Once a pass is not cut there, the position is planned from its needs again.
    predictor.record(outcomes(6), 1);
    expect(predictor.plan(20)(0, 0)).toBe(3);
  });

  it('predicts a quantile of the recent needs when asked (0.5: the median)', () => {
    const predictor = new UnrollPredictor({ memory: 3, quantile: 0.5 });
    for (const needed of [5, 2, 3]) predictor.record(outcomes(needed), 1);
    expect(predictor.plan(10)(0, 0)).toBe(3);
    const largest = new UnrollPredictor({ memory: 3, quantile: 1 });
    for (const needed of [5, 2, 3]) largest.record(outcomes(needed), 1);
    expect(largest.plan(10)(0, 0)).toBe(5);
  });
});
