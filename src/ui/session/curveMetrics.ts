import type { StepMetrics } from '../../core/trainer';
import { unpackMetrics } from '../../worker/protocol';
import { curves } from '../data/liveData';

/** The metric cards' numbers after the run went to `step` (restored or rolled back): its last curve point, or none. */
export function lastCurveMetrics(step: number, tau = Number.NaN): StepMetrics | null {
  const points = curves.points();
  if (points.length === 0 || step === 0) return null;
  const row = Float32Array.from(points.columns, (column) => column[points.length - 1]);
  return { ...unpackMetrics(row, 0, tau), step };
}
