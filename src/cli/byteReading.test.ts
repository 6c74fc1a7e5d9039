import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { configOf } from '../config/testing';
import { ActModel } from '../core/model';
import { Rng } from '../core/random';
import { modelSpecOf } from '../run/engine';
import { readText } from '../worker/wikiReading';
import { readBytes } from './byteReading';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('readBytes', () => {
  it('gives every byte the ponder, loss and entropy of the page\'s reading, across passes of many windows', async () => {
    const config = configOf('task=wiki&hidden=6&window=10');
    const model = new ActModel(modelSpecOf(config), new Rng(7));
    // 64 windows of 10 bytes per pass: 1,400 bytes take three passes, the page reads them in one.
    const bytes = Uint8Array.from({ length: 1400 }, (_, i) => (i * 37 + (i >> 3)) % 256);
    const records = await readBytes(model, config, bytes);
    const reading = await readText(model, config, { name: 'test', bytes }, 0);
    expect(Array.from(records.ponder)).toEqual(Array.from(reading.ponder));
    for (let i = 0; i < bytes.length - 1; i++) {
      expect(records.loss[i]).toBeCloseTo(reading.loss[i], 4);
      expect(records.entropy[i]).toBeCloseTo(reading.entropy[i], 4);
    }
    expect(records.loss[bytes.length - 1]).toBeNaN();
    model.dispose();
  });
});
