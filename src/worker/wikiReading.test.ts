import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../config/codec';
import { ActModel } from '../core/model';
import { Rng } from '../core/random';
import { readingBatch } from '../tasks/wiki';
import { READ_LIMIT, TOP_K } from './wikiProtocol';
import { predictionOf, readText } from './wikiReading';
import { modelSpecOf } from '../run/engine';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('predictionOf', () => {
  it('gives loss, entropy (bits) and the top guesses of a softmax', () => {
    const uniform = predictionOf(new Float32Array(256), 7);
    expect(uniform.loss).toBeCloseTo(8, 5);
    expect(uniform.entropy).toBeCloseTo(8, 5);
    expect(uniform.top).toHaveLength(TOP_K);

    const logits = [Math.log(0.5), Math.log(0.25), Math.log(0.125), Math.log(0.125)];
    const sure = predictionOf(logits, 1, 3);
    expect(sure.loss).toBeCloseTo(2, 5);
    expect(sure.entropy).toBeCloseTo(1.75, 5);
    expect(sure.top.map((entry) => entry.value)).toEqual([0, 1, 2]);
    expect(sure.top[0].probability).toBeCloseTo(0.5, 6);
  });

  it('stays finite for huge logits and has no loss without a next byte', () => {
    const prediction = predictionOf([1000, 0, -1000], null, 2);
    expect(prediction.loss).toBeNaN();
    expect(prediction.entropy).toBeCloseTo(0, 6);
    expect(prediction.top).toEqual([{ value: 0, probability: 1 }, { value: 1, probability: expect.any(Number) }]);
  });
});

describe('readingBatch', () => {
  it('cuts the text into windows, one byte per step, the next byte as target, none after the last', () => {
    const bytes = Uint8Array.from([10, 20, 30, 40, 50]);
    const batch = readingBatch(bytes, 2);
    expect([batch.steps, batch.batch]).toEqual([2, 3]);
    const at = (t: number, w: number) => t * batch.batch + w;
    expect(batch.inputs[at(1, 1) * 256 + 40]).toBe(1);
    expect(batch.targets[at(1, 0)]).toBe(30);
    expect(Array.from(batch.stepMask)).toEqual([1, 1, 1, 1, 1, 0]);
    expect(Array.from(batch.targetMask)).toEqual([1, 1, 0, 1, 1, 0]);
  });
});

describe('readText', () => {
  const config = parseConfig('task=wiki&hidden=8&window=10&maxSteps=3').config;

  it('reads text into one entry per byte, capped at READ_LIMIT, with halting stacks that sum to 1', async () => {
    const model = new ActModel(modelSpecOf(config), new Rng(3));
    const text = new TextEncoder().encode('The [[cat]] sat.\nMarkov — Марков');
    const reading = await readText(model, config, { name: 'test', bytes: text }, 4);
    expect(reading.bytes).toEqual(text);
    for (const perByte of [reading.ponder, reading.loss, reading.entropy, reading.stacks]) expect(perByte).toHaveLength(text.length);
    expect(reading.topBytes).toHaveLength(text.length * TOP_K);
    expect(Number.isNaN(reading.loss[text.length - 1])).toBe(true);
    expect(reading.loss.slice(0, -1).every(Number.isFinite)).toBe(true);
    for (const units of reading.stacks) {
      expect(units).toHaveLength(1);
      expect(units[0].probability.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
      expect(units[0].steps).toBe(units[0].halting.length);
    }
    expect(reading.ponder.every((n) => n >= 1 && n <= 3)).toBe(true);

    const long = await readText(model, config, { name: 'long', bytes: new Uint8Array(READ_LIMIT + 100).fill(0x61) }, 0);
    expect([long.bytes.length, long.totalBytes]).toEqual([READ_LIMIT, READ_LIMIT + 100]);
    model.dispose();
  });

  it('counts one update per byte without ACT', async () => {
    const plain = parseConfig('task=wiki&hidden=8&window=10&act=0').config;
    const model = new ActModel(modelSpecOf(plain), new Rng(3));
    const reading = await readText(model, plain, { name: 'test', bytes: new TextEncoder().encode('abc') }, 0);
    expect(Array.from(reading.ponder)).toEqual([1, 1, 1]);
    expect(reading.stacks).toEqual([[], [], []]);
    model.dispose();
  });
});
