import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../config/codec';
import type { Trainer } from './trainer';
import { createTrainer, exportTrainerState, restoreTrainer } from '../run/engine';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const lossesOf = async (trainer: Trainer, steps: number) => {
  const out = [];
  for (let i = 0; i < steps; i++) out.push(await trainer.step());
  return out.map(({ step, loss, ponder }) => ({ step, loss, ponder }));
};

describe('trainer state', () => {
  it('continues exactly where the run stopped', async () => {
    const trainer = createTrainer(parseConfig('task=parity&bits=6&hidden=8&batch=16&cell=gru').config);
    await lossesOf(trainer, 5);
    const state = await exportTrainerState(trainer);
    const restored = restoreTrainer(structuredClone(state));
    expect(restored.stepCount).toBe(5);
    expect(await lossesOf(restored, 3)).toEqual(await lossesOf(trainer, 3));
    restored.dispose();
    trainer.dispose();
  });

  it('continues a curriculum exactly: the task\'s options follow the restored step', async () => {
    const config = parseConfig('task=copy&cell=lstm&hidden=8&batch=8&copyBits=3&copyMaxLength=2&copyIncrement=3&copyEvery=2&act=0').config;
    const trainer = createTrainer(config);
    await lossesOf(trainer, 5);
    expect(trainer.taskConfig.copyMaxLength).toBe(2 + 2 * 3);
    const state = await exportTrainerState(trainer);
    const restored = restoreTrainer(structuredClone(state));
    expect(restored.taskConfig.copyMaxLength).toBe(8);
    const continued = await lossesOf(restored, 4);
    expect(restored.taskConfig.copyMaxLength).toBe(2 + 4 * 3);
    expect(continued).toEqual(await lossesOf(trainer, 4));
    restored.dispose();
    trainer.dispose();
  });

  it('trains on the curriculum\'s options: the same as without it until the first raise, then not', async () => {
    const base = 'task=copy&cell=lstm&hidden=8&batch=8&copyBits=3&copyMaxLength=2&act=0';
    const plain = createTrainer(parseConfig(base).config);
    const raised = createTrainer(parseConfig(`${base}&copyIncrement=5&copyEvery=1`).config);
    const [plainFirst, plainSecond] = await lossesOf(plain, 2);
    const [raisedFirst, raisedSecond] = await lossesOf(raised, 2);
    expect(raisedFirst).toEqual(plainFirst);
    expect(raisedSecond.loss).not.toBe(plainSecond.loss);
    plain.dispose();
    raised.dispose();
  });

  it('refuses truncated, corrupted or incompatible states with a clear error and no leaked tensors', async () => {
    const trainer = createTrainer(parseConfig('task=parity&bits=6&hidden=8&batch=16').config);
    await lossesOf(trainer, 2);
    const state = await exportTrainerState(trainer);
    const before = tf.memory().numTensors;
    expect(() => restoreTrainer({ ...state, weights: state.weights.slice(0, 100) })).toThrow(/weights.bin has 100 bytes/);
    expect(() => restoreTrainer({ ...state, optimizer: { ...state.optimizer, moments: state.optimizer.moments.slice(4) } })).toThrow(/optimizer state/);
    expect(() => restoreTrainer({ ...state, dataStream: [1, 2] })).toThrow(/data-stream/);
    const otherModel = { ...state.model, modelTopology: { ...state.model.modelTopology, config: state.model.modelTopology.config.replace('hidden=8', 'hidden=9') } };
    expect(() => restoreTrainer({ ...state, model: otherModel })).toThrow(/bytes|shape/);
    expect(() => restoreTrainer({ ...state, model: { ...state.model, modelTopology: { ...state.model.modelTopology, config: 'task=nope' } } })).toThrow(/not valid here/);
    expect(tf.memory().numTensors).toBe(before);
    trainer.dispose();
  });
});
