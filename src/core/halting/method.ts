/**
 * How long to think and how to combine the updates: the one interface every halting method implements (ACT,
 * PonderNet, fixed repetition, none). The model runs a method per input step and per ponder unit; it never asks
 * which method runs. A method owns three things:
 * - the state carried to the next input step (ACT and PonderNet: the p-weighted state; repeat: the last one);
 * - the candidate outputs that the loss scores, each with a weight per row (ACT: one, its mean field, weight 1;
 *   PonderNet: every ponder step's output weighted by p_n);
 * - its own regulariser per row, already multiplied by its coefficient (ACT τ·ρ, PonderNet β·KL, else 0).
 */
import type * as tf from '@tensorflow/tfjs';
import type { FieldMap } from '../../config/fields';
import type { FlaggedInput, HaltFunction, LoopCarry, PonderObserver, PonderSettings } from '../act';
import type { Cell } from '../cells/cell';
import type { Continuation, UnrollPlan } from '../speculation';

/** The settings every method reads (the live ones act from the next training step). */
export interface HaltingSettings<C extends LoopCarry = LoopCarry> extends PonderSettings<C> {
  /** Speculative unrolling while training (speculation.ts): the unroll limit of each input step and unit. */
  unroll?: UnrollPlan;
  /** Speculative unrolling: what earlier passes of this training step computed, to go on from their first cut. */
  continuation?: Continuation;
  /** ACT's time penalty τ. */
  tau: number;
  /** PonderNet's KL weight β. */
  beta: number;
  /** PonderNet's geometric prior λ_p (expected steps 1/λ_p). */
  lambdaP: number;
  /** Fixed repetition's updates per input step ρ. */
  repeats: number;
}

/** One output the loss scores: a state whose output goes through the head, weighted per row (absent: 1). */
export interface Candidate {
  weight?: tf.Tensor1D;
  state: tf.Tensor2D[];
}

/** What one input step of one ponder unit produced. */
export interface InputStepOutcome {
  /** Carried to the next input step, and what the next layer reads when each layer ponders. */
  state: tf.Tensor2D[];
  /** Scored by the loss (only the top unit's reach the head); their weights sum to 1 per row. */
  candidates: Candidate[];
  /** The method's regulariser per row, coefficient included. */
  regulariser: tf.Tensor1D;
  /** Ponder as reported: ACT N(t), PonderNet Σ n·p_n, repeat ρ, none 1 — per row. */
  ponder: tf.Tensor1D;
  /** Updates actually computed for each row (N(t); ρ; 1). */
  steps: tf.Tensor1D;
  /** p at the last step computed (ACT: R(t); fixed repetition: 1), per row. For traces. */
  remainder: tf.Tensor1D;
  /** Cell updates computed for the whole batch (halted rows ride along until every row halts). */
  updates: number;
  /** Their work in whole batches where some left out halted rows (ACT's `compact` loop); absent: `updates`. */
  work?: number;
  /** Methods that halt: rows still running after the last update computed (see PonderSettings.unrollLimit). */
  stillRunning?: tf.Tensor1D;
}

export interface PonderArgs<C extends LoopCarry = LoopCarry> {
  cell: Cell;
  /** The halting unit (methods with `haltingUnit`). */
  halt?: HaltFunction;
  input: FlaggedInput;
  initial: tf.Tensor2D[];
  settings: HaltingSettings<C>;
  observe?: PonderObserver;
}

/**
 * A halting method as a plug-in: the registry (registry.ts) lists them; the config schema collects their
 * `options` (each field carries `halting: [ids]`, so it is shown and accepted only for those methods).
 */
/**
 * C: the carry of its ponder loop, when a speculative pass can go on from a cut (act.ts LoopCarry). The model
 * hands each position the carry the same method made there.
 */
export interface HaltingMethod<O extends FieldMap = FieldMap, C extends LoopCarry = LoopCarry> {
  id: string;
  label: string;
  description: string;
  /** The method's own config fields (shared ones, e.g. ε and M for every method with a halting unit, are core). */
  options: O;
  /** The option that tells its runs apart in comparisons and sweeps (ACT: tau), if any. */
  knob?: string;
  /** The cell reads a flag column: 1 on the first update of an input step, 0 on the others. */
  flag: boolean;
  /** Has a halting unit σ(W_h s + b_h) over the whole state (weights `halting/…`). */
  haltingUnit: boolean;
  ponder(args: PonderArgs<C>): InputStepOutcome;
}
