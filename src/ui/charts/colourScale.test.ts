import { interpolatePurples, interpolateRdBu, rgb } from 'd3';
import { describe, expect, it } from 'vitest';
import { colourOf, colourScale, rampPosition } from './colourScale';

const css = (colour: readonly number[]) => `rgb(${colour.join(', ')})`;

describe('colour scale of a state view', () => {
  it('maps unit views on [0, 1] and signed views on [−1, 1], whatever the values', () => {
    expect(colourScale('unit', [5, -3])).toEqual({ kind: 'sequential', lo: 0, hi: 1 });
    expect(colourScale('signed', [0.1])).toEqual({ kind: 'diverging', lo: -1, hi: 1 });
  });

  it('scales auto views by their values: diverging when any is negative, else from 0', () => {
    expect(colourScale('auto', [0.5, -3, 2, Number.NaN])).toEqual({ kind: 'diverging', lo: -3, hi: 3 });
    expect(colourScale('auto', Float32Array.from([0.5, 4, 0]))).toEqual({ kind: 'sequential', lo: 0, hi: 4 });
    expect(colourScale('auto', [0, 0]).hi).toBeGreaterThan(0);
  });

  it('places values on the ramp, clamped, NaN at the neutral colour', () => {
    const diverging = { kind: 'diverging', lo: -2, hi: 2 } as const;
    expect([-2, -1, 0, 2, 9].map((value) => rampPosition(diverging, value))).toEqual([0, 0.25, 0.5, 1, 1]);
    expect(rampPosition(diverging, Number.NaN)).toBe(0.5);
    expect(rampPosition({ kind: 'sequential', lo: 0, hi: 1 }, Number.NaN)).toBe(0);
  });

  it('colours the ends red and blue (diverging) or white-ish and purple (sequential)', () => {
    const diverging = { kind: 'diverging', lo: -1, hi: 1 } as const;
    expect(css(colourOf(diverging, -1))).toBe(rgb(interpolateRdBu(0)).toString());
    expect(css(colourOf(diverging, 0))).toBe(rgb(interpolateRdBu(0.5)).toString());
    expect(css(colourOf(diverging, 1))).toBe(rgb(interpolateRdBu(1)).toString());
    const sequential = { kind: 'sequential', lo: 0, hi: 1 } as const;
    expect(css(colourOf(sequential, 0))).toBe(rgb(interpolatePurples(0)).toString());
    expect(css(colourOf(sequential, 1))).toBe(rgb(interpolatePurples(1)).toString());
  });
});
