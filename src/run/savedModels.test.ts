import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluate } from '../core/evaluate';
import { getTask } from '../tasks/registry';
import { loadModel } from './engine';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function fixture(name: string) {
  const dir = join(__dirname, 'fixtures', name);
  const weights = readFileSync(join(dir, 'weights.bin'));
  return loadModel(JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')), weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength));
}

describe('models saved by earlier versions', () => {
  it('a 2-layer aLSTM saved before its layers threaded z loads and answers as it did then', async () => {
    // Saved by the landed version of 2026-12-02 09:36 (commit f46f21f): `cli train --config "task=parity&bits=4&
    // cell=alstm&adaptSize=3&hidden=5&layers=2&batch=8&seed=3&maxSteps=4" --steps 3 --save DIR`. Its
    // `cli eval --model DIR --n 64 --json` printed taskLoss 0.6894151670858264 and seqError 0.375 then (on WASM; the CPU backend here differs in the 9th digit).
    const { model, config } = fixture('alstm-2-layers-v1');
    expect(config.adaptThread).toBe(false);
    const evaluation = await evaluate(model, getTask(config.task), config, { sequences: 64, seed: 1 });
    expect(evaluation.taskLoss).toBeCloseTo(0.6894151670858264, 6);
    expect(evaluation.seqError).toBe(0.375);
    model.dispose();
  });
});
