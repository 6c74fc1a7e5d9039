import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { configOf } from '../config/testing';
import { createTrainer } from '../run/engine';
import { batchTensors, disposeBatch } from './batch';
import type { HaltingSettings } from './halting/method';
import { ActModel, type ModelSpec, type OutputDropout } from './model';
import { Rng } from './random';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const HIDDEN = 16;
const STEPS = 6;
const BATCH = 8;
const SETTINGS: HaltingSettings = { eps: 0.01, maxSteps: 5, haltCheck: 'readback', tau: 0.01, haltPenalty: 0, haltMargin: 0, beta: 0, lambdaP: 0, repeats: 1 };

/** An LSTM whose head passes the top layer's output through unchanged (identity kernel, zero bias). */
function identityHeadModel(): ActModel {
  const spec: ModelSpec = { cell: 'lstm', inputSize: 3, hidden: HIDDEN, layers: 1, halting: 'act', haltBias: 1, ponderMode: 'stack', head: { kind: 'sigmoid', units: HIDDEN } };
  const model = new ActModel(spec, new Rng(3));
  for (const { name, variable } of model.variables) {
    if (name === 'output/kernel') variable.assign(tf.eye(HIDDEN));
    if (name === 'output/bias') variable.assign(tf.zeros([HIDDEN]));
  }
  return model;
}

function forward(model: ActModel, dropout?: OutputDropout): { logits: number[]; ponder: number[] } {
  const rng = new Rng(9);
  const batch = batchTensors({
    steps: STEPS, batch: BATCH, inputSize: 3, targetWidth: HIDDEN,
    inputs: Float32Array.from({ length: STEPS * BATCH * 3 }, () => rng.uniform(-1, 1)),
    targets: new Float32Array(STEPS * BATCH * HIDDEN),
    targetMask: new Float32Array(STEPS * BATCH).fill(1),
    stepMask: new Float32Array(STEPS * BATCH).fill(1),
    difficulty: new Int32Array(BATCH),
  });
  const result = tf.tidy(() => {
    const out = model.forward(batch.inputs, batch.stepMask, SETTINGS, undefined, undefined, dropout);
    return { logits: [...out.logits.dataSync()], ponder: [...out.ponderSteps.dataSync()] };
  });
  disposeBatch(batch);
  return result;
}

describe('output dropout', () => {
  it('zeroes about a rate of the head\'s inputs and scales the rest by 1/(1 − rate), value by value; halting is untouched', () => {
    const model = identityHeadModel();
    const plain = forward(model);
    const dropped = forward(model, { rate: 0.4, seed: 7 });
    let zeroed = 0;
    dropped.logits.forEach((value, i) => {
      if (value === 0) zeroed += 1;
      else expect(value).toBeCloseTo(plain.logits[i] / 0.6, 5);
    });
    const fraction = zeroed / dropped.logits.length;
    expect(fraction).toBeGreaterThan(0.3);
    expect(fraction).toBeLessThan(0.5);
    expect(dropped.ponder).toEqual(plain.ponder);
    // The same seed draws the same mask, another seed another; rate 0 changes nothing.
    expect(forward(model, { rate: 0.4, seed: 7 }).logits).toEqual(dropped.logits);
    expect(forward(model, { rate: 0.4, seed: 8 }).logits).not.toEqual(dropped.logits);
    expect(forward(model, { rate: 0, seed: 7 }).logits).toEqual(plain.logits);
    model.dispose();
  });

  it('in training: reproducible from the seed, different from training without it, and never in evaluation', async () => {
    const losses = async (text: string) => {
      const trainer = createTrainer(configOf(`task=parity&bits=6&hidden=8&batch=16&${text}`));
      const values = [];
      for (let i = 0; i < 4; i++) values.push((await trainer.step()).loss);
      trainer.dispose();
      return values;
    };
    const withDropout = await losses('dropout=0.5');
    expect(await losses('dropout=0.5')).toEqual(withDropout);
    expect(await losses('dropout=0')).not.toEqual(withDropout);
    // The first step's weights are the same, so only the mask makes its loss differ.
    expect((await losses('dropout=0'))[0]).not.toBe(withDropout[0]);
  });
});
