/**
 * The network: recurrent layers, pondering as its halting method says (halting/), and an affine output head,
 * run over a whole sequence. Weight names (as saved): layer{l}/{cell}/…, halting/… (or layer{l}/halting/… when
 * each layer ponders; only methods with a halting unit), output/kernel [H, O], output/bias [O]. See docs/weights.md.
 */
import * as tf from '@tensorflow/tfjs';
import { matMulKernel } from './linear';
import type { FlaggedInput, HaltFunction, HaltingUnit, PonderObserver } from './act';
import type { PositionRecord, Projections } from './speculation';
import { flagRow, haltingFunction, haltingUnit, projectSteps } from './act';
import type { HaltingMethod, HaltingSettings, InputStepOutcome } from './halting/method';
import { getHaltingMethod } from './halting/registry';
import { mixedLogits, stepRows } from './head';
import type { Cell, CellOptions } from './cells/cell';
import { getCell } from './cells/registry';
import { stackCells } from './cells/stack';
import type { NamedVariable } from './init';
import { constantVector, kernel } from './init';
import type { Rng } from './random';
import type { HeadSpec } from './types';
import { logitWidth } from './types';

export interface ModelSpec {
  /** A cell plug-in id (cells/registry.ts). */
  cell: string;
  /** The cell's own config fields (empty for rnn/gru/lstm; absent in models saved before cells had options). */
  cellOptions?: CellOptions;
  inputSize: number;
  hidden: number;
  layers: number;
  /** A halting method id (halting/registry.ts): act, pondernet, repeat, none. */
  halting: string;
  /** Initial bias of the halting unit (absent in models saved before it was a setting: +1). */
  haltBias?: number;
  /** `stack`: one halting unit over all layers' state; `layer`: each layer ponders on its own. */
  ponderMode: 'stack' | 'layer';
  head: HeadSpec;
}

/** A cell plus, for methods that have one, the halting unit that decides how long it ponders. */
interface PonderUnit {
  cell: Cell;
  halt?: HaltFunction;
}

export interface ForwardObserver {
  /** Every ponder step of every unit (layer index 0 unless each layer ponders). */
  ponderStep?(t: number, unit: number, record: Parameters<PonderObserver>[0]): void;
  /** The outcome of each input step of each unit. */
  inputStep?(t: number, unit: number, result: InputStepOutcome): void;
  /** The state each unit ends input step t with (the method's carried state: ACT's mean field), for every method. */
  endState?(t: number, unit: number, state: tf.Tensor2D[]): void;
}

/** One output the loss scores at an input step: logits [batch, O] and a weight per row (absent: 1). */
export interface ScoredOutput {
  weight?: tf.Tensor1D;
  logits: tf.Tensor2D;
}

export interface ForwardResult {
  /** The prediction [steps, batch, logits]: the one scored output of each step, or the p-weighted mixture of several. */
  logits: tf.Tensor3D;
  /**
   * Where a step scores several weighted outputs (PonderNet), what the loss scores per step (the top unit's
   * candidates through the head): Σ weight · L(y, logits). Absent when each step has one output: the loss
   * then scores `logits`.
   */
  scored?: ScoredOutput[][];
  /** The method's regulariser (τ·P, β·KL, …) summed over the real steps of each sequence [batch] and units. */
  regulariser: tf.Tensor1D;
  /** Σ_t of the reported ponder over the real steps of each sequence [batch] (averaged over units). */
  ponderSteps: tf.Tensor1D;
  /** Σ_t of the updates actually computed for each row (N; ρ; 1) [batch] (averaged over units). */
  computedSteps: tf.Tensor1D;
  /**
   * The reported ponder at each step and pondering unit [steps · units, batch], step-major (row t · units + u);
   * padded steps hold what the loop computed there. Not averaged over units here: training never reads it, so the
   * evaluation averages on the host instead of every forward pass paying a reshape and a mean.
   */
  ponderRows: tf.Tensor2D;
  /** Cell updates run per unit, summed over input steps (each for the whole batch, or for its running rows). */
  updates: number[];
  /** The work of those updates per unit, in whole batches (InputStepOutcome.work): for FLOP counts. */
  work: number[];
  /** Every unit's state after `ForwardStart.keepStateAfter` steps, when asked for. */
  stateAfter?: tf.Tensor2D[][];
  /**
   * With a speculative unroll plan (settings.unroll) and a method that halts: per input step t and unit u (at
   * 2·(t·units + u)), the updates needed (max over rows) and 1 if a row was still running at the cut, else 0.
   */
  unrolled?: tf.Tensor1D;
}

/**
 * Training-time dropout on what the top layer hands the output head (never on the recurrent state, so halting
 * and the state the panels show are untouched). The mask comes from `seed`: the same seed gives the same mask.
 */
export interface OutputDropout {
  rate: number;
  seed: number;
}

/** Where a forward pass starts, for streaming training with truncation. */
export interface ForwardStart {
  /** Every unit's state tensors ([batch, width] each, see unitStateWidths); zeros when absent. */
  state?: tf.Tensor2D[][];
  /** Return the state after this many steps (1-based) as `stateAfter`. */
  keepStateAfter?: number;
}

export class ActModel {
  readonly spec: ModelSpec;
  readonly variables: readonly NamedVariable[];
  /** Width of what the top layer hands the output head (the h the panels show). */
  readonly outputSize: number;
  /** The cells that ponder as one, each with its own halting unit: one (a stack) unless each layer ponders. */
  readonly ponderingCells: readonly Cell[];
  private readonly method: HaltingMethod;
  private readonly units: PonderUnit[];
  private readonly outputKernel: NamedVariable;
  private readonly outputBias: NamedVariable;

  constructor(spec: ModelSpec, rng: Rng) {
    this.spec = spec;
    this.method = getHaltingMethod(spec.halting);
    const flag = this.method.flag ? 1 : 0;
    const plugin = getCell(spec.cell);
    const cells: Cell[] = [];
    const threadWidth = stackThreadWidth(spec);
    for (let l = 0; l < spec.layers; l++) {
      // With one ponder unit per layer, every layer gets its own flag; in a pondering stack only the first.
      const ownFlag = l === 0 || spec.ponderMode === 'layer' ? flag : 0;
      const inputSize = (l === 0 ? spec.inputSize : cells[l - 1].outputSize) + ownFlag;
      const prefix = `layer${l}/${spec.cell}`;
      cells.push(plugin.create({ rng, prefix, inputSize, hiddenSize: spec.hidden, options: spec.cellOptions ?? {}, threadWidth }));
    }
    const halting: HaltingUnit[] = [];
    const withHalting = (cell: Cell, prefix: string): PonderUnit => {
      if (!this.method.haltingUnit) return { cell };
      const unit = haltingUnit(rng, prefix, sum(cell.stateWidths), spec.haltBias);
      halting.push(unit);
      return { cell, halt: haltingFunction(unit) };
    };
    this.units = this.method.flag && spec.ponderMode === 'layer'
      ? cells.map((cell, l) => withHalting(cell, `layer${l}/halting`))
      : [withHalting(stackCells(cells, threadWidth > 0), 'halting')];
    this.ponderingCells = this.units.map((unit) => unit.cell);
    this.outputSize = cells[cells.length - 1].outputSize;
    this.outputKernel = kernel(rng, 'output/kernel', this.outputSize, logitWidth(spec.head));
    this.outputBias = constantVector('output/bias', logitWidth(spec.head));
    this.variables = [
      ...cells.flatMap((cell) => cell.variables),
      ...halting.flatMap((unit) => [unit.kernel, unit.bias]),
      this.outputKernel,
      this.outputBias,
    ];
  }

  /** The widths of each ponder unit's state tensors: the shape of `ForwardStart.state` and `ForwardResult.stateAfter`. */
  get unitStateWidths(): number[][] {
    return this.units.map(({ cell }) => [...cell.stateWidths]);
  }

  /**
   * Runs the sequences (one [batch, input] tensor per step; stepMask one [batch] per step) from a zero state, or
   * from `start.state` (streaming training: the state carried from the previous chunk, a constant here).
   */
  forward(xs: tf.Tensor2D[], masks: tf.Tensor1D[], settings: HaltingSettings, traceObserver?: ForwardObserver, start?: ForwardStart, dropout?: OutputDropout): ForwardResult {
    // A method that never updates more than once per input step (no flag) has no pondering to trace: only the
    // state each input step ends with (the state views) is observed.
    const observer: ForwardObserver | undefined = this.method.flag ? traceObserver : traceObserver?.endState && { endState: traceObserver.endState };
    const steps = xs.length;
    const batch = xs[0].shape[0];
    let states = start?.state ?? this.units.map((unit) => unit.cell.stateWidths.map((width) => tf.fill([batch, width], 0) as tf.Tensor2D));
    let stateAfter: tf.Tensor2D[][] | undefined;
    const candidatesByStep: InputStepOutcome['candidates'][] = [];
    // Per input step and unit, summed over the steps once at the end (three ops, not three per step).
    const perStep: Record<'regulariser' | 'ponder' | 'steps' | 'mask', tf.Tensor1D[]> = { regulariser: [], ponder: [], steps: [], mask: [] };
    const updates = this.units.map(() => 0);
    const work = this.units.map(() => 0);
    const unrolled: tf.Tensor1D[] = [];
    const { continuation } = settings;
    const project = (): Projections => {
      const flagRows = this.units.map(({ cell }) => (this.method.flag ? flagRow(cell) : undefined));
      // The first unit reads the sequence itself: every step's input is projected at once.
      return { flagRows, firstUnitInputs: projectSteps(this.units[0].cell, xs, flagRows[0]) };
    };
    // A speculative pass that goes on from an earlier one's cut uses that pass's projections (values and tape nodes).
    const { flagRows, firstUnitInputs } = continuation ? continuation.projections(project) : project();
    const top = this.units.length - 1;
    for (let t = 0; t < steps; t++) {
      let input = xs[t];
      let candidates: InputStepOutcome['candidates'] = [];
      states = states.map((state, u) => {
        const position = t * this.units.length + u;
        const reused = continuation?.reusable(position);
        const record = reused ?? this.ponderAt(t, u, state, input, firstUnitInputs, flagRows[u], settings, observer);
        if (!reused) continuation?.keepRecord(position, record);
        const { outcome } = record;
        if (record.unrollCheck) unrolled.push(record.unrollCheck);
        observer?.inputStep?.(t, u, outcome);
        observer?.endState?.(t, u, outcome.state);
        updates[u] += reused ? 0 : outcome.updates;
        work[u] += reused ? 0 : (outcome.work ?? outcome.updates);
        perStep.regulariser.push(outcome.regulariser);
        perStep.ponder.push(outcome.ponder);
        perStep.steps.push(outcome.steps);
        perStep.mask.push(masks[t]);
        input = record.output;
        if (u === top) candidates = outcome.candidates;
        return outcome.state;
      });
      candidatesByStep.push(candidates);
      if (t + 1 === start?.keepStateAfter) stateAfter = states;
    }
    const mask = stepRows(perStep.mask);
    const overRealSteps = (values: tf.Tensor1D[]) => tf.sum(tf.mul(stepRows(values), mask), 0) as tf.Tensor1D;
    const regulariser = overRealSteps(perStep.regulariser);
    const ponderRows = stepRows(perStep.ponder);
    let ponderSteps = tf.sum(tf.mul(ponderRows, mask), 0) as tf.Tensor1D;
    let computedSteps = overRealSteps(perStep.steps);
    if (this.units.length > 1) {
      ponderSteps = tf.div(ponderSteps, this.units.length);
      computedSteps = tf.div(computedSteps, this.units.length);
    }
    const unrollChecks = unrolled.length > 0 ? (tf.concat(unrolled) as tf.Tensor1D) : undefined;
    return { ...this.predictions(candidatesByStep, dropout), regulariser, ponderSteps, computedSteps, ponderRows, updates, work, stateAfter, unrolled: unrollChecks };
  }

  /** Unit u's method at input step t, from `state`, on `input` (what the unit below handed up, or the sequence's). */
  private ponderAt(t: number, u: number, state: tf.Tensor2D[], input: tf.Tensor2D, firstUnitInputs: FlaggedInput[], flag: tf.Tensor2D | undefined, settings: HaltingSettings, observer?: ForwardObserver): PositionRecord {
    const { cell, halt } = this.units[u];
    const projected = u === 0 ? firstUnitInputs[t] : projectSteps(cell, [input], flag)[0];
    const observe: PonderObserver | undefined = observer?.ponderStep && ((record) => observer.ponderStep!(t, u, record));
    const outcome = this.method.ponder({ cell, halt, input: projected, initial: state, settings: this.positionSettings(t, u, settings), observe });
    const unrollCheck = settings.unroll && outcome.stillRunning ? (tf.stack([tf.max(outcome.steps), tf.max(outcome.stillRunning)]) as tf.Tensor1D) : undefined;
    return { outcome, output: cell.output(outcome.state), unrollCheck };
  }

  /** The settings of one input step and unit: its speculative unroll, and where it goes on from a cut pass. */
  private positionSettings(t: number, u: number, settings: HaltingSettings): HaltingSettings {
    const unrollLimit = settings.unroll?.(t, u);
    if (unrollLimit === undefined) return settings;
    const { continuation } = settings;
    if (!continuation) return { ...settings, unrollLimit };
    const position = t * this.units.length + u;
    return { ...settings, unrollLimit, resumeFrom: continuation.resumeFrom(position), keepCarry: (carry) => continuation.keepCarry(position, carry) };
  }

  /**
   * The head on every step's outputs. With one output per step, all steps go through the head as one matMul
   * (one weight gradient, one loss over [steps·batch] rows, instead of a dozen small ops per step).
   */
  private predictions(candidatesByStep: InputStepOutcome['candidates'][], dropout?: OutputDropout): Pick<ForwardResult, 'logits' | 'scored'> {
    const topCell = this.units[this.units.length - 1].cell;
    if (candidatesByStep.every((candidates) => candidates.length === 1 && !candidates[0].weight)) {
      const outputs = candidatesByStep.map(([{ state }]) => topCell.output(state));
      const [batch] = outputs[0].shape;
      const logits = this.head(withDropout(outputs.length === 1 ? outputs[0] : (tf.concat(outputs, 0) as tf.Tensor2D), dropout, 'steps'));
      return { logits: tf.reshape(logits, [outputs.length, batch, logits.shape[1]]) };
    }
    const scored = candidatesByStep.map((candidates, t) => candidates.map(({ weight, state }, n) => ({ weight, logits: this.head(withDropout(topCell.output(state), dropout, `${t}/${n}`)) })));
    const mixed = scored.map((outputs) => (outputs.length === 1 && !outputs[0].weight ? outputs[0].logits : mixedLogits(this.spec.head, outputs)));
    return { logits: tf.stack(mixed) as tf.Tensor3D, scored };
  }

  private head(output: tf.Tensor2D): tf.Tensor2D {
    return tf.add(matMulKernel(output, this.outputKernel.variable), this.outputBias.variable);
  }

  dispose(): void {
    for (const { variable } of this.variables) variable.dispose();
  }
}

const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);

/** `output` through dropout (inverted: kept units scaled by 1/(1 − rate)); `key` tells apart the masks of one pass. */
function withDropout(output: tf.Tensor2D, dropout: OutputDropout | undefined, key: string): tf.Tensor2D {
  if (!dropout || dropout.rate <= 0) return output;
  return tf.dropout(output, dropout.rate, undefined, `${dropout.seed}/${key}`) as tf.Tensor2D;
}

/**
 * The width of what a stack threads between its layers (Cell.thread; the aLSTM's z): the plugin's, when several
 * layers update as one stack; 0 for one layer, for cells that thread nothing, and when each layer ponders alone.
 */
export function stackThreadWidth(spec: Pick<ModelSpec, 'cell' | 'cellOptions' | 'layers' | 'halting' | 'ponderMode'>): number {
  const plugin = getCell(spec.cell);
  const eachLayerPonders = getHaltingMethod(spec.halting).flag && spec.ponderMode === 'layer';
  if (spec.layers < 2 || eachLayerPonders || !plugin.threadWidth) return 0;
  return plugin.threadWidth(spec.cellOptions ?? {});
}
