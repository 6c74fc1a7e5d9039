import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../config/codec';
import { getTask } from '../tasks/registry';
import type { TaskData } from '../tasks/task';
import { evaluate } from './evaluate';
import { createTrainer } from '../run/engine';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const text = (s: string) => new TextEncoder().encode(s);
const SENTENCE = 'The cat sat on the mat. The dog sat on the log. ';

describe('character model', () => {
  it('lowers held-out bits per character within a few training steps', async () => {
    const data: TaskData = { train: text(SENTENCE.repeat(40)), heldOut: text(SENTENCE.repeat(4)), source: 'test text' };
    const config = parseConfig('task=wiki&hidden=16&window=20&batch=8&lr=0.02&maxSteps=3').config;
    const trainer = createTrainer(config, data);
    const task = getTask('wiki');
    const heldOut = () => evaluate(trainer.model, task, trainer.config, { sequences: 16, seed: 3, data });
    const before = (await heldOut()).bitsPerTarget;
    for (let i = 0; i < 30; i++) await trainer.step();
    const after = (await heldOut()).bitsPerTarget;
    // A fresh net predicts ≈ uniformly over 256 bytes (8 bits); 30 steps on this text must clearly improve on that.
    expect(before).toBeGreaterThan(7);
    expect(after).toBeLessThan(before - 2);
    trainer.dispose();
  });

  it('reports each training batch in bits per character: its task loss over the bytes of a window, in bits', async () => {
    const data: TaskData = { train: text(SENTENCE.repeat(40)), heldOut: text(SENTENCE.repeat(4)), source: 'test text' };
    const trainer = createTrainer(parseConfig('task=wiki&hidden=16&window=20&batch=8&lr=0.02&maxSteps=3').config, data);
    const first = await trainer.step();
    // Every byte of a 20-byte window is a target; a fresh net predicts about uniformly over 256 bytes: ≈ 8 bits.
    expect(first.bitsPerTarget).toBeCloseTo(first.taskLoss / 20 / Math.LN2, 4);
    expect(first.bitsPerTarget).toBeGreaterThan(7.5);
    expect(first.bitsPerTarget).toBeLessThan(8.5);
    trainer.dispose();
  });
});
