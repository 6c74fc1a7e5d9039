import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { configOf } from '../config/testing';
import { getTask } from '../tasks/registry';
import { batchTensors } from './batch';
import { ActModel } from './model';
import { Rng } from './random';
import { TruncatedStreams } from './streaming';
import type { Trainer } from './trainer';
import { ponderSettingsFor } from './objective';
import { createTrainer, exportTrainerState, modelSpecOf, restoreTrainer } from '../run/engine';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const TEXT = { train: Uint8Array.from({ length: 3000 }, (_, i) => (i * 7919 + (i >> 3)) % 251), heldOut: new Uint8Array(200), source: 'test' };

describe('streaming with truncation', () => {
  for (const [name, text, data] of [
    ['delaycopy, LSTM with ACT', 'task=delaycopy&delay=3&cell=lstm&hidden=5&layers=2&act=1&batch=3', undefined],
    ['wiki, aLSTM', 'task=wiki&cell=alstm&hidden=4&adaptSize=3&layers=1&act=0&batch=2', TEXT],
  ] as const) {
    it(`${name}: the loss steps of each window see exactly the state of one long pass from the stream's start`, () => {
      const config = configOf(`${text}&tbptt=4`);
      const task = getTask(config.task);
      const model = new ActModel(modelSpecOf(config), new Rng(1));
      const settings = { ...ponderSettingsFor(config), haltCheck: 'none' as const };
      const positions = task.stream!.open(config, config.batch, new Rng(2), data?.train);
      const streams = new TruncatedStreams({ positions, buffered: 0, truncation: 4, state: [] }, model.unitStateWidths);
      const windowed: number[][] = [];
      for (let step = 0; step < 4; step++) {
        streams.truncation = [4, 4, 6, 3][step];
        const window = streams.window(task.stream!, config, data?.train);
        const carried = tf.tidy(() => {
          const batch = batchTensors(window.batch);
          const out = model.forward(batch.inputs, batch.stepMask, settings, undefined, { state: streams.state, keepStateAfter: window.keepStateAfter });
          const buffered = window.batch.steps - streams.truncation;
          (out.logits.arraySync() as number[][][]).slice(buffered).forEach((logits) => windowed.push(logits.flat()));
          return out.stateAfter!.map((unit) => unit.map((tensor) => tf.keep(tensor)));
        });
        streams.advance(task.stream!, config, carried, data?.train);
      }
      const whole = task.stream!.read(config, positions, windowed.length, data?.train).batch;
      const once = tf.tidy(() => {
        const batch = batchTensors(whole);
        return (model.forward(batch.inputs, batch.stepMask, settings).logits.arraySync() as number[][][]).map((logits) => logits.flat());
      });
      expect(windowed.length).toBe(4 + 4 + 6 + 3);
      windowed.forEach((row, t) => row.forEach((value, i) => expect(value).toBeCloseTo(once[t][i], 5)));
      streams.dispose();
      model.dispose();
    });
  }

  it('wiki streams start at equal parts of the text and continue chunk to chunk, wrapping at the end', () => {
    const stream = getTask('wiki').stream!;
    const options = configOf('task=wiki');
    const positions = stream.open(options, 3, new Rng(1), TEXT.train);
    expect(positions).toEqual([[0], [999], [1998]]);
    const { batch, next } = stream.read(options, [[2990]], 20, TEXT.train);
    expect(next).toEqual([[(2990 + 20) % 2999]]);
    for (let t = 0; t < 20; t++) {
      const at = (2990 + t) % 2999;
      expect(batch.inputs[t * 256 + TEXT.train[at]]).toBe(1);
      expect(batch.targets[t]).toBe(TEXT.train[at + 1]);
    }
  });

  it('trains without tensor growth, and a saved run resumes with the same streams, K and carried state', async () => {
    const config = configOf('task=delaycopy&delay=4&cell=gru&hidden=6&layers=1&act=1&batch=4&tbptt=3&seed=5');
    const trainer = createTrainer(config);
    await trainer.step();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 4; i++) await trainer.step();
    expect(tf.memory().numTensors).toBe(before);
    const state = await exportTrainerState(trainer);
    expect(state.streams?.buffered).toBe(2);
    // 5 steps of K = 3 new steps read 15; the next window starts K − 1 = 2 steps before the read head.
    expect(state.streams?.positions.map(([, t]) => t)).toEqual([13, 13, 13, 13]);
    const restored = restoreTrainer({ ...state, streams: JSON.parse(JSON.stringify(state.streams)) });
    const losses = async (t: Trainer) => { const out = []; for (let i = 0; i < 3; i++) out.push((await t.step()).loss); return out; };
    expect(await losses(restored)).toEqual(await losses(trainer));
    await expect(async () => restoreTrainer({ ...state, streams: { ...state.streams!, state: [[1, 2]] } })).rejects.toThrow(/carried state does not fit/);
    restored.dispose();
    trainer.dispose();
  });

  it('refuses truncation on a task made of separate sequences, with a clear message', () => {
    expect(() => createTrainer(configOf('task=parity&tbptt=5'))).toThrow(/tbptt = 5 needs a task that is one long stream/);
  });
});
