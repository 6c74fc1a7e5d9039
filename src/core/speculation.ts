/**
 * Speculative unrolling of the ponder loop, for backends that must not read back synchronously (WebGPU).
 *
 * The read-back mode stops each input step's ponder loop once every row has halted: one scalar read per ponder
 * step. Without that read the loop would run all M updates. Instead, each input step (and ponder unit) is unrolled
 * to a predicted length — the largest number of updates it needed in the last 16 training steps (plus a margin,
 * 0 by default), at most M — and the trainer reads back, with the step's metrics, how many updates each position
 * needed and whether any row was still running at the cut. If one was, the step's gradients are thrown away before
 * Adam sees them and the step is computed again with those positions unrolled twice as far (at most M, where no
 * row can still run). Margin 1 cost 1.42× the read-back mode's updates on the tiny bench config, whose need is
 * about 3 (docs/benchmarks.md); with margin 0 a rare redo is cheaper than the slack on every step.
 *
 * Why this is exact: past the point where every row has halted, an update changes nothing — its halting
 * probability is exactly 0, so every accumulator (mean field, ponder cost, PonderNet's sums) gains exactly 0 and
 * every gradient it adds is exactly 0. A step that was not cut short therefore yields the read-back mode's loss
 * and gradients, and since only such steps are applied, the weights and Adam moments follow its trajectory.
 */

/** How the ponder loop learns where to stop while training. */
export type PonderUnroll = 'readback' | 'speculative';

/** Synchronous read-backs are not allowed on WebGPU: there the trainer speculates; elsewhere it reads back. */
export function defaultPonderUnroll(backend: string): PonderUnroll {
  return backend === 'webgpu' ? 'speculative' : 'readback';
}

/** The unroll of one forward pass: how many updates at input step t of ponder unit u (undefined: M). */
export type UnrollPlan = (t: number, unit: number) => number | undefined;

export interface UnrollPredictorOptions {
  /** Updates added to the largest need seen (slack that saves redos as the network learns to ponder longer). */
  margin?: number;
  /** How many recent training steps the prediction is taken over. */
  memory?: number;
  /**
   * Which of those needs is predicted: 1 the largest (default), 0.5 the median. A lower one unrolls less on most
   * steps and redoes more of them.
   */
  quantile?: number;
  /** The unroll of a position never seen yet (undefined: M, which cannot be cut short). */
  initial?: number;
}

/** What the trainer read back for one position: updates needed (max over rows) and whether it was cut short. */
export interface PositionOutcome {
  needed: number;
  cut: boolean;
}

/** Predicts each position's unroll from the updates it needed in the last `memory` applied or redone steps. */
export class UnrollPredictor {
  readonly margin: number;
  readonly memory: number;
  readonly quantile: number;
  readonly initial?: number;
  /** Per position key, the needs of recent steps (newest last). */
  private readonly history = new Map<string, number[]>();
  /** Positions cut short in the attempt just made, with the unroll of their redo (twice the cut's, at most M). */
  private readonly extended = new Map<string, number>();

  constructor(options: UnrollPredictorOptions = {}) {
    this.margin = options.margin ?? 0;
    this.memory = options.memory ?? 16;
    this.quantile = options.quantile ?? 1;
    this.initial = options.initial;
  }

  /** The plan for the next attempt, given the M in force. */
  plan(maxSteps: number): UnrollPlan {
    return (t, unit) => {
      const key = keyOf(t, unit);
      const extended = this.extended.get(key);
      if (extended !== undefined) return Math.min(maxSteps, extended);
      const seen = this.history.get(key);
      const predicted = seen ? quantileOf(seen, this.quantile) + this.margin : this.initial;
      return predicted === undefined ? maxSteps : Math.max(1, Math.min(maxSteps, predicted));
    };
  }

  /**
   * Learns from one attempt: `outcomes[t * units + u]`. Returns whether any position was cut short (then the
   * attempt must be discarded and redone; those positions run twice as many updates next time, at most M).
   */
  record(outcomes: readonly PositionOutcome[], units: number): boolean {
    let cut = false;
    outcomes.forEach(({ needed, cut: wasCut }, index) => {
      const key = keyOf(Math.floor(index / units), index % units);
      if (wasCut) {
        cut = true;
        // A cut position needed more than its unroll, which is what its rows ran: `needed`.
        this.extended.set(key, 2 * needed);
        return;
      }
      this.extended.delete(key);
      const seen = this.history.get(key) ?? [];
      seen.push(needed);
      if (seen.length > this.memory) seen.shift();
      this.history.set(key, seen);
    });
    return cut;
  }
}

const keyOf = (t: number, unit: number): string => `${t}/${unit}`;

/** The q-quantile of the needs (nearest rank from below: q = 1 the largest, 0.5 the median of an odd count). */
function quantileOf(needs: readonly number[], q: number): number {
  const sorted = [...needs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

/** Reads the [positions × 2] values (needed, still running at the cut) the forward pass packed, in order. */
export function positionOutcomes(values: ArrayLike<number>, offset: number, positions: number): PositionOutcome[] {
  return Array.from({ length: positions }, (_, i) => ({ needed: values[offset + 2 * i], cut: values[offset + 2 * i + 1] > 0 }));
}
