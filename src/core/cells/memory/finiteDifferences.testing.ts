import * as tf from '@tensorflow/tfjs';
import type { NamedVariable } from '../../init';

export interface Evaluation {
  loss: number;
}

/**
 * Central finite differences of `evaluate` for every entry of every variable against `analytic` (by TF.js
 * variable name). A coordinate where `comparable(plus, minus)` is false (e.g. the ± perturbation changes a
 * discrete choice: N(t), the top-K rows) is skipped and counted.
 */
export function finiteDifferenceMismatches<E extends Evaluation>(
  variables: readonly NamedVariable[], analytic: Record<string, tf.Tensor>, evaluate: () => E,
  comparable: (plus: E, minus: E) => boolean, delta: number, tolerance: (numeric: number) => number,
): { mismatches: string[]; compared: number; skipped: number } {
  const mismatches: string[] = [];
  let [compared, skipped] = [0, 0];
  for (const { name, variable } of variables) {
    const gradient = analytic[variable.name].dataSync();
    const original = variable.dataSync().slice();
    const moved = (index: number, d: number) => {
      const values = original.slice();
      values[index] += d;
      variable.assign(tf.tensor(values, variable.shape));
      return evaluate();
    };
    for (let i = 0; i < original.length; i++) {
      const [plus, minus] = [moved(i, delta), moved(i, -delta)];
      if (!comparable(plus, minus)) {
        skipped++;
        continue;
      }
      compared++;
      const numeric = (plus.loss - minus.loss) / (2 * delta);
      if (Math.abs(numeric - gradient[i]) > tolerance(numeric)) mismatches.push(`${name}[${i}]: autodiff ${gradient[i].toFixed(5)} vs finite difference ${numeric.toFixed(5)}`);
    }
    variable.assign(tf.tensor(original, variable.shape));
  }
  return { mismatches, compared, skipped };
}
