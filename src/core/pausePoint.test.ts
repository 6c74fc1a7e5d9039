import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { configOf } from '../config/testing';
import { createTrainer } from '../run/engine';
import { setPausePoint } from './pausePoint';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

afterEach(() => setPausePoint(null));

async function train(text: string, steps: number) {
  const trainer = createTrainer(configOf(text), undefined, { ponderUnroll: 'readback' });
  const results = [];
  for (let i = 0; i < steps; i++) {
    const { loss, taskLoss, ponder, gradNorm, updates } = await trainer.step();
    results.push({ loss, taskLoss, ponder, gradNorm, updates: updates.reduce((a, b) => a + b, 0) });
  }
  const weights = await Promise.all(trainer.model.variables.map(async ({ variable }) => await variable.data()));
  trainer.dispose();
  return { results, weights };
}

describe('pause points', () => {
  it('hold once per cell update forward and again backward, and change no value (ACT, PonderNet, repetition)', async () => {
    for (const text of [
      'task=parity&bits=6&hidden=8&batch=8&tau=0.001&maxSteps=6',
      'task=parity&bits=6&hidden=8&batch=8&halting=pondernet&lambdaP=0.5&maxSteps=6',
      'task=logic&logicLength=3&maxGates=3&cell=lstm&hidden=8&batch=8&halting=repeat&repeats=3',
    ]) {
      const plain = await train(text, 3);
      let holds = 0;
      setPausePoint(() => (holds += 1));
      const held = await train(text, 3);
      setPausePoint(null);
      expect(held.results, text).toEqual(plain.results);
      held.weights.forEach((values, i) => expect(values, `${text}: weight ${i}`).toEqual(plain.weights[i]));
      // Every update holds in the forward pass and once more when its gradient is computed.
      const updates = plain.results.reduce((sum, { updates }) => sum + updates, 0);
      expect(holds, text).toBeGreaterThanOrEqual(2 * updates);
    }
  });

});
