/**
 * How a state view's values map to colour (StateView.range): `unit` (weights, usage) on a sequential ramp over
 * [0, 1]; `signed` (tanh-range activations) on the diverging red–white–blue ramp over [−1, 1]; `auto` over the
 * values themselves — diverging ±largest magnitude when any is negative, else sequential [0, largest]. Values
 * outside the domain take the end colour. Pure: the canvas drawing reads colours from a 257-entry table.
 */
import { interpolatePurples, interpolateRdBu, rgb } from 'd3';
import type { StateView } from '../../core/cells/cell';

export interface ColourScale {
  kind: 'sequential' | 'diverging';
  /** The values the ramp's two ends stand for. */
  lo: number;
  hi: number;
}

/** The scale of a view, from all the values it will show (so that colours compare across frames). */
export function colourScale(range: StateView['range'], values: ArrayLike<number>): ColourScale {
  if (range === 'unit') return { kind: 'sequential', lo: 0, hi: 1 };
  if (range === 'signed') return { kind: 'diverging', lo: -1, hi: 1 };
  let negative = false;
  let largest = 1e-6; // never an empty domain, even for an all-zero view
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) continue;
    negative ||= values[i] < 0;
    largest = Math.max(largest, Math.abs(values[i]));
  }
  return negative ? { kind: 'diverging', lo: -largest, hi: largest } : { kind: 'sequential', lo: 0, hi: largest };
}

/** Where a value sits on the ramp, 0 … 1 (clamped; NaN at the middle of a diverging ramp, at 0 of a sequential one). */
export function rampPosition(scale: ColourScale, value: number): number {
  if (Number.isNaN(value)) return scale.kind === 'diverging' ? 0.5 : 0;
  return Math.max(0, Math.min(1, (value - scale.lo) / (scale.hi - scale.lo)));
}

export type Rgb = readonly [number, number, number];

/** Odd, so that the middle of a diverging ramp (the value 0) has an entry of its own: white. */
const TABLE_SIZE = 257;

function table(interpolate: (t: number) => string): Rgb[] {
  return Array.from({ length: TABLE_SIZE }, (_, i) => {
    const colour = rgb(interpolate(i / (TABLE_SIZE - 1)));
    return [colour.r, colour.g, colour.b] as const;
  });
}

// Diverging: red for the low end, blue for the high end (as the step-through heatmap); sequential: white to purple.
const TABLES = { diverging: table(interpolateRdBu), sequential: table(interpolatePurples) };

/** The colour of a value on the scale's ramp. */
export function colourOf(scale: ColourScale, value: number): Rgb {
  return TABLES[scale.kind][Math.round(rampPosition(scale, value) * (TABLE_SIZE - 1))];
}
