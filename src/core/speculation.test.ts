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
  let redos = 0;
  let speculativeUpdates = 0;
  let readbackUpdates = 0;
  for (let i = 0; i < steps; i++) {
    const expected = await readback.step();
    const actual = await speculative.step();
    // Exact: past the last halt an update adds exactly 0 to every sum and every gradient.
    expect([actual.loss, actual.taskLoss, actual.ponder, actual.gradNorm], `${text} step ${i + 1}`).toEqual([expected.loss, expected.taskLoss, expected.ponder, expected.gradNorm]);
    expect(expected.redos).toBeUndefined();
    redos += actual.redos!;
    speculativeUpdates += actual.updates.reduce((a, b) => a + b, 0);
    readbackUpdates += expected.updates.reduce((a, b) => a + b, 0);
  }
  const [want, got] = [await weightsAndMoments(readback), await weightsAndMoments(speculative)];
  got.forEach((values, i) => expect(values, `${text}: tensor ${i}`).toEqual(want[i]));
  readback.dispose();
  speculative.dispose();
  return { redos, speculativeUpdates, readbackUpdates };
}

describe('speculative unrolling', () => {
  it('follows the read-back trajectory exactly, redoing a step whose unroll was cut short (ACT)', async () => {
    // Predictions start at 1 update with no margin: the first step is cut short and redone at once.
    const run = await compareModes('task=parity&bits=6&hidden=8&batch=16&tau=0.001&maxSteps=8', 12, { initial: 1, margin: 0 });
    expect(run.redos).toBeGreaterThan(0);
    expect(run.speculativeUpdates).toBeGreaterThanOrEqual(run.readbackUpdates);
  });

  it('matches with PonderNet, with dropout, with each layer pondering, on LSTM, and streaming with a carried state', async () => {
    for (const text of [
      'task=delaycopy&delay=4&cell=gru&hidden=6&act=1&batch=4&tbptt=3&maxSteps=5&seed=5',
      'task=parity&bits=6&hidden=8&batch=8&halting=pondernet&lambdaP=0.5&maxSteps=6',
      // Output dropout and weight decay: a redone step draws the same mask.
      'task=parity&bits=6&hidden=8&batch=8&maxSteps=6&dropout=0.3&weightDecay=0.1',
      'task=parity&bits=6&hidden=8&batch=8&halting=pondernet&lambdaP=0.5&maxSteps=6&dropout=0.3',
      'task=logic&cell=lstm&hidden=8&batch=8&layers=2&ponderMode=layer&maxSteps=5',
      'task=parity&bits=6&cell=alstm&adaptSize=4&hidden=8&batch=8&maxSteps=6',
      'task=parity&bits=6&cell=alstm&adaptSize=4&hidden=8&layers=2&batch=8&maxSteps=6',
    ]) {
      const run = await compareModes(text, 6, { initial: 1, margin: 0 });
      expect(run.redos, text).toBeGreaterThan(0);
    }
  });

  it('computes far fewer than M updates per input step once it has learnt the lengths (default prediction)', async () => {
    const run = await compareModes('task=parity&bits=6&hidden=8&batch=16&maxSteps=20', 10, undefined);
    // The first step unrolls to M = 20 at each of the 6 input steps; after it, about the need plus one.
    expect(run.redos).toBe(0);
    expect(run.speculativeUpdates).toBeLessThan(10 * 6 * 20 * 0.4);
  });

  it('does not grow the tensor count over redone steps', async () => {
    const trainer = createTrainer(configOf('task=parity&bits=6&hidden=8&batch=8&maxSteps=6'), undefined, { ponderUnroll: 'speculative', unroll: { initial: 1, margin: 0, memory: 1 } });
    await trainer.step();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 10; i++) await trainer.step();
    expect(tf.memory().numTensors).toBe(before);
    trainer.dispose();
  });
});

describe('UnrollPredictor', () => {
  it('plans M for unseen positions, the largest recent need plus the margin after, and twice the cut after a cut', () => {
    const predictor = new UnrollPredictor({ margin: 1, memory: 2 });
    expect(predictor.plan(10)(0, 0)).toBe(10);
    expect(predictor.record([{ needed: 3, cut: false }, { needed: 2, cut: false }], 1)).toBe(false);
    expect(predictor.record([{ needed: 1, cut: false }, { needed: 2, cut: false }], 1)).toBe(false);
    expect([predictor.plan(10)(0, 0), predictor.plan(10)(1, 0), predictor.plan(3)(0, 0)]).toEqual([4, 3, 3]);
    // Memory 2: the need of 3 falls out after two newer steps.
    predictor.record([{ needed: 1, cut: false }], 1);
    expect(predictor.plan(10)(0, 0)).toBe(2);
    expect(predictor.record([{ needed: 2, cut: true }], 1)).toBe(true);
    expect([predictor.plan(10)(0, 0), predictor.plan(3)(0, 0)]).toEqual([4, 3]);
    expect(predictor.record([{ needed: 4, cut: true }], 1)).toBe(true);
    expect(predictor.plan(10)(0, 0)).toBe(8);
    expect(predictor.record([{ needed: 5, cut: false }], 1)).toBe(false);
    expect(predictor.plan(10)(0, 0)).toBe(6);
  });

  it('predicts a quantile of the recent needs when asked (0.5: the median)', () => {
    const predictor = new UnrollPredictor({ memory: 3, quantile: 0.5 });
    for (const needed of [5, 2, 3]) predictor.record([{ needed, cut: false }], 1);
    expect(predictor.plan(10)(0, 0)).toBe(3);
    expect(new UnrollPredictor({ memory: 3 }).quantile).toBe(1);
  });
});
