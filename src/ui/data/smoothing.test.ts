import { describe, expect, it } from 'vitest';
import { smoothEma } from './smoothing';

describe('smoothEma', () => {
  it('is the identity at weight 0', () => {
    expect(Array.from(smoothEma([3, 1, 2], 0))).toEqual([3, 1, 2]);
  });

  it('removes the start-up bias: a constant series stays constant', () => {
    const out = smoothEma([5, 5, 5, 5], 0.9);
    for (const value of out) expect(value).toBeCloseTo(5, 12);
  });

  it('follows a step change gradually', () => {
    const out = smoothEma([0, 0, 0, 10, 10, 10], 0.5);
    expect(out[3]).toBeGreaterThan(0);
    expect(out[3]).toBeLessThan(10);
    expect(out[5]).toBeGreaterThan(out[4]);
  });

  it('skips non-finite values without poisoning the average', () => {
    const out = smoothEma([1, Number.NaN, 1, Number.POSITIVE_INFINITY, 1], 0.8);
    expect(Number.isNaN(out[1])).toBe(true);
    expect(out[3]).toBe(Number.POSITIVE_INFINITY);
    expect(out[4]).toBeCloseTo(1, 12);
  });
});
