/**
 * Finite-difference check of the full training loss L + τ·P against autodiff, for every parameter of small
 * RNN, GRU and LSTM models with ACT. N(t) is piecewise constant (the paper differentiates R only), so a
 * coordinate whose perturbation changes any N(t) is not comparable and is skipped; most must be checked.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkGradients } from './gradientCheck';
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
  ];
  for (const [cell, layers, mode, head, maxSteps] of cases) {
    it(`${cell}, ${layers} layer(s), ${mode} ponders, ${head.kind} head, M = ${maxSteps}`, () => {
      const result = checkGradients({ cell, layers, act: true, ponderMode: mode, head, maxSteps });
      expect(result.mismatches).toEqual([]);
      expect(result.compared).toBeGreaterThan(4 * result.skipped);
      // The halting regime is varied enough to exercise remainders, not just N = 1 everywhere.
      expect(result.distinctSteps).toBeGreaterThan(1);
    });
  }
});
