import { describe, expect, it } from 'vitest';
import { Rng } from '../core/random';
import { copyTask } from './copy';
import { generalisationLengths, optionsAtLength, optionsAtStep } from '../core/taskOptions';
import {
  Checks, defaultOptions, expectCovers, expectSeeded, expectWellFormed, inputAt, maskAt, sequenceLength, targetAt,
} from './testing';

type CopyOptions = ReturnType<typeof defaultOptions<typeof copyTask.options>>;

const withOptions = (changes: Partial<CopyOptions>): CopyOptions => ({ ...defaultOptions(copyTask), ...changes });

/** Re-reads every sequence by the documented layout: L bit rows, a delimiter row, L rows that repeat the bits. */
function checkBatch(options: CopyOptions, samples: number, seed: number): number[] {
  const batch = copyTask.generate(options, samples, new Rng(seed));
  expectWellFormed(copyTask, options, batch);
  const bits = options.copyBits;
  const checks = new Checks();
  const lengths: number[] = [];
  for (let b = 0; b < samples; b++) {
    const steps = sequenceLength(batch, b, checks);
    const length = (steps - 1) / 2;
    checks.that(Number.isInteger(length) && length >= 1, () => `sequence ${b}: ${steps} rows is not 2L + 1`);
    checks.that(batch.difficulty[b] === length, () => `sequence ${b}: difficulty ${batch.difficulty[b]}, L ${length}`);
    for (let t = 0; t < steps; t++) {
      const input = Array.from(inputAt(batch, t, b));
      const target = Array.from(targetAt(batch, t, b));
      const at = (): string => `sequence ${b}, row ${t}`;
      checks.that(input.length === bits + 1, () => `${at()}: input width ${input.length}`);
      const writing = t > length;
      checks.that(maskAt(batch.targetMask, batch, t, b) === (writing ? 1 : 0), () => `${at()}: mask`);
      if (t < length) {
        checks.that(input.slice(0, bits).every((x) => x === 0 || x === 1) && input[bits] === 0, () => `${at()}: not a bit row: ${input}`);
      } else if (t === length) {
        checks.that(input.every((x, channel) => x === (channel === bits ? 1 : 0)), () => `${at()}: not the delimiter: ${input}`);
      } else {
        checks.that(input.every((x) => x === 0), () => `${at()}: input while writing`);
      }
      const expected = writing ? Array.from(inputAt(batch, t - length - 1, b)).slice(0, bits) : Array(bits).fill(0);
      checks.that(target.join() === expected.join(), () => `${at()}: target ${target}, expected ${expected}`);
    }
    lengths.push(length);
  }
  checks.expectNone();
  return lengths;
}

describe('copy', () => {
  it('matches the layout on thousands of sequences; L covers min..max; bits are fair', () => {
    const options = withOptions({ copyBits: 5, copyMinLength: 1, copyMaxLength: 12 });
    expectCovers(checkBatch(options, 3000, 1), 1, 12);
    const batch = copyTask.generate(options, 2000, new Rng(2));
    let ones = 0;
    let bits = 0;
    for (let b = 0; b < batch.batch; b++) {
      for (let t = 0; t < batch.difficulty[b]; t++) {
        ones += Array.from(inputAt(batch, t, b)).slice(0, 5).filter((x) => x === 1).length;
        bits += 5;
      }
    }
    expect(Math.abs(ones / bits - 0.5)).toBeLessThan(0.01);
  });

  it('matches the layout with one bit, a fixed length and a swapped range', () => {
    expect(new Set(checkBatch(withOptions({ copyBits: 1, copyMinLength: 7, copyMaxLength: 7 }), 300, 3))).toEqual(new Set([7]));
    expectCovers(checkBatch(withOptions({ copyMinLength: 6, copyMaxLength: 2 }), 1000, 4), 2, 6);
  });

  it('is seeded', () => expectSeeded(copyTask, defaultOptions(copyTask)));

  it('raises the max length by the increment every k steps, up to 64; off by default', () => {
    const off = defaultOptions(copyTask);
    expect(optionsAtStep(copyTask, off, 1e6).copyMaxLength).toBe(off.copyMaxLength);
    const on = withOptions({ copyMaxLength: 4, copyIncrement: 3, copyEvery: 100 });
    const maxAt = (step: number): number => optionsAtStep(copyTask, on, step).copyMaxLength;
    expect([0, 99, 100, 199, 200, 1000].map(maxAt)).toEqual([4, 4, 7, 7, 10, 34]);
    expect(maxAt(1e6)).toBe(64);
    expectCovers(checkBatch(optionsAtStep(copyTask, on, 250), 1000, 5), 1, 10);
  });

  it('generates at exactly a given length, beyond the training range too', () => {
    const options = optionsAtLength(copyTask, withOptions({ copyMaxLength: 5 }), 50);
    expect(new Set(checkBatch(options, 50, 6))).toEqual(new Set([50]));
  });
});

describe('the lengths the page evaluates a length task at', () => {
  it('spread over the training range and on to the generalisation factor × its longest length', () => {
    expect(generalisationLengths(copyTask, withOptions({ copyMinLength: 1, copyMaxLength: 7 }))).toEqual([1, 3, 4, 6, 7, 15, 23, 31, 39, 46, 54, 62, 70]);
    expect(generalisationLengths(copyTask, withOptions({ copyMinLength: 2, copyMaxLength: 2 }))).toEqual([2, 4, 7, 9, 11, 13, 16, 18, 20]);
  });
});
