import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../config/codec';
import { getTask } from '../tasks/registry';
import { evaluate } from './evaluate';
import { ActModel } from './model';
import { Rng } from './random';
import { modelSpecFor } from './trainer';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('evaluation at given lengths', () => {
  it('scores the same number of sequences at exactly each length, beyond the training range too', async () => {
    const config = parseConfig('task=adding&cell=lstm&hidden=4&act=0&sumMaxLength=5').config;
    const task = getTask('adding');
    const model = new ActModel(modelSpecFor(config, task), new Rng(1));
    const evaluation = await evaluate(model, task, config, { sequences: 6, seed: 1, batchSize: 4, lengths: [2, 50] });
    expect(evaluation.count).toBe(12);
    expect(evaluation.byDifficulty.map(({ difficulty, count }) => [difficulty, count])).toEqual([[2, 6], [50, 6]]);
    model.dispose();
  });

  it('refuses a task without lengths, or a length the task cannot express, before evaluating anything', async () => {
    const parity = parseConfig('task=parity&hidden=4').config;
    const model = new ActModel(modelSpecFor(parity, getTask('parity')), new Rng(1));
    await expect(evaluate(model, getTask('parity'), parity, { sequences: 2, seed: 1, lengths: [3] })).rejects.toThrow(/Parity task cannot generate at a given length/);
    model.dispose();
    const argmax = parseConfig('task=argmax&hidden=4&act=0').config;
    const argmaxModel = new ActModel(modelSpecFor(argmax, getTask('argmax')), new Rng(1));
    await expect(evaluate(argmaxModel, getTask('argmax'), argmax, { sequences: 2, seed: 1, lengths: [5, 101] })).rejects.toThrow(/101/);
    argmaxModel.dispose();
  });
});
