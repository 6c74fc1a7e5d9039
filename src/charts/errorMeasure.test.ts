import { describe, expect, it } from 'vitest';
import { BITS_PER_CHARACTER, SEQUENCE_ERROR, errorMeasureFor, errorOf } from './errorMeasure';

describe('error measures', () => {
  it('read bits per character on text and sequence error elsewhere, a missing value as a dash', () => {
    expect(errorMeasureFor(true)).toBe(BITS_PER_CHARACTER);
    expect(errorMeasureFor(false)).toBe(SEQUENCE_ERROR);
    const run = { seqError: 0.983, bitsPerTarget: 2.2619 };
    expect(SEQUENCE_ERROR.format(errorOf(run, SEQUENCE_ERROR))).toBe('98.3%');
    expect(BITS_PER_CHARACTER.format(errorOf(run, BITS_PER_CHARACTER))).toBe('2.262');
    // A run recorded before bits per character were kept.
    expect(errorOf({ seqError: 1 }, BITS_PER_CHARACTER)).toBeNaN();
    expect(BITS_PER_CHARACTER.format(Number.NaN)).toBe('—');
    expect(SEQUENCE_ERROR.tick(0.05)).toBe('5%');
    // Ticks every half percent read exactly (rounded to whole percents they would read 0%, 1%, 1%, 2%).
    expect([0, 0.005, 0.01, 0.015].map(SEQUENCE_ERROR.tick)).toEqual(['0%', '0.5%', '1%', '1.5%']);
    expect(SEQUENCE_ERROR.tick(0.0012345)).toBe('0.123%');
  });
});
