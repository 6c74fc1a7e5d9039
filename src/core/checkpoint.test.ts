import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../config/codec';
import { TrainingDiverged } from './checkpoint';
import { createTrainer } from '../run/engine';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('divergence', () => {
  it('rolls back to the last checkpoint, names what went non-finite, and can resume', async () => {
    const trainer = createTrainer(parseConfig('task=parity&bits=6&hidden=8&batch=16').config);
    trainer.checkpointEvery = 3;
    for (let i = 0; i < 5; i++) await trainer.step();
    expect(trainer.checkpointStep).toBe(3);
    const weightsAt = () => trainer.model.variables.map(({ variable }) => Array.from(variable.dataSync()));
    // Weights after step 3 are what a rollback must bring back: replay from a twin trainer.
    const twin = createTrainer(trainer.config);
    for (let i = 0; i < 3; i++) await twin.step();
    const expected = twin.model.variables.map(({ variable }) => Array.from(variable.dataSync()));
    twin.dispose();

    const bias = trainer.model.variables.find(({ name }) => name === 'output/bias')!;
    bias.variable.assign(tf.fill(bias.variable.shape, NaN));
    const tensors = tf.memory().numTensors;
    const failure = await trainer.step().then(() => null, (error: unknown) => error);
    expect(failure).toBeInstanceOf(TrainingDiverged);
    const diverged = failure as TrainingDiverged;
    expect(diverged.step).toBe(6);
    expect(diverged.restoredStep).toBe(3);
    expect(diverged.what).toEqual(['loss', 'gradients', 'weights (output/bias)']);
    expect(diverged.message).toMatch(/step 6.*rolled back to step 3/);
    expect(weightsAt()).toEqual(expected);
    expect(trainer.stepCount).toBe(3);
    expect(tf.memory().numTensors).toBe(tensors);

    trainer.updateLive({ lr: 0.001 });
    const resumed = await trainer.step();
    expect(resumed.step).toBe(4);
    expect(Number.isFinite(resumed.loss)).toBe(true);
    trainer.dispose();
  });
});
