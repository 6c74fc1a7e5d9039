import { describe, expect, it } from 'vitest';
import { Rng } from '../core/random';
import { sortTask } from './sort';
import {
  Checks, defaultOptions, expectCovers, expectSeeded, expectWellFormed, inputAt, maskAt, sequenceLength, targetAt,
} from './testing';

/** Input positions from smallest to largest value by repeated selection; ties go to the earlier position. */
function selectionOrder(values: number[]): number[] {
  const remaining = values.map((_, index) => index);
  const order: number[] = [];
  while (remaining.length > 0) {
    let best = 0;
    for (let i = 1; i < remaining.length; i++) if (values[remaining[i]] < values[remaining[best]]) best = i;
    order.push(...remaining.splice(best, 1));
  }
  return order;
}

function checkBatch(options: { minCount: number; maxCount: number }, samples: number, seed: number) {
  const batch = sortTask.generate(options, samples, new Rng(seed));
  expectWellFormed(sortTask, options, batch);
  const checks = new Checks();
  const counts: number[] = [];
  const allValues: number[] = [];
  for (let b = 0; b < samples; b++) {
    const length = sequenceLength(batch, b, checks);
    const count = length / 2;
    checks.that(Number.isInteger(count), () => `sequence ${b}: odd length ${length}`);
    checks.that(batch.difficulty[b] === count, () => `sequence ${b}: difficulty is not n`);
    const values: number[] = [];
    for (let t = 0; t < count; t++) {
      const [value, flag] = inputAt(batch, t, b);
      values.push(value);
      checks.that(flag === (t === count - 1 ? 1 : 0), () => `sequence ${b}, step ${t}: flag ${flag}`);
      checks.that(maskAt(batch.targetMask, batch, t, b) === 0, () => `sequence ${b}, step ${t}: target during input`);
    }
    const order = selectionOrder(values);
    for (let k = 0; k < count; k++) {
      const t = count + k;
      const at = (): string => `sequence ${b}, step ${t}`;
      checks.that(inputAt(batch, t, b).every((x) => x === 0), () => `${at()}: non-zero input while answering`);
      checks.that(maskAt(batch.targetMask, batch, t, b) === 1, () => `${at()}: no target`);
      checks.that(targetAt(batch, t, b)[0] === order[k], () => `${at()}: target ${targetAt(batch, t, b)[0]}, not ${order[k]}`);
    }
    counts.push(count);
    allValues.push(...values);
  }
  checks.expectNone();
  const [lo, hi] = [Math.min(options.minCount, options.maxCount), Math.max(options.minCount, options.maxCount)];
  expectCovers(counts, lo, hi);
  expectCovers(batch.difficulty, lo, hi);
  return allValues;
}

describe('sort', () => {
  it('re-derives every target with the paper sizes; values are standard normal', () => {
    const values = checkBatch({ minCount: 2, maxCount: 15 }, 3000, 1);
    const mean = values.reduce((sum, x) => sum + x, 0) / values.length;
    const variance = values.reduce((sum, x) => sum + (x - mean) ** 2, 0) / values.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
    expect(new Set(values).size).toBeGreaterThan(values.length * 0.99);
  });

  it('re-derives every target with the defaults, a fixed count and a swapped range', () => {
    checkBatch(defaultOptions(sortTask), 3000, 2);
    checkBatch({ minCount: 15, maxCount: 15 }, 500, 3);
    checkBatch({ minCount: 6, maxCount: 3 }, 1000, 4);
  });

  it('is seeded', () => expectSeeded(sortTask, defaultOptions(sortTask)));
});
