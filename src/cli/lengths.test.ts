import { describe, expect, it } from 'vitest';
import { parseLengths } from './lengths';

describe('--lengths', () => {
  it('reads ranges, single lengths and lists of both, sorted and without repeats', () => {
    expect(parseLengths('3..6')).toEqual([3, 4, 5, 6]);
    expect(parseLengths('7')).toEqual([7]);
    expect(parseLengths('50, 1..3,2,10..10')).toEqual([1, 2, 3, 10, 50]);
  });

  it('names what is wrong', () => {
    for (const bad of ['', '0..5', '5..2', '1..', 'a..b', '2.5', '-1', '1..3,,4']) expect(() => parseLengths(bad), bad).toThrow(/--lengths needs/);
    expect(() => parseLengths('1..5000')).toThrow(/more than 1000/);
  });
});
