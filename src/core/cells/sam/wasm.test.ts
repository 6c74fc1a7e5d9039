/**
 * SAM on the WASM backend: top-K, one-hot selections, argmax and the customGrad'd row selection give the
 * CPU backend's loss and every weight's gradient (which gradient.test.ts checks against finite differences).
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../backend';
import { expectSameResults, lossAndGradients } from '../memory/backendParity.testing';

beforeAll(async () => {
  await initBackend('wasm');
});

describe('SAM on the WASM backend', () => {
  it('computes the CPU backend\'s loss and gradients (ACT over SAM, 2 heads)', async () => {
    expect(tf.getBackend()).toBe('wasm');
    const options = { sparseSlots: 12, sparseWidth: 4, sparseHeads: 2, sparseReads: 2 };
    const wasm = lossAndGradients('sam', options);
    await tf.setBackend('cpu');
    const cpu = lossAndGradients('sam', options);
    await tf.setBackend('wasm');
    expectSameResults(wasm, cpu);
  });
});
