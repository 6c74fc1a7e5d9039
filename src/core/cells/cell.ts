import type * as tf from '@tensorflow/tfjs';
import type { FieldMap, ValuesOf } from '../../config/fields';
import type { NamedVariable } from '../init';
import type { Rng } from '../random';

/**
 * One recurrent cell. Its state is a list of [batch, width] tensors (an LSTM's (h, c); a memory cell flattens
 * its matrices into rows), so that ACT can mean-field every state tensor without knowing the cell.
 *
 * The input's contribution is split from the recurrence: `projectInput` runs once per input step and `step`
 * once per ponder step, because ACT feeds the same input to many updates. `projectInput` must be affine in x
 * (ACT's flag row is probed through it).
 */
export interface Cell {
  readonly kind: string;
  readonly inputSize: number;
  readonly hiddenSize: number;
  /** Width of `output` (what the next layer and the output head read): hiddenSize for RNN/GRU/LSTM. */
  readonly outputSize: number;
  readonly stateWidths: readonly number[];
  readonly variables: readonly NamedVariable[];
  /** What a panel can draw of the state, by name (see StateView). Every part of the state worth seeing. */
  readonly views: readonly StateView[];
  /** What a panel can draw that is computed from the state rather than stored in it (e.g. the aLSTM's policy π). */
  readonly derivedViews?: readonly DerivedView[];
  /**
   * A part of the state that a stack threads from layer to layer (the aLSTM's adaptation state z): layer l reads
   * layer l − 1's new value at the same step, layer 0 the top layer's from the previous step. Only cells made
   * with CellArgs.threadWidth > 0 read one (`step`'s third argument); every cell of the plugin offers `thread`.
   */
  readonly thread?: { width: number; of(state: tf.Tensor2D[]): tf.Tensor2D };
  /** x [batch, inputSize] → the input's pre-activations, bias included. */
  projectInput(x: tf.Tensor2D): tf.Tensor2D;
  /**
   * One update from projected input and previous state (and the threaded vector, for a cell made to read one).
   * Each row must be updated from that row alone: ACT's loop hands it only the rows still running
   * (runningRows.ts), and runningRows.test.ts checks every registered cell against the whole batch.
   */
  step(projected: tf.Tensor2D, state: tf.Tensor2D[], threaded?: tf.Tensor2D): tf.Tensor2D[];
  /**
   * The same update, with the new state also as one [batch, Σ stateWidths] tensor (its parts side by side: what
   * ACT's halting unit and mean field read), where the cell makes both at once; undefined where it cannot. ACT
   * concatenates `step`'s parts itself otherwise.
   */
  stepWhole?(projected: tf.Tensor2D, state: tf.Tensor2D[]): { state: tf.Tensor2D[]; whole: tf.Tensor2D } | undefined;
  /** What the next layer and the output head read [batch, outputSize]. */
  output(state: tf.Tensor2D[]): tf.Tensor2D;
}

/**
 * A named part of a cell's state that generic panels draw without knowing the cell: state tensor `state`
 * (an index into `stateWidths`), columns `offset … offset + rows·cols` of each batch row, read row-major as a
 * rows × cols matrix (a vector: rows = 1). E.g. a DNC's memory [N, W], links [N, N], usage [1, N].
 */
export interface StateView extends ViewShape {
  state: number;
  offset: number;
}

/** What a panel needs to draw a view, stored or derived: its name, label, shape, axes and colour range. */
export interface ViewShape {
  name: string;
  label: string;
  rows: number;
  cols: number;
  /** Axis names for the panel, e.g. 'slot' and 'width'. */
  rowLabel: string;
  colLabel: string;
  /** How values map to colour: weights and usage in [0, 1] (`unit`), activations in [−1, 1] (`signed`), else `auto`. */
  range: 'unit' | 'signed' | 'auto';
}

/**
 * A view of a quantity derived from the state (not carried in it, so ACT's halting unit and mean field do not
 * see it): `compute(state)` gives [batch, rows·cols], read like a StateView.
 */
export interface DerivedView extends ViewShape {
  compute(state: tf.Tensor2D[]): tf.Tensor2D;
}

/** Config values a cell reads: its own fields (see CellPlugin.options), by key. */
export type CellOptions = Record<string, number | string | boolean>;

/** What every cell factory is given. Weight names start with `prefix` (e.g. `layer0/lstm`). */
export interface CellArgs<O extends FieldMap = FieldMap> {
  rng: Rng;
  prefix: string;
  inputSize: number;
  hiddenSize: number;
  options: ValuesOf<O>;
  /** Width of the vector a stack threads into this layer (CellPlugin.threadWidth); 0 or absent: none. */
  threadWidth?: number;
}

/**
 * A cell kind as a plug-in: the registry (registry.ts) lists them; the config schema collects their `options`
 * (each field carries `cell: id`, so it is shown and accepted only when that cell is chosen); the model builds
 * layers with `create`. Adding a cell: its own file(s) and one registry line.
 */
export interface CellPlugin<O extends FieldMap = FieldMap> {
  id: string;
  label: string;
  description: string;
  options: O;
  create(args: CellArgs<O>): Cell;
  /** For a cell that threads part of its state through a stack (Cell.thread): that part's width. */
  threadWidth?(options: ValuesOf<O>): number;
  /** What one layer costs, from its sizes alone (no tensors made): the resource guard's input (resources.ts). */
  cost(args: Omit<CellArgs<O>, 'rng' | 'prefix'>): CellCost;
}

/** A layer's size and work, counted per batch row. Tested against real allocations in resources.test.ts. */
export interface CellCost {
  /** Floats in its weights. */
  parameters: number;
  outputSize: number;
  /** Σ of its state widths. */
  stateWidth: number;
  /** Floats the gradient tape keeps for one update (the forward intermediates that backward reads). */
  tapeFloatsPerUpdate: number;
  /** Multiply-adds per update (the recurrence) and per input step (the input projection). */
  macsPerUpdate: number;
  macsPerInputStep: number;
}

/** A view of a whole [batch, width] state tensor as one strip of `width` units (an RNN's h, an LSTM's c). */
export function vectorView(name: string, label: string, state: number, width: number, range: StateView['range']): StateView {
  return { name, label, state, offset: 0, rows: 1, cols: width, rowLabel: '', colLabel: 'unit', range };
}
