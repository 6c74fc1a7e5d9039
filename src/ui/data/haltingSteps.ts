/**
 * The halting decision of one input step, ponder step by ponder step, from a trace: the running sum of the
 * halting units, whether it reached 1 − ε (or the limit M), and the probability each update got.
 */
import type { UnitPonder } from '../../core/trace';

export type HaltReason = 'threshold' | 'limit';

export interface HaltingStep {
  /** 1-based ponder step. */
  n: number;
  /** h^n. */
  halting: number;
  /** h^1 + … + h^(n−1). */
  sumBefore: number;
  /** h^1 + … + h^n: pondering stops once this reaches 1 − ε. */
  sumAfter: number;
  /** p^n: h^n before the last step, the remainder R = 1 − sumBefore at the last. */
  probability: number;
  /** Set on the last step: why pondering stopped there. */
  halt: HaltReason | null;
}

/** Float32 sums on the device and float64 sums here may differ in the last bits. */
const TOLERANCE = 1e-6;

export function haltingSteps(unit: UnitPonder, eps: number, maxSteps: number): HaltingStep[] {
  let sum = 0;
  return unit.halting.slice(0, unit.steps).map((halting, index) => {
    const n = index + 1;
    const sumBefore = sum;
    sum += halting;
    const last = n === unit.steps;
    return {
      n,
      halting,
      sumBefore,
      sumAfter: sum,
      probability: unit.probability[index],
      halt: last ? (n >= maxSteps && sum < 1 - eps - TOLERANCE ? 'limit' : 'threshold') : null,
    };
  });
}

/** The mean-field output Σ_n p^n · h^n: what the next input step starts from and the output layer reads. */
export function meanField(unit: UnitPonder): number[] {
  const width = unit.outputs[0]?.length ?? 0;
  const out = new Array<number>(width).fill(0);
  unit.outputs.forEach((output, n) => output.forEach((value, i) => (out[i] += unit.probability[n] * value)));
  return out;
}
