/** Axis and scale helpers shared by the panels: pure functions, no DOM. */

/** [min, max] of the finite values (optionally only the positive ones), or null when there are none. */
export function finiteExtent(values: Iterable<number>, positiveOnly = false): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const value of values) {
    if (!Number.isFinite(value) || (positiveOnly && value <= 0)) continue;
    if (value < lo) lo = value;
    if (value > hi) hi = value;
  }
  return lo <= hi ? [lo, hi] : null;
}

/** A log axis only pays off when the values are positive and span more than a decade. */
export function prefersLogScale(extent: [number, number] | null): boolean {
  return extent !== null && extent[0] > 0 && extent[1] / extent[0] > 10;
}

/** A linear domain that starts at zero (for counts and rates) and is never empty. */
export function zeroBasedDomain(extent: [number, number] | null, fallbackMax = 1): [number, number] {
  const hi = extent ? Math.max(extent[1], 0) : fallbackMax;
  return [0, hi > 0 ? hi : fallbackMax];
}

/** A domain padded so that a flat line sits in the middle, not on an edge. */
export function paddedDomain(extent: [number, number] | null, fallback: [number, number] = [0, 1]): [number, number] {
  if (!extent) return fallback;
  const [lo, hi] = extent;
  if (hi > lo) return [lo, hi];
  const pad = lo === 0 ? 1 : Math.abs(lo) * 0.1;
  return [lo - pad, hi + pad];
}

/** A log domain covering whole decades around the positive extent. */
export function decadeDomain(extent: [number, number]): [number, number] {
  return [10 ** Math.floor(Math.log10(extent[0])), 10 ** Math.ceil(Math.log10(extent[1]))];
}

/** Short number text for axes, tooltips and tables. */
export function formatValue(value: number, digits = 3): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e4 || magnitude < 1e-3) {
    return value.toExponential(Math.max(0, digits - 1)).replace(/\.?0+e/, 'e').replace('e+', 'e');
  }
  return String(Number(value.toPrecision(digits)));
}

export function formatPercent(fraction: number, digits = 1): string {
  return Number.isFinite(fraction) ? `${(fraction * 100).toFixed(digits)}%` : '—';
}
