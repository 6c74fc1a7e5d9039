/**
 * Slider positions for numeric fields. A log field moves through "nice" values i·10^j (1, 2, … 9 per decade,
 * the paper's τ grid), so that every stop is a clean number and ArrowRight is one grid step. A log field whose
 * minimum is 0 gets an "off" stop at 0 below a floor four decades under its maximum.
 */
import type { FloatField, IntField } from '../../config/fields';

/** Int fields with more values than this get no slider, only a number box. */
const MAX_INT_STOPS = 200;
const LINEAR_STOPS = 100;
/** The lowest non-zero stop of a log field whose minimum is 0, relative to its maximum. */
const LOG_FLOOR_DECADES = 4;

const clean = (value: number) => Number(value.toPrecision(6));

export function sliderStops(field: FloatField | IntField): number[] | null {
  if (field.kind === 'int') {
    const count = field.max - field.min + 1;
    return count <= MAX_INT_STOPS ? Array.from({ length: count }, (_, i) => field.min + i) : null;
  }
  if (field.scale === 'linear') {
    return Array.from({ length: LINEAR_STOPS + 1 }, (_, i) => clean(field.min + ((field.max - field.min) * i) / LINEAR_STOPS));
  }
  const floor = field.min > 0 ? field.min : field.max / 10 ** LOG_FLOOR_DECADES;
  const stops = new Set<number>(field.min === 0 ? [0, floor] : [floor]);
  for (let decade = Math.floor(Math.log10(floor)); decade <= Math.ceil(Math.log10(field.max)); decade++) {
    for (let digit = 1; digit <= 9; digit++) {
      const value = clean(digit * 10 ** decade);
      if (value >= floor && value <= field.max) stops.add(value);
    }
  }
  stops.add(field.max);
  return [...stops].sort((a, b) => a - b);
}

/** The stop nearest to a value (on a log field: nearest in ratio; 0 only for 0). */
export function nearestStop(stops: readonly number[], value: number, log: boolean): number {
  let best = 0;
  let bestDistance = Infinity;
  stops.forEach((stop, index) => {
    const distance = log ? logDistance(stop, value) : Math.abs(stop - value);
    if (distance < bestDistance) {
      best = index;
      bestDistance = distance;
    }
  });
  return best;
}

function logDistance(stop: number, value: number): number {
  if (stop <= 0 || value <= 0) return stop === value ? 0 : Infinity;
  return Math.abs(Math.log(stop / value));
}
