import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { configOf } from '../config/testing';
import { TAU_CEILING, TAU_FLOOR, nextBudgetTau } from './ponderBudget';
import { createTrainer, exportTrainerState, restoreTrainer } from '../run/engine';
import type { Trainer } from './trainer';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

describe('ponder budget (dual ascent on log τ)', () => {
  it('raises τ when pondering above the budget, lowers it below, and keeps it in range', () => {
    expect(nextBudgetTau(1e-3, 3, 2, 0.1)).toBeCloseTo(1e-3 * Math.exp(0.1), 12);
    expect(nextBudgetTau(1e-3, 1.5, 2, 0.1)).toBeCloseTo(1e-3 * Math.exp(-0.05), 12);
    expect(nextBudgetTau(1e-3, 2, 2, 0.1)).toBeCloseTo(1e-3, 12);
    expect(nextBudgetTau(0, 1, 2, 0.1)).toBe(TAU_FLOOR);
    expect(nextBudgetTau(0.9, 100, 1, 1)).toBe(TAU_CEILING);
    expect(nextBudgetTau(2e-3, Number.NaN, 1, 1)).toBe(2e-3);
  });

  it('brings the mean ponder of a tiny parity net towards the budget', async () => {
    // A fresh net ponders ≈ 2 (halting bias +1); a budget of 1.5 pushes τ up until the net ponders less.
    // Ponder follows τ with a lag of a few hundred steps (Adam moves the halting bias at about lr per step).
    const trainer = createTrainer(configOf('task=parity&bits=6&hidden=8&batch=64&lr=0.003&tau=0.1&tauWarmup=0&ponderTarget=1.5&ponderRate=0.01&haltBias=1&haltPenalty=0&trainNonZero=0'));
    const ponders: number[] = [];
    const taus: number[] = [];
    for (let i = 0; i < 400; i++) {
      const { ponder, tau } = await trainer.step();
      ponders.push(ponder);
      taus.push(tau);
    }
    expect(mean(ponders.slice(0, 20))).toBeGreaterThan(1.95);
    expect(Math.abs(mean(ponders.slice(-20)) - 1.5)).toBeLessThan(0.15);
    expect(taus[taus.length - 1]).toBeGreaterThan(0.1);
    expect(trainer.config.tau).toBe(0.1); // the setting stays; the trainer's τ moved
    trainer.dispose();
  });

  it('is off at 0, restarts from a τ the user moves, and resumes exactly from a saved state', async () => {
    const off = createTrainer(configOf('task=parity&bits=6&hidden=8&batch=16&tau=0.002&tauWarmup=0'));
    for (let i = 0; i < 3; i++) expect((await off.step()).tau).toBe(0.002);
    off.dispose();

    const trainer = createTrainer(configOf('task=parity&bits=6&hidden=8&batch=16&tau=0.002&tauWarmup=0&ponderTarget=1.2&ponderRate=0.5'));
    for (let i = 0; i < 4; i++) await trainer.step();
    const moved = trainer.tau;
    expect(moved).not.toBe(0.002);
    trainer.updateLive({ tau: 0.002, lr: 0.002 }); // τ as before: the budget's τ is kept
    expect(trainer.tau).toBe(moved);
    const state = await exportTrainerState(trainer);
    const restored = restoreTrainer(structuredClone(state));
    expect(restored.tau).toBe(moved);
    const run = async (t: Trainer) => {
      const out = [];
      for (let i = 0; i < 3; i++) out.push(await t.step());
      return out.map(({ loss, ponder, tau }) => ({ loss, ponder, tau }));
    };
    expect(await run(restored)).toEqual(await run(trainer));
    trainer.updateLive({ tau: 0.05 }); // the user moved τ: the budget restarts from there
    expect(trainer.tau).toBe(0.05);
    trainer.updateLive({ ponderTarget: 0 }); // budget off: τ is the setting again
    expect(trainer.tau).toBe(0.05);
    restored.dispose();
    trainer.dispose();
  });
});
