/**
 * The DNC on the WASM backend (which lacks UnsortedSegmentSum, so nothing may take a gather's gradient): the
 * loss and every weight's gradient of an ACT model over a DNC equal the CPU backend's (which gradient.test.ts
 * checks against finite differences), for both allocation modes.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../backend';
import { expectSameResults, lossAndGradients } from '../memory/backendParity.testing';

beforeAll(async () => {
  await initBackend('wasm');
});

describe('DNC on the WASM backend', () => {
  for (const allocation of ['sort', 'softmax'] as const) {
    it(`computes the CPU backend's loss and gradients, ${allocation} allocation`, async () => {
      expect(tf.getBackend()).toBe('wasm');
      const options = { memSlots: 6, memWidth: 4, readHeads: 2, allocation };
      const wasm = lossAndGradients('dnc', options);
      await tf.setBackend('cpu');
      const cpu = lossAndGradients('dnc', options);
      await tf.setBackend('wasm');
      expectSameResults(wasm, cpu);
    });
  }
});
