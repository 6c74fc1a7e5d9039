/**
 * Adaptive Computation Time around any cell (Graves 2016, section 2; ../shared/spec/act.md).
 *
 * Gradient notes, because this is where implementations go wrong:
 * - which ponder step is the last one is decided with comparisons, which carry no gradient;
 * - the running sum `cum` of halting units stays differentiable, and p^N is built as 1 − cum, so the halting
 *   units before N get ∂P/∂h = −1 and the last halting unit gets no gradient at all;
 * - halted rows contribute nothing to any accumulator; they are carried along masked, or with `haltCheck:
 *   'compact'` left out of the updates (runningRows.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { pausePoint } from './pausePoint';
import { composedHaltingUpdate, ponderStep, type PonderStep, type PonderStepValues, type HaltingWeights } from './haltingUpdate';
import { haltingFromProduct } from './haltingSigmoid';
import { matMulKernel } from './linear';
import type { Cell } from './cells/cell';
import type { NamedVariable } from './init';
import { glorotUniform, makeVariable } from './init';
import type { Rng } from './random';
import { canMoveRows, pickRowsOfEach, RunningRows } from './runningRows';
import { untracedAlias } from './tapeSaves';

export type HaltCheck = 'readback' | 'compact' | 'none';

/** C: the loop carry of the method that runs (each position's carry is made and read by that same method). */
export interface PonderSettings<C extends LoopCarry = LoopCarry> {
  /** Halting threshold ε: stop once the halting units sum to at least 1 − ε. */
  eps: number;
  /** M, the most updates per input step. */
  maxSteps: number;
  /**
   * `readback`: stop as soon as no row runs (one read of the [batch] running flags per ponder step); `compact`:
   * the same, and each update is computed on the rows still running only (runningRows.ts; ACT's loop, where
   * nothing observes its steps and it is not cut short); `none`: always run M steps.
   */
  haltCheck: HaltCheck;
  /**
   * Speculative unrolling (speculation.ts): compute at most this many updates, without reading back. Rows may
   * still be running at such a cut; the result says so (`stillRunning`) and the trainer continues the pass.
   */
  unrollLimit?: number;
  /**
   * Speculative unrolling: go on from where an earlier pass over the same input step stopped (its cut), with what
   * the same method's loop handed `keepCarry` there.
   */
  resumeFrom?: C;
  /** Speculative unrolling: receives what the loop carries after its last update, to go on from there later. */
  keepCarry?(carry: C): void;
  /**
   * λ_z of the halting-logit penalty λ_z·Σ_n z_n² over the updates a row computes (z: the halting unit's input to
   * its sigmoid); 0 or absent: off. Not in the paper: it keeps the halting unit out of the sigmoid's flat ends.
   */
  haltPenalty?: number;
  /** m: the penalty acts only beyond |z| > m, λ_z·Σ_n max(|z_n| − m, 0)²; 0 or absent: on every z. */
  haltMargin?: number;
}

/** Halting unit h = σ(W_h s + b_h) reading the whole state; b_h starts at +1 (the paper) unless told otherwise. */
export interface HaltingUnit {
  kernel: NamedVariable;
  bias: NamedVariable;
}

export const HALTING_BIAS_INIT = 1;

export function haltingUnit(rng: Rng, prefix: string, stateWidth: number, initialBias = HALTING_BIAS_INIT): HaltingUnit {
  return {
    kernel: makeVariable(`${prefix}/kernel`, [stateWidth, 1], glorotUniform(rng, stateWidth, 1)),
    bias: makeVariable(`${prefix}/bias`, [1], new Float32Array([initialBias])),
  };
}

/** The halting unit's answer for every row [batch]: h^n = σ(z^n), and z^n itself. */
export interface Halting {
  halting: tf.Tensor1D;
  logit: tf.Tensor1D;
}

/**
 * The halting unit applied to the whole state (every state tensor side by side) [batch, Σ widths]. A unit made
 * by haltingFunction also carries its weights, so that ACT's ponder step can run it inside its one kernel.
 */
export type HaltFunction = ((wholeState: tf.Tensor2D) => Halting) & { weights?: HaltingWeights };

export function haltingFunction(unit: HaltingUnit): HaltFunction {
  const weights = { kernel: unit.kernel.variable as tf.Tensor2D, bias: unit.bias.variable as tf.Tensor1D };
  return Object.assign((whole: tf.Tensor2D) => haltingFromProduct(matMulKernel(whole, weights.kernel), weights.bias), { weights });
}

/** One ponder step's halting unit and bookkeeping: in one kernel where the unit's weights are known, else the unit then the ops. */
function haltAndUpdate(halt: HaltFunction, values: PonderStepValues, threshold: number, last: boolean): PonderStep {
  if (halt.weights) return ponderStep(values, halt.weights, threshold, last);
  const { halting, logit } = halt(values.whole);
  return { ...composedHaltingUpdate({ ...values, halting }, threshold, last), halting, logit };
}

/** What one ponder step did, for traces. The tensors die with the caller's tidy unless the observer keeps them. */
export interface PonderStepRecord {
  /** 1-based ponder step. */
  n: number;
  /** Rows still running when this step started (1/0). */
  running: tf.Tensor1D;
  halting: tf.Tensor1D;
  probability: tf.Tensor1D;
  /** Σ of halting units of the rows that continue, after this step. */
  cumulative: tf.Tensor1D;
  /** The cell's output (top layer's h) after this update. */
  output: tf.Tensor2D;
  /** The cell's whole state after this update (rows that halted before this step ride along: ignore them). */
  state: tf.Tensor2D[];
}

export type PonderObserver = (record: PonderStepRecord) => void;

export interface PonderResult {
  /** The mean-field state Σ_n p^n s^n, every state tensor. */
  state: tf.Tensor2D[];
  /** N(t) per row. */
  steps: tf.Tensor1D;
  /** R(t) per row. */
  remainder: tf.Tensor1D;
  /** ρ(t) = N(t) + R(t) per row. */
  cost: tf.Tensor1D;
  /** Cell updates run: the loop's length (halted rows ride along, unless `compact` leaves them out). */
  updates: number;
  /** The work of those updates, counted in whole batches: Σ over updates of the rows computed / batch. */
  work: number;
  /** Rows still running after the last update computed (1/0): all 0 unless an unroll limit cut them short. */
  stillRunning: tf.Tensor1D;
  /** Σ_n max(|z_n| − m, 0)² over the updates each row computed (m = 0: Σ_n z_n²), when `haltPenalty` is on (else absent). */
  logitSquares?: tf.Tensor1D;
}

/** One input step's cell input, projected, with ACT's flag: 1 on the first ponder step, 0 on the later ones. */
export interface FlaggedInput {
  first: tf.Tensor2D;
  later: tf.Tensor2D;
}

/**
 * The flag's row w of the cell's input kernel [1, projected width]. The projection is affine, so
 * [x, 1]·W + b = ([x, 0]·W + b) + w, and w = proj(e_flag) − proj(0): taken from the cell itself, so any cell
 * works and its weights stay its own. Probed once per forward pass and shared by every input step.
 */
export function flagRow(cell: Cell): tf.Tensor2D {
  const probe = tf.concat([tf.fill([2, cell.inputSize - 1], 0), tf.tensor2d([[1], [0]])], 1) as tf.Tensor2D;
  const [flagOn, flagOff] = tf.split(cell.projectInput(probe), 2, 0);
  return tf.sub(flagOn, flagOff);
}

/**
 * The cell inputs of several input steps, projected in one matMul (one large matMul and one weight gradient
 * instead of one per step). With the flag's row (ACT), the flag column is appended as 0 and the first ponder
 * step's input adds the row: only batch rows per step, not 2·batch. Without it (no ACT), first = later.
 */
export function projectSteps(cell: Cell, xs: tf.Tensor2D[], flag?: tf.Tensor2D): FlaggedInput[] {
  const stacked = xs.length === 1 ? xs[0] : (tf.concat(xs, 0) as tf.Tensor2D);
  const input = flag ? (tf.concat([stacked, tf.fill([stacked.shape[0], 1], 0)], 1) as tf.Tensor2D) : stacked;
  return splitRows(cell.projectInput(input), xs).map((later) => ({
    first: flag ? (tf.add(later, flag) as tf.Tensor2D) : later,
    later,
  }));
}

/**
 * Splits rows stacked from `parts` back into one tensor per part. (TF.js's split-into-one-part has a broken
 * gradient: the tape hands its gradient a lone tensor where it expects a list.)
 */
function splitRows(stacked: tf.Tensor2D, parts: tf.Tensor2D[]): tf.Tensor2D[] {
  if (parts.length === 1) return [stacked];
  return tf.split(stacked, parts.map((part) => part.shape[0]), 0) as tf.Tensor2D[];
}

/**
 * Whether the ponder loop may stop after update n: every row has halted. One read-back of the [batch] flags (read
 * whole rather than reduced first: a kernel fewer per update), made only on backends that allow it (`readback`;
 * never on WebGPU, where training unrolls speculatively, speculation.ts, and other passes run all M updates) and
 * never after the last.
 */
export function everyRowHalted(n: number, running: tf.Tensor1D, settings: PonderSettings): boolean {
  return readRunning(n, running, settings)?.every((flag) => flag === 0) ?? false;
}

/** The running flags read back after update n, where the loop may stop there; undefined where it does not read. */
function readRunning(n: number, running: tf.Tensor1D, settings: PonderSettings): Float32Array | undefined {
  if (n >= settings.maxSteps || settings.haltCheck === 'none') return undefined;
  return running.dataSync() as Float32Array;
}

/** The most updates the ponder loop computes: M, or a shorter speculative unroll. */
export function unrollLength(settings: PonderSettings): number {
  return Math.min(settings.unrollLimit ?? settings.maxSteps, settings.maxSteps);
}

/**
 * What a halting method's loop carries from one update to the next, after update n (with the input it ponders
 * on): a speculative pass cut short goes on from here, exactly as if the loop had not stopped. Each method that
 * halts extends it with its own sums.
 */
export interface LoopCarry {
  n: number;
  input: FlaggedInput;
  state: tf.Tensor2D[];
}

/** ACT's loop carry. */
export interface PonderCarry extends LoopCarry {
  meanField: tf.Tensor2D;
  cumulative: tf.Tensor1D;
  running: tf.Tensor1D;
  steps: tf.Tensor1D;
  runningLogits?: tf.Tensor1D[];
}

/**
 * One input step of ACT: ponder on the projected input from `initial` and return the mean-field state and the
 * ponder numbers (`updates`: those computed by this call, after `settings.resumeFrom`'s if it goes on from one).
 */
export function ponder(
  cell: Cell,
  halt: HaltFunction,
  flaggedInput: FlaggedInput,
  initial: tf.Tensor2D[],
  settings: PonderSettings<PonderCarry>,
  observe?: PonderObserver,
): PonderResult {
  const resume = settings.resumeFrom;
  const input = resume?.input ?? flaggedInput;
  const batch = input.later.shape[0];
  const threshold = 1 - settings.eps;
  let state = resume?.state ?? initial;
  // The mean field is kept over the whole state (one tensor, split once at the end): fewer ops per update.
  let meanField: tf.Tensor2D = resume?.meanField ?? tf.fill([batch, cell.stateWidths.reduce((a, b) => a + b, 0)], 0);
  let cumulative: tf.Tensor1D = resume?.cumulative ?? tf.fill([batch], 0);
  let running: tf.Tensor1D = resume?.running ?? tf.fill([batch], 1);
  let steps: tf.Tensor1D = resume?.steps ?? tf.fill([batch], 0);
  // The halting-logit penalty's z of the rows still running, per update: squared and summed once after the loop.
  const runningLogits: tf.Tensor1D[] | undefined = settings.haltPenalty ? [...(resume?.runningLogits ?? [])] : undefined;
  const resumedAt = resume?.n ?? 0;
  let updates = resumedAt;
  // The rows each update is computed on, where the loop leaves out halted rows (`state` then holds those rows only).
  const computed = settings.haltCheck === 'compact' && canMoveRows() && !observe && !settings.keepCarry && !settings.unrollLimit && !resume
    ? new RunningRows(batch)
    : undefined;
  let rowsComputed = 0;
  for (let n = resumedAt + 1; n <= unrollLength(settings); n++) {
    updates = n;
    const projected = n === 1 ? input.first : (computed?.inputOf(input.later) ?? input.later);
    rowsComputed += projected.shape[0];
    const stepped = cell.stepWhole?.(projected, state);
    state = pausePoint(stepped?.state ?? cell.step(projected, state));
    const wholeOfRows = stepped?.whole ?? (state.length === 1 ? state[0] : (tf.concat(state, 1) as tf.Tensor2D));
    const whole = computed ? computed.toWholeBatch(wholeOfRows) : wholeOfRows;
    // p^n = h^n while the row continues; the remainder 1 − Σ_{n'<n} h^{n'} at its last step; 0 once halted.
    const last = n === settings.maxSteps;
    const update = haltAndUpdate(halt, { running, cumulative, meanField, steps, whole }, threshold, last);
    const { halting, logit } = update;
    runningLogits?.push(tf.mul(running, logit));
    ({ meanField, cumulative } = update);
    // The running flags and the counts N carry no gradient (comparisons, and counts of them); as untraced aliases
    // the tape does not follow their chains through every update (a zero gradient and an addition each, for nothing).
    steps = untracedAlias(update.steps);
    observe?.({ n, running, halting, probability: update.probability, cumulative, output: cell.output(state), state });
    running = untracedAlias(update.carryOn);
    const runningFlags = readRunning(n, running, settings);
    if (runningFlags?.every((flag) => flag === 0)) break;
    const narrowing = runningFlags && computed?.narrow(runningFlags);
    if (narrowing) state = pickRowsOfEach(state, narrowing);
  }
  settings.keepCarry?.({ n: updates, input, state, meanField, cumulative, running, steps, runningLogits: runningLogits && [...runningLogits] });
  // Once a row halts its running sum stops growing, so it ends as Σ_{n<N} h^n and R = 1 − that sum.
  const remainder: tf.Tensor1D = tf.sub(1, cumulative);
  const meanState = cell.stateWidths.length === 1 ? [meanField] : (tf.split(meanField, [...cell.stateWidths], 1) as tf.Tensor2D[]);
  const logitSquares = runningLogits && penalisedSquares(tf.stack(runningLogits) as tf.Tensor2D, settings.haltMargin ?? 0);
  return { state: meanState, steps, remainder, cost: tf.add(steps, remainder), updates: updates - resumedAt, work: rowsComputed / batch, stillRunning: running, logitSquares };
}

/** Σ over updates of max(|z| − m, 0)² per row, for z [updates, batch] (z² itself where m = 0). */
function penalisedSquares(logits: tf.Tensor2D, margin: number): tf.Tensor1D {
  const beyond = margin > 0 ? tf.relu(tf.sub(tf.abs(logits), margin)) : logits;
  return tf.sum(tf.square(beyond), 0) as tf.Tensor1D;
}
