import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { configOf } from '../config/testing';
import { batchTensors } from '../core/batch';
import { evaluationRng } from '../core/evaluate';
import { ActModel } from '../core/model';
import { Rng } from '../core/random';
import { ponderSettingsFor } from '../core/objective';
import { modelSpecOf } from '../run/engine';
import { getTask } from '../tasks/registry';
import { heldOutBytes, heldOutClassStats } from './heldOutClasses';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('held-out bytes of a character model', () => {
  it('are the evaluation stream\'s windows, with the model\'s ponder and −log2 p(next byte) per byte', async () => {
    const config = configOf('task=wiki&hidden=6&window=10&maxSteps=4');
    const task = getTask('wiki');
    const text = new TextEncoder().encode('Markov chains, [[random walks]] and <b>more</b>. '.repeat(8));
    const data = { train: text, heldOut: text, source: 'test' };
    const model = new ActModel(modelSpecOf(config), new Rng(3));
    const records = await heldOutBytes(model, task, config, data, 5, 2);

    const batch = task.generate(config, 5, evaluationRng(2), text);
    const { logProbabilities, ponderPerWindow } = tf.tidy(() => {
      const tensors = batchTensors(batch);
      const out = model.forward(tensors.inputs, tensors.stepMask, ponderSettingsFor(config));
      return { logProbabilities: tf.logSoftmax(out.logits).arraySync() as number[][][], ponderPerWindow: out.ponderSteps.arraySync() as number[] };
    });
    for (let b = 0; b < 5; b++) {
      for (let t = 0; t < 10; t++) {
        const i = b * 10 + t;
        const row = t * 5 + b;
        expect(records.bytes[i]).toBe(batch.inputs.subarray(row * 256, (row + 1) * 256).indexOf(1));
        expect(records.loss[i]).toBeCloseTo(-logProbabilities[t][b][batch.targets[row]] / Math.LN2, 3);
        expect(records.ponder[i]).toBeGreaterThanOrEqual(1);
        expect(records.ponder[i]).toBeLessThanOrEqual(4);
      }
      expect(records.ponder.subarray(b * 10, b * 10 + 10).reduce((sum, n) => sum + n, 0)).toBeCloseTo(ponderPerWindow[b], 4);
    }
    const stats = await heldOutClassStats(model, task, config, data, 5, 2);
    expect(stats.reduce((sum, row) => sum + row.count, 0)).toBe(50);
    const letters = stats.find((row) => row.charClass === 'letter')!;
    const letterIndices = Array.from(records.bytes.keys()).filter((i) => /[A-Za-z]/.test(String.fromCharCode(records.bytes[i])));
    expect(letters.count).toBe(letterIndices.length);
    expect(letters.ponder).toBeCloseTo(letterIndices.reduce((sum, i) => sum + records.ponder[i], 0) / letterIndices.length, 5);
    model.dispose();
  });
});
