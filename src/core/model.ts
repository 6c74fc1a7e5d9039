/**
 * The network: recurrent layers (with or without ACT) and an affine output head, run over a whole sequence.
 * Weight names (as saved): layer{l}/{cell}/…, halting/… (or layer{l}/halting/… when each layer ponders),
 * output/kernel [H, O], output/bias [O]. See docs/weights.md.
 */
import * as tf from '@tensorflow/tfjs';
import { matMulKernel } from './linear';
import type { HaltFunction, HaltingUnit, PonderObserver, PonderResult, PonderSettings } from './act';
import { flagRow, haltingFunction, haltingUnit, ponder, projectSteps } from './act';
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
  act: boolean;
  /** `stack`: one halting unit over all layers' state; `layer`: each layer ponders on its own. */
  ponderMode: 'stack' | 'layer';
  head: HeadSpec;
}

/** A cell plus, with ACT, the halting unit that decides how long it ponders. */
interface PonderUnit {
  cell: Cell;
  halt?: HaltFunction;
}

export interface ForwardObserver {
  /** Every ponder step of every unit (layer index 0 unless each layer ponders). */
  ponderStep?(t: number, unit: number, record: Parameters<PonderObserver>[0]): void;
  /** The outcome of each input step of each unit. */
  inputStep?(t: number, unit: number, result: PonderResult): void;
}

export interface ForwardResult {
  /** [batch, logits] per step. */
  logits: tf.Tensor2D[];
  /** P = Σ_t ρ_t over the real steps of each sequence [batch] (summed over units when each layer ponders). */
  ponderCost: tf.Tensor1D;
  /** Σ_t N(t) over the real steps of each sequence [batch] (averaged over units when each layer ponders). */
  ponderSteps: tf.Tensor1D;
  /** Cell updates computed per unit, summed over input steps: the work done, for FLOP counts. */
  updates: number[];
  /** Every unit's state after `ForwardStart.keepStateAfter` steps, when asked for. */
  stateAfter?: tf.Tensor2D[][];
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
  private readonly units: PonderUnit[];
  private readonly outputKernel: NamedVariable;
  private readonly outputBias: NamedVariable;

  constructor(spec: ModelSpec, rng: Rng) {
    this.spec = spec;
    const flag = spec.act ? 1 : 0;
    const plugin = getCell(spec.cell);
    const cells: Cell[] = [];
    for (let l = 0; l < spec.layers; l++) {
      // With one ponder unit per layer, every layer gets its own flag; in a pondering stack only the first.
      const ownFlag = l === 0 || spec.ponderMode === 'layer' ? flag : 0;
      const inputSize = (l === 0 ? spec.inputSize : cells[l - 1].outputSize) + ownFlag;
      const prefix = `layer${l}/${spec.cell}`;
      cells.push(plugin.create({ rng, prefix, inputSize, hiddenSize: spec.hidden, options: spec.cellOptions ?? {} }));
    }
    const halting: HaltingUnit[] = [];
    const withHalting = (cell: Cell, prefix: string): PonderUnit => {
      if (!spec.act) return { cell };
      const unit = haltingUnit(rng, prefix, sum(cell.stateWidths));
      halting.push(unit);
      return { cell, halt: haltingFunction(unit) };
    };
    this.units = spec.act && spec.ponderMode === 'layer'
      ? cells.map((cell, l) => withHalting(cell, `layer${l}/halting`))
      : [withHalting(stackCells(cells), 'halting')];
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
  forward(xs: tf.Tensor2D[], masks: tf.Tensor1D[], settings: PonderSettings, observer?: ForwardObserver, start?: ForwardStart): ForwardResult {
    const steps = xs.length;
    const batch = xs[0].shape[0];
    let states = start?.state ?? this.units.map((unit) => unit.cell.stateWidths.map((width) => tf.zeros([batch, width]) as tf.Tensor2D));
    let stateAfter: tf.Tensor2D[][] | undefined;
    const logits: tf.Tensor2D[] = [];
    let ponderCost: tf.Tensor1D = tf.zeros([batch]);
    let ponderSteps: tf.Tensor1D = tf.zeros([batch]);
    const updates = this.units.map(() => 0);
    const flagRows = this.units.map(({ cell, halt }) => (halt ? flagRow(cell) : undefined));
    // The first unit reads the sequence itself: every step's input is projected at once.
    const firstUnitInputs = projectSteps(this.units[0].cell, xs, flagRows[0]);
    for (let t = 0; t < steps; t++) {
      let input = xs[t];
      states = states.map((state, u) => {
        const { cell, halt } = this.units[u];
        const projected = u === 0 ? firstUnitInputs[t] : projectSteps(cell, [input], flagRows[u])[0];
        if (!halt) {
          const next = cell.step(projected.later, state);
          input = cell.output(next);
          ponderSteps = tf.add(ponderSteps, masks[t]);
          updates[u] += 1;
          return next;
        }
        const observe: PonderObserver | undefined = observer?.ponderStep && ((record) => observer.ponderStep!(t, u, record));
        const result = ponder(cell, halt, projected, state, settings, observe);
        observer?.inputStep?.(t, u, result);
        updates[u] += result.updates;
        ponderCost = tf.add(ponderCost, tf.mul(result.cost, masks[t]));
        ponderSteps = tf.add(ponderSteps, tf.mul(result.steps, masks[t]));
        input = cell.output(result.state);
        return result.state;
      });
      logits.push(tf.add(matMulKernel(input, this.outputKernel.variable), this.outputBias.variable));
      if (t + 1 === start?.keepStateAfter) stateAfter = states;
    }
    if (this.units.length > 1) ponderSteps = tf.div(ponderSteps, this.units.length);
    return { logits, ponderCost, ponderSteps, updates, stateAfter };
  }

  dispose(): void {
    for (const { variable } of this.variables) variable.dispose();
  }
}

const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);
