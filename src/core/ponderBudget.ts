/**
 * Ponder-budget mode: τ is adjusted during training by dual ascent so that the mean ponder holds a chosen
 * target, log τ ← log τ + η·(ponder − target), clamped to [TAU_FLOOR, TAU_CEILING]. Pondering above the
 * target raises τ (thinking gets dearer), below it lowers τ, so the network must spend a fixed budget of
 * updates, and learns where to spend it, instead of sliding to the limit M or to a single update.
 */

/** τ is never taken below this in budget mode (log τ must stay finite; τ = 0 starts from here). */
export const TAU_FLOOR = 1e-6;
/** The schema's largest τ. */
export const TAU_CEILING = 1;

/** One dual-ascent step of τ after a training step that pondered `ponder` (mean N per input step). */
export function nextBudgetTau(tau: number, ponder: number, target: number, rate: number): number {
  const start = Math.min(Math.max(tau, TAU_FLOOR), TAU_CEILING);
  if (!Number.isFinite(ponder)) return start;
  const next = Math.exp(Math.log(start) + rate * (ponder - target));
  return Math.min(Math.max(next, TAU_FLOOR), TAU_CEILING);
}

/**
 * τ warm-up: the time penalty step `step` (counted from 0) trains at, τ × min(1, step / tauWarmup) — a function
 * of the step alone, like the learning-rate half-life, so a resumed run continues it. With a ponder budget the
 * budget moves the τ in force and the warm-up scales it.
 */
export function warmedTau(tau: number, tauWarmup: number, step: number): number {
  return tauWarmup > 0 && step < tauWarmup ? tau * (step / tauWarmup) : tau;
}
