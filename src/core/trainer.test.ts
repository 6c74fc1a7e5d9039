import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { configOf } from '../config/testing';
import { getTask } from '../tasks/registry';
import { evaluate } from './evaluate';
import { tracePonder } from './trace';
import { ponderSettingsFor } from './objective';
import { Rng } from './random';
import type { Trainer } from './trainer';
import { createTrainer, loadModel, saveModel } from '../run/engine';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Every weight's values (CPU backend: a synchronous read is fine in a test). */
const weightsOf = (trainer: Trainer) => trainer.model.variables.map(({ variable }) => Array.from(variable.dataSync()));

describe('Trainer', () => {
  it('does not grow the tensor count over 50 training steps (every cell, ACT on and off)', async () => {
    for (const text of ['cell=rnn&act=1', 'cell=gru&act=1&layers=2', 'cell=lstm&act=1&layers=2&ponderMode=layer', 'cell=lstm&act=0']) {
      const trainer = createTrainer(configOf(`task=parity&bits=6&hidden=8&batch=8&${text}`));
      await trainer.step();
      const before = tf.memory().numTensors;
      for (let i = 0; i < 50; i++) await trainer.step();
      expect(tf.memory().numTensors, text).toBe(before);
      trainer.dispose();
    }
  });

  it('does not grow the tensor count with a sum head or a curriculum (adding, copy)', async () => {
    for (const text of ['task=adding&sumMaxLength=4&act=1', 'task=copy&copyBits=2&copyMaxLength=2&copyIncrement=1&copyEvery=10&act=0']) {
      const trainer = createTrainer(configOf(`${text}&cell=lstm&hidden=8&batch=8`));
      await trainer.step();
      const before = tf.memory().numTensors;
      for (let i = 0; i < 50; i++) await trainer.step();
      expect(tf.memory().numTensors, text).toBe(before);
      trainer.dispose();
    }
  });

  it('is reproducible: the same seed gives the same metrics, another seed others', async () => {
    const run = async (seed: number) => {
      const trainer = createTrainer(configOf(`task=parity&bits=6&hidden=8&batch=16&seed=${seed}`));
      const losses = [];
      for (let i = 0; i < 5; i++) losses.push((await trainer.step()).loss);
      trainer.dispose();
      return losses;
    };
    expect(await run(3)).toEqual(await run(3));
    expect(await run(3)).not.toEqual(await run(4));
  });

  it('reports ponder 1 without ACT and about 2 for a fresh ACT net (halting bias +1)', async () => {
    const plain = createTrainer(configOf('task=parity&bits=6&hidden=8&batch=32&act=0'));
    expect((await plain.step()).ponder).toBe(1);
    plain.dispose();
    const act = createTrainer(configOf('task=parity&bits=6&hidden=8&batch=32&act=1&haltBias=1'));
    const { ponder, updates, work } = await act.step();
    expect(ponder).toBeGreaterThan(1.5);
    // The loop runs until the last row halts: at least the mean N, at most M updates.
    expect(updates[0]).toBeGreaterThanOrEqual(Math.ceil(ponder));
    expect(updates[0]).toBeLessThanOrEqual(act.config.maxSteps);
    // On the CPU backend each update runs on the rows still running only: the work of one input step is the mean N.
    expect(work[0]).toBeCloseTo(ponder, 4);
    expect(ponder).toBeLessThan(3);
    act.dispose();
  });

  it('applies live settings from the next step: τ raises the loss above the task loss by τ·P', async () => {
    const trainer = createTrainer(configOf('task=parity&bits=6&hidden=8&batch=32&tau=0&tauWarmup=0&haltPenalty=0'));
    const first = await trainer.step();
    expect(first.loss).toBeCloseTo(first.taskLoss, 5);
    trainer.updateLive({ tau: 0.5, maxSteps: 1 });
    const second = await trainer.step();
    // M = 1: N = 1 and R = 1 for every row, so P = 2 per sequence; one cell update was computed.
    expect(second.ponder).toBe(1);
    expect(second.updates).toEqual([1]);
    expect(second.loss - second.taskLoss).toBeCloseTo(0.5 * 2, 4);
  });

  it('halves the learning rate every lrHalfLife steps: the same weights as setting that lr by hand each step', async () => {
    const spec = 'task=parity&bits=6&hidden=8&batch=16&lr=0.01';
    const scheduled = createTrainer(configOf(`${spec}&lrHalfLife=2`));
    const byHand = createTrainer(configOf(`${spec}&lrHalfLife=0`));
    const rates: number[] = [];
    for (let step = 0; step < 4; step++) {
      rates.push((await scheduled.step()).lr);
      byHand.updateLive({ lr: 0.01 * 2 ** (-step / 2) });
      expect((await byHand.step()).lr).toBe(rates[step]);
    }
    expect(rates[0]).toBe(0.01);
    expect(rates[2]).toBeCloseTo(0.005, 12);
    expect(rates[3]).toBeCloseTo(0.01 / 2 ** 1.5, 12);
    expect(weightsOf(scheduled)).toEqual(weightsOf(byHand));
    scheduled.dispose();
    byHand.dispose();
  });

  it('warms τ up over tauWarmup steps: the same weights and losses as setting that τ by hand each step', async () => {
    const spec = 'task=parity&bits=6&hidden=8&batch=16&tau=0.04';
    const warmed = createTrainer(configOf(`${spec}&tauWarmup=4`));
    const byHand = createTrainer(configOf(`${spec}&tauWarmup=0`));
    const taus: number[] = [];
    for (let step = 0; step < 6; step++) {
      const metrics = await warmed.step();
      taus.push(metrics.tau);
      byHand.updateLive({ tau: 0.04 * Math.min(1, step / 4) });
      const reference = await byHand.step();
      expect([metrics.tau, metrics.loss]).toEqual([reference.tau, reference.loss]);
    }
    expect(taus).toEqual([0, 0.01, 0.02, 0.03, 0.04, 0.04]);
    // The τ in force (what a saved run keeps) is the setting's: the warm-up is a function of the step.
    expect(warmed.tau).toBe(0.04);
    expect(weightsOf(warmed)).toEqual(weightsOf(byHand));
    warmed.dispose();
    byHand.dispose();
  });

  it('saves and loads a model that computes the same outputs, and refuses mismatched weights', async () => {
    const config = configOf('task=parity&bits=6&hidden=8&batch=16&cell=lstm');
    const trainer = createTrainer(config);
    for (let i = 0; i < 3; i++) await trainer.step();
    const { json, weights } = await saveModel(trainer.model, trainer.config, { steps: 3 });
    const loaded = loadModel(JSON.parse(JSON.stringify(json)), weights);
    const task = getTask('parity');
    const options = { sequences: 64, seed: 9 };
    expect(await evaluate(loaded.model, task, loaded.config, options)).toEqual(await evaluate(trainer.model, task, trainer.config, options));
    expect(json.weightsManifest[0].weights.map((w) => w.name)).toContain('layer0/lstm/recurrent_kernel');
    expect(() => loadModel(json, weights.slice(0, weights.byteLength - 4))).toThrow(/bytes/);
    expect(() => loadModel({ ...json, format: 'other' }, weights)).toThrow(/not an ACT Playground model/);
    loaded.model.dispose();
    trainer.dispose();
  });
});

describe('halting settings', () => {
  it('starts the halting unit at haltBias and evaluates with evalMaxSteps when set', async () => {
    const config = configOf('task=parity&bits=6&hidden=8&batch=16&haltBias=-3&maxSteps=1');
    const trainer = createTrainer(config);
    const bias = trainer.model.variables.find(({ name }) => name === 'halting/bias');
    expect([...(bias?.variable.dataSync() ?? [])]).toEqual([-3]);
    const task = getTask('parity');
    const atTrainingM = await evaluate(trainer.model, task, config, { sequences: 32, seed: 2 });
    expect(atTrainingM.ponder).toBe(1);
    // σ(−3) ≈ 0.05 per step: with M = 6 the net ponders to the limit.
    const longer = await evaluate(trainer.model, task, { ...config, evalMaxSteps: 6 }, { sequences: 32, seed: 2 });
    expect(longer.ponder).toBeGreaterThan(5);
    trainer.dispose();
  });

  it('trains every halting method; PonderNet reports Σ n·p_n as ponder and its unroll as computedSteps', async () => {
    for (const method of ['pondernet', 'repeat', 'none']) {
      const trainer = createTrainer(configOf(`task=parity&bits=6&hidden=8&batch=16&halting=${method}`));
      await trainer.step();
      const before = tf.memory().numTensors;
      const metrics = await trainer.step();
      expect(tf.memory().numTensors, method).toBe(before);
      expect(Number.isFinite(metrics.loss), method).toBe(true);
      if (method === 'repeat') expect([metrics.ponder, metrics.computedSteps]).toEqual([2, 2]);
      if (method === 'none') expect([metrics.ponder, metrics.computedSteps]).toEqual([1, 1]);
      if (method === 'pondernet') {
        expect(metrics.ponder).toBeGreaterThanOrEqual(1);
        expect(metrics.computedSteps).toBeGreaterThan(metrics.ponder);
        expect(metrics.loss).toBeGreaterThan(metrics.taskLoss);
      }
      trainer.dispose();
    }
  });
});

describe('tracePonder', () => {
  it('gives every input step its N, R, halting units and probabilities summing to 1', async () => {
    const config = configOf('task=parity&bits=6&hidden=8&batch=4');
    const trainer = createTrainer(config);
    const task = getTask('parity');
    const batch = task.generate(config, 4, new Rng(1));
    const before = tf.memory().numTensors;
    const traces = await tracePonder(trainer.model, batch, ponderSettingsFor(config));
    expect(tf.memory().numTensors).toBe(before);
    expect(traces).toHaveLength(4);
    for (const trace of traces) {
      expect(trace.length).toBe(1);
      const [unit] = trace.ponder[0];
      expect(unit.halting).toHaveLength(unit.steps);
      expect(unit.probability.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
      expect(unit.probability[unit.steps - 1]).toBeCloseTo(unit.remainder, 6);
      expect(unit.outputs[0]).toHaveLength(8);
    }
    trainer.dispose();
  });
});

describe('evaluate', () => {
  it('yields between batches and stops when aborted', async () => {
    const config = configOf('task=parity&bits=6&hidden=8&batch=16');
    const trainer = createTrainer(config);
    const task = getTask('parity');
    let pauses = 0;
    const controller = new AbortController();
    const stopping = evaluate(trainer.model, task, config, {
      sequences: 64, seed: 1, batchSize: 16, signal: controller.signal,
      betweenBatches: async () => {
        pauses++;
        if (pauses === 2) controller.abort(new Error('reset'));
      },
    });
    await expect(stopping).rejects.toThrow('reset');
    expect(pauses).toBe(2);
    const full = await evaluate(trainer.model, task, config, { sequences: 64, seed: 1, batchSize: 16, betweenBatches: async () => void pauses++ });
    expect(full.count).toBe(64);
    expect(pauses).toBe(5);
    trainer.dispose();
  });
});
