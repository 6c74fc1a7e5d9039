import { describe, expect, it } from 'vitest';
import { decadeDomain, finiteExtent, formatPercent, formatValue, paddedDomain, prefersLogScale, zeroBasedDomain } from './scales';

describe('chart scale helpers', () => {
  it('finds the extent of the finite (and optionally positive) values', () => {
    expect(finiteExtent([3, Number.NaN, -1, 7])).toEqual([-1, 7]);
    expect(finiteExtent([0, -2, 0.5, 4], true)).toEqual([0.5, 4]);
    expect(finiteExtent([Number.NaN])).toBeNull();
  });

  it('prefers a log scale only for positive values spanning more than a decade', () => {
    expect(prefersLogScale([0.01, 1])).toBe(true);
    expect(prefersLogScale([0.5, 1])).toBe(false);
    expect(prefersLogScale(null)).toBe(false);
  });

  it('makes domains that are never empty', () => {
    expect(zeroBasedDomain([0.2, 0.6])).toEqual([0, 0.6]);
    expect(zeroBasedDomain(null, 0.5)).toEqual([0, 0.5]);
    expect(zeroBasedDomain([0, 0])).toEqual([0, 1]);
    expect(paddedDomain([2, 2])).toEqual([1.8, 2.2]);
    expect(paddedDomain([0, 0])).toEqual([-1, 1]);
    expect(paddedDomain([1, 3])).toEqual([1, 3]);
    expect(decadeDomain([0.03, 2])).toEqual([0.01, 10]);
  });

  it('formats numbers and percentages briefly', () => {
    expect(formatValue(0)).toBe('0');
    expect(formatValue(0.123456)).toBe('0.123');
    expect(formatValue(1e-4)).toBe('1e-4');
    expect(formatValue(0.00025)).toBe('2.5e-4');
    expect(formatValue(123456)).toBe('1.23e5');
    expect(formatValue(Number.NaN)).toBe('NaN');
    expect(formatPercent(0.0625)).toBe('6.3%');
    expect(formatPercent(Number.NaN)).toBe('—');
  });
});
