/**
 * Finite-difference check of the full training loss against autodiff, for every parameter of small RNN, GRU and
 * LSTM models: ACT (L + τ·P), PonderNet (Σ p_n L_n + β·KL) and fixed repetition. N(t) is piecewise constant
 * (the paper differentiates R only; PonderNet's unroll likewise), so a coordinate whose perturbation changes any
 * N(t) is not comparable and is skipped; most must be checked.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkGradients } from './gradientCheck.testing';
import type { HeadSpec } from './types';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('ACT gradients match finite differences of L + τ·P', () => {
  const cases: [string, number, 'stack' | 'layer', HeadSpec, number][] = [
    ['rnn', 1, 'stack', { kind: 'sigmoid', units: 2 }, 6],
    ['gru', 1, 'stack', { kind: 'softmax', groups: 2, classes: 3 }, 6],
    ['lstm', 1, 'stack', { kind: 'sigmoid', units: 1 }, 6],
    ['lstm', 2, 'stack', { kind: 'softmax', groups: 1, classes: 3 }, 3],
    ['rnn', 2, 'layer', { kind: 'sigmoid', units: 1 }, 4],
    ['gru', 1, 'stack', { kind: 'sum', units: 2 }, 6],
  ];
  for (const [cell, layers, mode, head, maxSteps] of cases) {
    it(`${cell}, ${layers} layer(s), ${mode} ponders, ${head.kind} head, M = ${maxSteps}`, () => {
      const result = checkGradients({ cell, layers, ponderMode: mode, head, maxSteps });
      expect(result.mismatches).toEqual([]);
      expect(result.compared).toBeGreaterThan(4 * result.skipped);
      // The halting regime is varied enough to exercise remainders, not just N = 1 everywhere.
      expect(result.distinctSteps).toBeGreaterThan(1);
    });
  }
});

describe('ACT gradients with the halting-logit penalty match finite differences of L + τ·P + λ_z·Σ z²', () => {
  // The margin m (penalty only beyond |z| > m) is small enough here that the random nets' logits cross it.
  const cases: [string, number, 'stack' | 'layer', HeadSpec, number][] = [
    ['rnn', 1, 'stack', { kind: 'sigmoid', units: 2 }, 0],
    ['lstm', 2, 'layer', { kind: 'softmax', groups: 1, classes: 3 }, 0],
    ['gru', 1, 'stack', { kind: 'sigmoid', units: 1 }, 0.3],
  ];
  for (const [cell, layers, mode, head, margin] of cases) {
    it(`${cell}, ${layers} layer(s), ${mode} ponders, ${head.kind} head, margin ${margin}`, () => {
      const result = checkGradients({ cell, layers, ponderMode: mode, head, maxSteps: 5, haltPenalty: 0.05, haltMargin: margin });
      expect(result.mismatches).toEqual([]);
      expect(result.compared).toBeGreaterThan(4 * result.skipped);
      expect(result.distinctSteps).toBeGreaterThan(1);
    });
  }
});

describe('PonderNet and fixed-repetition gradients match finite differences', () => {
  const cases: [string, number, 'stack' | 'layer', HeadSpec, number, string][] = [
    ['rnn', 1, 'stack', { kind: 'sigmoid', units: 2 }, 6, 'pondernet'],
    ['gru', 1, 'stack', { kind: 'softmax', groups: 2, classes: 3 }, 5, 'pondernet'],
    ['rnn', 2, 'layer', { kind: 'sigmoid', units: 1 }, 4, 'pondernet'],
    ['rnn', 1, 'stack', { kind: 'sigmoid', units: 2 }, 6, 'repeat'],
    ['gru', 2, 'stack', { kind: 'softmax', groups: 1, classes: 3 }, 3, 'repeat'],
  ];
  for (const [cell, layers, mode, head, maxSteps, halting] of cases) {
    it(`${halting}: ${cell}, ${layers} layer(s), ${mode} ponders, ${head.kind} head`, () => {
      const result = checkGradients({ cell, layers, halting, ponderMode: mode, head, maxSteps });
      expect(result.mismatches).toEqual([]);
      expect(result.compared).toBeGreaterThan(4 * result.skipped);
      if (halting === 'pondernet') expect(result.distinctSteps).toBeGreaterThan(1);
    });
  }
});
