import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Rng } from '../core/random';
import type { HostBatch } from '../core/types';
import { wikiTask } from './wiki';
import { Checks, expectWellFormed, inputAt, maskAt, targetAt } from './testing';

const WIKI = new Uint8Array(readFileSync(new URL('../../../shared/data/enwik8-head.xml', import.meta.url))).subarray(0, 200_000);

/** Random bytes: every 20-byte stretch (almost surely) occurs once, so a window's inputs tell where it was read. */
const noise = new Rng(99);
const RANDOM_TEXT = new Uint8Array(50_000).map(() => noise.int(0, 255));

/** The index of the single 1 in a one-hot vector, or -1 when it is not one-hot. */
function oneHotIndex(vector: Float32Array): number {
  let index = -1;
  for (let i = 0; i < vector.length; i++) {
    if (vector[i] === 1 && index === -1) index = i;
    else if (vector[i] !== 0) return -1;
  }
  return index;
}

const windowInputs = (batch: HostBatch, b: number): number[] =>
  Array.from({ length: batch.steps }, (_, t) => oneHotIndex(inputAt(batch, t, b)));

/** Where `stretch` occurs in `text`, or -1. */
function offsetOf(text: Uint8Array, stretch: number[]): number {
  return Buffer.from(text.buffer, text.byteOffset, text.length).indexOf(Buffer.from(stretch));
}

const MARKUP = '<>[]|{}=';

describe('wiki', () => {
  it('feeds the bytes of a random window one-hot and targets each next byte, every step real and with a target', () => {
    const options = { window: 60 };
    const batch = wikiTask.generate(options, 48, new Rng(3), RANDOM_TEXT);
    expectWellFormed(wikiTask, options, batch);
    expect(batch.steps).toBe(60);
    const checks = new Checks();
    const offsets = new Set<number>();
    for (let b = 0; b < batch.batch; b++) {
      const inputs = windowInputs(batch, b);
      const offset = offsetOf(RANDOM_TEXT, inputs.slice(0, 20));
      checks.that(offset >= 0, () => `sequence ${b}: inputs not one-hot or not read from the text`);
      for (let t = 0; t < 60; t++) {
        const at = (): string => `sequence ${b}, step ${t}`;
        checks.that(inputs[t] === RANDOM_TEXT[offset + t], () => `${at()}: input ${inputs[t]}, not byte ${RANDOM_TEXT[offset + t]}`);
        const target = targetAt(batch, t, b)[0];
        checks.that(target === RANDOM_TEXT[offset + t + 1], () => `${at()}: target ${target} is not the next byte`);
        checks.that(maskAt(batch.stepMask, batch, t, b) === 1 && maskAt(batch.targetMask, batch, t, b) === 1, () => `${at()}: mask off`);
      }
      offsets.add(offset);
    }
    checks.expectNone();
    expect(offsets.size).toBeGreaterThan(40);
  });

  it('counts the markup bytes of the window as its difficulty', () => {
    const options = { window: 200 };
    const batch = wikiTask.generate(options, 64, new Rng(4), WIKI);
    expectWellFormed(wikiTask, options, batch);
    const counts = Array.from({ length: 64 }, (_, b) => windowInputs(batch, b).filter((byte) => MARKUP.includes(String.fromCharCode(byte))).length);
    expect(Array.from(batch.difficulty)).toEqual(counts);
    expect(new Set(counts).size).toBeGreaterThan(5);
  });

  it('reaches both ends of the text: a window over exactly window + 1 bytes', () => {
    const text = new Uint8Array(11).map((_, i) => i);
    const batch = wikiTask.generate({ window: 10 }, 4, new Rng(1), text);
    for (let b = 0; b < 4; b++) {
      expect(Array.from({ length: 10 }, (_, t) => oneHotIndex(inputAt(batch, t, b)))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      expect(targetAt(batch, 9, b)[0]).toBe(10);
    }
  });

  it('is determined by the seed and the bytes', () => {
    const batchFrom = (seed: number) => wikiTask.generate({ window: 30 }, 16, new Rng(seed), WIKI);
    const [first, again, other] = [batchFrom(5), batchFrom(5), batchFrom(6)];
    for (const key of ['inputs', 'targets', 'targetMask', 'stepMask', 'difficulty'] as const) {
      expect(Array.from(again[key])).toEqual(Array.from(first[key]));
    }
    expect(Array.from(other.targets)).not.toEqual(Array.from(first.targets));
  });

  it('throws a clear error without text or with too little', () => {
    expect(() => wikiTask.generate({ window: 100 }, 4, new Rng(1))).toThrow(/reads text: load enwik8 or give it some text/);
    expect(() => wikiTask.generate({ window: 100 }, 4, new Rng(1), WIKI.subarray(0, 100))).toThrow(
      /needs at least 101 bytes .* it was given 100/,
    );
  });

  it('has the shape of a 256-way character model with presets in range', () => {
    expect(wikiTask.needsData).toBe(true);
    expect(wikiTask.dims({ window: 500 })).toEqual({ inputSize: 256, head: { kind: 'softmax', groups: 1, classes: 256 }, maxSteps: 500 });
    expect(wikiTask.difficultyRange({ window: 500 })).toEqual([0, 500]);
    expect(wikiTask.presets.paper).toMatchObject({ window: 500, cell: 'lstm', hidden: 1500 });
  });
});
