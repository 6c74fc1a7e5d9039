/**
 * Speculative unrolling of the ponder loop, for backends that must not read back synchronously (WebGPU) or
 * should not (WebGL), in training and in evaluations.
 *
 * The read-back mode stops each input step's ponder loop once every row has halted: one scalar read per ponder
 * step. Without that read the loop would run all M updates. Instead, each input step (and ponder unit) is unrolled
 * to a predicted length (UnrollPredictor: the expected-cost unroll from the needs of the last 16 training steps),
 * and after the forward pass the trainer reads back, once, how many updates each position needed and whether a
 * row was still running at the cut. If one was, the pass goes on from its first cut (Continuation): the positions
 * before it are taken as they are, the cut ponder loop continues from the update it stopped at, and only the
 * positions after it are computed again. The gradients are taken once, over the passes recorded in segments
 * (tapeSegments.ts), when a pass was not cut.
 *
 * Why this is exact: past the point where every row has halted, an update changes nothing — its halting
 * probability is exactly 0, so every accumulator (mean field, ponder cost, PonderNet's sums) gains exactly 0 and
 * every gradient it adds is exactly 0. A pass that was not cut short therefore has the read-back mode's loss; a
 * continued one computes the same values with the same operations, and its tape holds the same nodes in the same
 * order (what a cut pass computed after its cut is off the loss's path), so the gradients, weights and Adam
 * moments follow the read-back mode bit for bit (speculation.test.ts).
 */

import * as tf from '@tensorflow/tfjs';
import type { FlaggedInput, HaltCheck, LoopCarry } from './act';
import type { HaltingSettings, InputStepOutcome } from './halting/method';

/**
 * How the ponder loop learns where to stop in training and evaluation: it reads back after each update whether a
 * row still runs (`readback`), and then also computes each update on those rows only (`compact`), or it unrolls
 * to a prediction and reads back once after the pass (`speculative`).
 */
export type PonderUnroll = 'compact' | 'readback' | 'speculative';

/**
 * Speculative on the GPU backends: WebGPU does not allow a synchronous read-back, and on WebGL one stalls the GPU's
 * pipeline once per ponder step. WASM and CPU read back (microseconds each) and compact.
 */
export function defaultPonderUnroll(backend: string): PonderUnroll {
  if (backend === 'webgpu' || backend === 'webgl') return 'speculative';
  return backend === 'wasm' || backend === 'cpu' ? 'compact' : 'readback';
}

/**
 * The ponder loop's halt check for an unroll mode, given the backend's (`none` where it cannot read back; a
 * speculative pass sets `none` itself).
 */
export function haltCheckOf(unroll: PonderUnroll, backendCheck: HaltCheck): HaltCheck {
  if (backendCheck === 'none') return 'none';
  return unroll === 'compact' ? 'compact' : 'readback';
}

/** The unroll of one forward pass: how many updates at input step t of ponder unit u (undefined: M). */
export type UnrollPlan = (t: number, unit: number) => number | undefined;

export interface UnrollPredictorOptions {
  /** Updates added to the prediction (slack that saves cuts as the network learns to ponder longer). */
  margin?: number;
  /** How many recent training steps the prediction is taken over. */
  memory?: number;
  /**
   * Predict this quantile of the recent needs (1 the largest, 0.5 the median) instead of the expected-cost
   * unroll (below).
   */
  quantile?: number;
  /**
   * What a cut costs besides the updates it throws away, in cell updates: the extra read-back and the work after
   * the loop that a continued pass computes again. The expected-cost unroll weighs it against unrolling further.
   */
  cutCost?: number;
  /** The unroll of a position never seen yet (undefined: M, which cannot be cut short). */
  initial?: number;
  /** A cut position that needed more than any recent step goes on to this many times its cut (at least one more update). */
  growth?: number;
}

/** What the trainer read back for one position: updates needed (max over rows) and whether it was cut short. */
export interface PositionOutcome {
  needed: number;
  cut: boolean;
}

/**
 * Predicts each position's unroll from the updates it needed in the last `memory` steps.
 *
 * The expected-cost unroll (the default): position i unrolled to u costs u updates, and with the probability
 * that it needs more (the share of its recent needs above u) a cut, which throws away what the pass computed
 * after position i (the unrolls planned for the later positions, D) and costs `cutCost` more. The plan takes the u
 * among the recent needs that minimises u + P(need > u) · (D + cutCost), from the last position back. One input
 * step (parity) is unrolled low, to about its typical need, since a cut there wastes nothing (the pass goes on
 * from it); the early steps of a long sequence, whose cut would throw away the rest, are unrolled to about their
 * largest recent need. A cut position goes on the same way, among the recent needs above its cut.
 */
export class UnrollPredictor {
  readonly margin: number;
  readonly memory: number;
  readonly quantile?: number;
  readonly cutCost: number;
  readonly initial?: number;
  readonly growth: number;
  /** Ponder units per input step (positions are t · units + u), as the last recorded pass had. */
  private units = 1;
  /** Per position, the needs of recent steps (newest last). */
  private readonly history = new Map<number, number[]>();
  /** Positions cut short in the pass just made, with the unroll they were cut at. */
  private readonly cuts = new Map<number, number>();

  constructor(options: UnrollPredictorOptions = {}) {
    this.margin = options.margin ?? 0;
    this.memory = options.memory ?? 16;
    this.quantile = options.quantile;
    this.cutCost = options.cutCost ?? 4;
    this.initial = options.initial;
    this.growth = options.growth ?? 2;
  }

  /** The plan for the next pass, given the M in force. */
  plan(maxSteps: number): UnrollPlan {
    const planned = new Map<number, number>();
    let later = 0;
    for (const position of [...this.history.keys(), ...this.cuts.keys()].sort((a, b) => b - a)) {
      if (planned.has(position)) continue;
      const unroll = Math.max(1, Math.min(maxSteps, this.predict(position, later)));
      planned.set(position, unroll);
      later += unroll;
    }
    const fresh = this.initial === undefined ? maxSteps : Math.max(1, Math.min(maxSteps, this.initial));
    return (t, unit) => planned.get(t * this.units + unit) ?? fresh;
  }

  /** One position's unroll, with `later` updates planned after it in the pass. */
  private predict(position: number, later: number): number {
    const seen = this.history.get(position) ?? [];
    const cutAt = this.cuts.get(position);
    if (cutAt === undefined) return (this.quantile === undefined ? this.cheapest(seen, later) : quantileOf(seen, this.quantile)) + this.margin;
    const above = seen.filter((needed) => needed > cutAt);
    if (above.length === 0) return Math.max(cutAt + 1, Math.ceil(this.growth * cutAt));
    return this.quantile === undefined ? this.cheapest(above, later) : quantileOf(above, this.quantile);
  }

  /** The recent need u that minimises u + P(need > u) · (later + cutCost). */
  private cheapest(needs: readonly number[], later: number): number {
    let best = Infinity;
    let bestCost = Infinity;
    for (const unroll of needs) {
      const cost = unroll + (needs.filter((needed) => needed > unroll).length / needs.length) * (later + this.cutCost);
      if (cost < bestCost || (cost === bestCost && unroll < best)) [best, bestCost] = [unroll, cost];
    }
    return best;
  }

  /** Learns from one forward pass: `outcomes[t * units + u]`. */
  record(outcomes: readonly PositionOutcome[], units: number): void {
    this.units = units;
    outcomes.forEach(({ needed, cut }, position) => {
      if (cut) {
        // A cut position needed more than its unroll, which is what its rows ran: `needed`.
        this.cuts.set(position, needed);
        return;
      }
      this.cuts.delete(position);
      const seen = this.history.get(position) ?? [];
      seen.push(needed);
      if (seen.length > this.memory) seen.shift();
      this.history.set(position, seen);
    });
  }
}

/** The q-quantile of the needs (nearest rank from below: q = 1 the largest, 0.5 the median of an odd count). */
function quantileOf(needs: readonly number[], q: number): number {
  const sorted = [...needs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

/** Reads the [positions × 2] values (needed, still running at the cut) the forward pass packed, in order. */
export function positionOutcomes(values: ArrayLike<number>, offset: number, positions: number): PositionOutcome[] {
  return Array.from({ length: positions }, (_, i) => ({ needed: values[offset + 2 * i], cut: values[offset + 2 * i + 1] > 0 }));
}

/** One speculative forward pass: what its caller keeps, the pass's unroll checks (ForwardResult.unrolled), and how to free both. */
export interface SpeculativePass<T> {
  result: T;
  unrolled?: tf.Tensor1D;
  dispose(): void;
}

/**
 * Forward passes unrolled as `predictor` plans, each continued by the next from its first cut, until one is not
 * cut short (its checks read back, without blocking, after each pass): that pass's result, and how many were cut.
 * `run` makes one pass with the settings it is handed (the unroll plan and the Continuation added to `settings`).
 */
export async function speculate<T>(predictor: UnrollPredictor, settings: HaltingSettings, units: number, run: (settings: HaltingSettings) => SpeculativePass<T>): Promise<{ result: T; cuts: number }> {
  const continuation = new Continuation();
  try {
    for (let cuts = 0; ; cuts++) {
      const pass = run({ ...settings, haltCheck: 'none', unroll: predictor.plan(settings.maxSteps), continuation });
      if (!pass.unrolled) return { result: pass.result, cuts };
      let checks: Float32Array | Int32Array | Uint8Array;
      try {
        checks = await pass.unrolled.data();
      } catch (error) {
        pass.dispose();
        throw error;
      }
      const outcomes = positionOutcomes(checks, 0, checks.length / 2);
      predictor.record(outcomes, units);
      const firstCut = outcomes.findIndex(({ cut }) => cut);
      if (firstCut < 0) {
        pass.unrolled.dispose();
        return { result: pass.result, cuts };
      }
      pass.dispose();
      continuation.cutAt(firstCut);
    }
  } finally {
    continuation.dispose();
  }
}

/** The flag rows of each ponder unit (ACT-like methods) and the first unit's projected inputs, per input step. */
export interface Projections {
  flagRows: (tf.Tensor2D | undefined)[];
  firstUnitInputs: FlaggedInput[];
}

/** What a forward pass computed for one input step of one ponder unit: the method's outcome and the unit's output. */
export interface PositionRecord {
  outcome: InputStepOutcome;
  output: tf.Tensor2D;
  /** Speculative unrolling with a method that halts: [updates needed (max over rows), 1 if a row still ran at the cut]. */
  unrollCheck?: tf.Tensor1D;
}

/**
 * What the forward passes of one speculative step (training or evaluation) hand on to each other. A pass cut
 * short at position `firstCut` (t · units + u, the first where a row still ran at the unroll) was exact before it:
 * the next pass takes those positions' results as they are, goes on at `firstCut` from where its ponder loop
 * stopped (ACT's and PonderNet's LoopCarry), and computes the positions after it afresh. Every tensor kept here
 * lives until the step is done (`dispose`).
 */
export class Continuation {
  private firstCut = 0;
  private projected?: Projections;
  private readonly records = new Map<number, PositionRecord>();
  private readonly carries = new Map<number, LoopCarry>();
  private readonly kept: tf.Tensor[] = [];

  /** The input projections the forward pass makes once from the batch and the weights: the first pass's. */
  projections(make: () => Projections): Projections {
    this.projected ??= this.keep(make());
    return this.projected;
  }

  /** The earlier pass's result at this position, when it is still exact (before the first cut). */
  reusable(position: number): PositionRecord | undefined {
    return position < this.firstCut ? this.records.get(position) : undefined;
  }

  /** Where the ponder loop at this position goes on from: the cut of the earlier pass, if it was the first. */
  resumeFrom(position: number): LoopCarry | undefined {
    return position === this.firstCut ? this.carries.get(position) : undefined;
  }

  /** A position's result computed by the pass now running. */
  keepRecord(position: number, record: PositionRecord): void {
    this.records.set(position, this.keep(record));
  }

  /** Where the ponder loop at this position stopped in the pass now running. */
  keepCarry(position: number, carry: LoopCarry): void {
    this.carries.set(position, this.keep(carry));
  }

  /** The pass just read back was cut short first at `position`: the next pass reuses everything before it. */
  cutAt(position: number): void {
    this.firstCut = position;
  }

  /** Frees every tensor kept for the passes of this step. */
  dispose(): void {
    tf.dispose(this.kept);
    this.kept.length = 0;
    this.projected = undefined;
    this.records.clear();
    this.carries.clear();
  }

  private keep<T>(value: T): T {
    collectTensors(value, this.kept);
    return value;
  }
}

/** Keeps (tf.keep) every tensor inside `value` (nested arrays and plain objects) and adds it to `into`. */
function collectTensors(value: unknown, into: tf.Tensor[]): void {
  if (value instanceof tf.Tensor) {
    into.push(tf.keep(value));
  } else if (Array.isArray(value)) {
    for (const item of value) collectTensors(item, into);
  } else if (value && typeof value === 'object') {
    for (const item of Object.values(value)) collectTensors(item, into);
  }
}
