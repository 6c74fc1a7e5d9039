import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../config/codec';
import { createTrainer, modelSpecOf } from '../run/engine';
import { getTask } from '../tasks/registry';
import { CELLS } from './cells/registry';
import { estimateResources } from './resources';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** The configs every registered cell is measured at (with SIZE_OF_CELL's keys). */
const SIZES = [
  'task=parity&bits=8&hidden=16&batch=8',
  'task=parity&bits=16&hidden=96&batch=32&layers=2',
  'task=sort&hidden=48&batch=16&maxCount=4',
  'task=logic&hidden=64&batch=16&act=0',
];

/**
 * Smaller memories where a cell's own default makes a step slow on the CPU backend: the SDNC's 256 slots took 46 s
 * for one profiled sort step (the unit tests' 60 s limit). The estimate is per slot, so a smaller memory checks it
 * as well.
 */
const SIZE_OF_CELL: Record<string, string> = { sdnc: '&sparseSlots=32' };

async function measure(text: string) {
  const { config, problems } = parseConfig(text);
  expect(problems).toEqual([]);
  const before = tf.memory().numBytes;
  const trainer = createTrainer(config);
  try {
    let updatesPerInputStep = 1;
    const profile = await tf.profile(async () => {
      const metrics = await trainer.step();
      const host = getTask(config.task).dims(config);
      updatesPerInputStep = metrics.updates[0] / host.maxSteps;
    });
    const estimate = estimateResources(modelSpecOf(config), { batch: config.batch, sequenceSteps: getTask(config.task).dims(config).maxSteps, maxUpdates: config.maxSteps });
    return {
      persistent: { estimated: estimate.persistentBytes, measured: tf.memory().numBytes - before },
      peak: { estimated: estimate.peakBytes(updatesPerInputStep), measured: profile.peakBytes - before },
    };
  } finally {
    trainer.dispose();
  }
}

describe('resource estimate', () => {
  for (const cell of CELLS) {
    it(`is within 2× of the real memory of a training step: ${cell.id}`, async () => {
      for (const size of SIZES) {
        const { persistent, peak } = await measure(`${size}&cell=${cell.id}${SIZE_OF_CELL[cell.id] ?? ''}`);
        const what = `${cell.id} ${size}: persistent ${persistent.estimated} vs ${persistent.measured}, peak ${peak.estimated} vs ${peak.measured}`;
        expect(persistent.estimated / persistent.measured, what).toBeGreaterThan(0.5);
        expect(persistent.estimated / persistent.measured, what).toBeLessThan(2);
        expect(peak.estimated / peak.measured, what).toBeGreaterThan(0.5);
        expect(peak.estimated / peak.measured, what).toBeLessThan(2);
      }
    });
  }

  it('grows with the updates per input step and knows how many fit', () => {
    const { config } = parseConfig('task=parity&bits=8&hidden=64&batch=128&maxSteps=20');
    const estimate = estimateResources(modelSpecOf(config), { batch: 128, sequenceSteps: 1, maxUpdates: 20 });
    expect(estimate.peakBytes(10)).toBeGreaterThan(estimate.peakBytes(1));
    expect(estimate.macsPerStep(10)).toBeGreaterThan(estimate.macsPerStep(1));
    expect(estimate.updatesThatFit(estimate.peakBytes(5))).toBe(5);
    expect(estimate.updatesThatFit(estimate.peakBytes(0) - 1)).toBe(0);
    expect(estimate.updatesThatFit(Number.MAX_SAFE_INTEGER)).toBe(20);
  });
});
