import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { configOf } from '../config/testing';
import { getTask } from '../tasks/registry';
import { chooseTruncation, decaySlope, estimateTruncation, gradientNormsByLag } from './adaptiveTruncation';
import { batchTensors } from './batch';
import { sequenceLoss } from './head';
import { ActModel } from './model';
import { Rng } from './random';
import type { Trainer } from './trainer';
import { ponderSettingsFor } from './objective';
import { createTrainer, exportTrainerState, modelSpecOf, restoreTrainer } from '../run/engine';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/** A geometric decay φ_k = 2·0.8^k over W = 30 lags after a burn-in of 5, and the spec's bias bound Ê(K) for it. */
function geometricDecay() {
  const beta = 0.8;
  const W = 30;
  const burnIn = 5;
  const tau = W - burnIn;
  const phi = Array.from({ length: W }, (_, k) => 2 * beta ** k);
  // Written from the formulas of the spec, independently of the module.
  const bound = (K: number) => (K < tau ? sum(phi.slice(K, tau + 1)) + phi[tau] / (1 - beta) : (phi[tau] * beta ** (K - tau)) / (1 - beta));
  return { beta, W, burnIn, tau, phi, bound };
}

describe('the bias estimate', () => {
  it('recovers β from a geometric decay and picks the smallest K whose relative bias is below δ', () => {
    const { beta, W, burnIn, tau, phi, bound } = geometricDecay();
    const lower = Math.max(...Array.from({ length: W }, (_, K) => sum(phi.slice(0, K + 1)) - bound(K)).filter((v) => v > 0));
    const expected = Array.from({ length: W }, (_, i) => bound(i + 1) / lower);
    for (const delta of [0.9, 0.5, 0.1, 0.01]) {
      const estimate = estimateTruncation(phi, burnIn, delta);
      expect(Math.exp(estimate.logBeta)).toBeCloseTo(beta, 10);
      expect(estimate.tau).toBe(tau);
      estimate.relativeBias.forEach((value, i) => expect(value).toBeCloseTo(expected[i], 10));
      const K = expected.findIndex((value) => value < delta) + 1;
      expect(estimate.K).toBe(K);
      expect(estimate.noDecay).toBe(false);
    }
    expect(estimateTruncation(phi, burnIn, 0.5).K).toBeLessThan(estimateTruncation(phi, burnIn, 0.1).K);
  });

  it('takes C_K from the measured norm of the mean cumulative gradient when given (the reference\'s copy task): a smaller lower bound, a longer K', () => {
    const { burnIn, phi, bound } = geometricDecay();
    // Windows whose gradients partly cancel: the norm of their mean sum is a third of the sum of mean norms.
    const normOfSum = phi.map((_, K) => sum(phi.slice(0, K + 1)) / 3);
    const lower = Math.max(...normOfSum.map((C, K) => C - bound(K)).filter((v) => v > 0));
    const estimate = estimateTruncation(phi, burnIn, 0.5, normOfSum);
    estimate.relativeBias.forEach((value, i) => expect(value).toBeCloseTo(bound(i + 1) / lower, 10));
    expect(estimate.cumulative).toEqual(normOfSum);
    expect(estimate.K).toBe(estimate.relativeBias.findIndex((value) => value < 0.5) + 1);
    expect(estimate.K).toBeGreaterThan(estimateTruncation(phi, burnIn, 0.5).K);
  });

  it('says so when the gradient does not decay (β̂ ≥ 1): K goes to the maximum', () => {
    const growing = Array.from({ length: 20 }, (_, k) => 1.05 ** k);
    const estimate = estimateTruncation(growing, 4, 0.5);
    expect(estimate.logBeta).toBeGreaterThan(0);
    expect(estimate.noDecay).toBe(true);
    expect(estimate.K).toBe(20);
    expect(chooseTruncation([estimate], { min: 2, max: 15, start: 5, window: 20, burnIn: 4, every: 1, probes: 1, cumulative: 'normOfSum' })).toBe(15);
  });

  it('OLS ignores negligible lags; the chosen K is the estimates\' mean truncated and clipped', () => {
    expect(decaySlope([0, -1, -2, -200, -300])).toBeCloseTo(-1, 12);
    expect(decaySlope([0, -100, -100])).toBe(0);
    const settings = { min: 2, max: 100, start: 15, window: 60, burnIn: 10, every: 10, probes: 3, cumulative: 'sumOfNorms' } as const;
    const at = (K: number) => ({ ...estimateTruncation([1, 0.5, 0.25], 1, 0.5), K });
    expect(chooseTruncation([at(10), at(11), at(11)], settings)).toBe(10);
    expect(chooseTruncation([at(1)], settings)).toBe(2);
  });
});

describe('the gradient-norm probe', () => {
  it('matches finite differences at the first and last lags', async () => {
    const config = configOf('task=delaycopy&delay=2&cell=lstm&hidden=3&layers=2&act=0&batch=2');
    const task = getTask(config.task);
    const model = new ActModel(modelSpecOf(config), new Rng(3));
    const settings = ponderSettingsFor(config);
    const head = task.dims(config).head;
    const burnIn = 2;
    const W = 5;
    const host = task.stream!.read(config, task.stream!.sample(config, 2, new Rng(1), undefined), burnIn + W).batch;
    const { phi, normOfSum } = await gradientNormsByLag(model, head, host, burnIn, settings);
    expect(phi.length).toBe(W);
    expect(normOfSum.length).toBe(W);
    const batch = batchTensors(host);
    const lastLoss = (from: number, state: tf.Tensor2D[][]) => tf.tidy(() => {
      const out = model.forward(batch.inputs.slice(from), batch.stepMask.slice(from), settings, undefined, { state });
      const t = host.steps - 1;
      const last = tf.slice(out.logits, [out.logits.shape[0] - 1, 0, 0], [1, -1, -1]);
      return tf.mean(sequenceLoss(head, last, [batch.targets[t]], [batch.targetMask[t]])).dataSync()[0];
    });
    const stateAfter = (steps: number) => model.forward(batch.inputs.slice(0, steps), batch.stepMask.slice(0, steps), settings, undefined, { keepStateAfter: steps }).stateAfter!;
    // Lag W − 1: the state entering the window's first step; lag 0: the state entering its last step.
    for (const [lag, entering] of [[W - 1, burnIn], [0, host.steps - 1]]) {
      const base = tf.tidy(() => stateAfter(entering).map((unit) => unit.map((tensor) => tf.keep(tensor))));
      const flat = base.flat();
      const rowNorms = [0, 0];
      let meanSquares = 0;
      flat.forEach((tensor, index) => {
        const values = tensor.arraySync();
        values.forEach((row, b) => row.forEach((_, i) => {
          const moved = (h: number) => {
            const copy = flat.map((other, o) => (o === index ? tf.tensor2d(values.map((r, rb) => r.map((v, ri) => (rb === b && ri === i ? v + h : v)))) : other));
            let at = 0;
            const state = base.map((unit) => unit.map(() => copy[at++]));
            return lastLoss(entering, state);
          };
          const derivative = (moved(1e-3) - moved(-1e-3)) / 2e-3;
          rowNorms[b] += derivative ** 2;
        }));
        // The rows' mean gradient of this state tensor, unit by unit (both rows' derivatives at unit i).
        values[0].forEach((_, i) => {
          const derivativeAt = (b: number) => {
            const moved = (h: number) => {
              const copy = flat.map((other, o) => (o === index ? tf.tensor2d(values.map((r, rb) => r.map((v, ri) => (rb === b && ri === i ? v + h : v)))) : other));
              let at = 0;
              return lastLoss(entering, base.map((unit) => unit.map(() => copy[at++])));
            };
            return (moved(1e-3) - moved(-1e-3)) / 2e-3;
          };
          meanSquares += ((derivativeAt(0) + derivativeAt(1)) / 2) ** 2;
        });
      });
      expect(phi[lag]).toBeCloseTo((Math.sqrt(rowNorms[0]) + Math.sqrt(rowNorms[1])) / 2, 3);
      // Lag 0: the sum over lags 0 … 0 is the last state's gradient alone.
      if (lag === 0) expect(normOfSum[0]).toBeCloseTo(Math.sqrt(meanSquares), 3);
      tf.dispose(flat);
    }
    model.dispose();
  });
});

describe('adaptive truncation in training', () => {
  it('re-estimates K on its schedule, reports it, keeps the tensor count, and resumes exactly', async () => {
    const config = configOf('task=delaycopy&delay=3&cell=gru&hidden=5&act=0&batch=4&tbptt=4&tbpttDelta=0.5&seed=2');
    const trainer = createTrainer(config);
    // As the reference: the first steps train at the starting K; the first estimate comes after `every` steps.
    for (let i = 0; i < 10; i++) expect((await trainer.step()).truncation).toBe(4);
    expect(trainer.truncationUpdate).toBeUndefined();
    const first = await trainer.step();
    expect(first.truncation).toBeGreaterThanOrEqual(2);
    const update = trainer.truncationUpdate!;
    expect(update.probeK.length).toBe(1);
    expect(update.phi.length).toBe(100);
    expect(update.K).toBe(first.truncation);
    expect(update.step).toBe(10);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 10; i++) await trainer.step();
    expect(tf.memory().numTensors).toBe(before);
    const state = await exportTrainerState(trainer);
    const restored = restoreTrainer(structuredClone(state));
    const run = async (t: Trainer) => { const out = []; for (let i = 0; i < 10; i++) { const m = await t.step(); out.push([m.loss, m.truncation]); } return out; };
    expect(await run(restored)).toEqual(await run(trainer));
    restored.dispose();
    trainer.dispose();
  }, 120_000);
});
