import * as tf from '@tensorflow/tfjs';
import { expect } from 'vitest';
import { parseConfig } from '../../../config/codec';
import { createTrainer } from '../../../run/engine';

/** Expects no tensor growth over `steps` Trainer steps for the config text, with ACT on and off. */
export async function expectNoTensorGrowth(configText: string, steps = 30): Promise<void> {
  for (const act of ['act=1&maxSteps=3', 'act=0']) {
    const { config, problems } = parseConfig(`${configText}&${act}`);
    expect(problems).toEqual([]);
    const trainer = createTrainer(config);
    await trainer.step();
    const before = tf.memory().numTensors;
    for (let i = 0; i < steps; i++) await trainer.step();
    expect(tf.memory().numTensors, act).toBe(before);
    trainer.dispose();
  }
}
