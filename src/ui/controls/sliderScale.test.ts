import { describe, expect, it } from 'vitest';
import { SCHEMA } from '../../config/schema';
import { nearestStop, sliderStops } from './sliderScale';

describe('slider stops', () => {
  it('gives τ an off end at 0 and the paper grid 1e-4 … 1', () => {
    const stops = sliderStops(SCHEMA.tau)!;
    expect(stops[0]).toBe(0);
    expect(stops[1]).toBe(1e-4);
    expect(stops).toContain(3e-3);
    expect(stops[stops.length - 1]).toBe(1);
    expect(stops).toHaveLength(1 + 4 * 9 + 1);
  });

  it('spans ε from its minimum to its maximum in clean steps', () => {
    const stops = sliderStops(SCHEMA.eps)!;
    expect(stops[0]).toBe(0.001);
    expect(stops[stops.length - 1]).toBe(0.5);
    expect(stops).toContain(0.01);
    expect(stops.every((stop, i) => i === 0 || stop > stops[i - 1])).toBe(true);
  });

  it('gives small int ranges one stop per value, and big ones none', () => {
    expect(sliderStops(SCHEMA.maxSteps)).toHaveLength(100);
    expect(sliderStops(SCHEMA.seed)).toBeNull();
  });

  it('finds the nearest stop by ratio on a log field, and 0 only for 0', () => {
    const stops = sliderStops(SCHEMA.tau)!;
    expect(stops[nearestStop(stops, 0.001, true)]).toBe(0.001);
    expect(stops[nearestStop(stops, 0.0014, true)]).toBe(0.001);
    expect(stops[nearestStop(stops, 0.0016, true)]).toBe(0.002);
    expect(stops[nearestStop(stops, 0, true)]).toBe(0);
    expect(stops[nearestStop(stops, 1e-7, true)]).toBe(1e-4);
  });
});
