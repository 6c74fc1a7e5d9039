/**
 * ACT's ponder loop on the rows still running only (`haltCheck: 'compact'`).
 *
 * Why: with masks, every update of an input step is computed for the whole batch until its last row halts, so a
 * step costs the batch's LARGEST N, not its mean (logic, batch 128, mean ponder ≈ 5 of M = 10: 80–100 of the 100
 * possible updates per training step). Where the loop reads back which rows still run anyway (WASM, CPU), it can
 * hand the cell only those rows: the work then follows the mean N. A halted row contributes nothing to any of
 * ACT's sums, so values and gradients are those of the masked loop (cells update each row from that row alone).
 *
 * Rows are moved by one small kernel (MoveRows, for the CPU backends that read back): TF.js's gather is slow on
 * WASM (≈ 0.4 ms for [47, 256] rows) and its gradient needs UnsortedSegmentSum, which WASM lacks. The picked rows
 * are distinct, so the gradient of a move is the reverse move: a pick's gradient spreads, a spread's picks.
 */
import * as tf from '@tensorflow/tfjs';
import { hasKernel, makeOutputs, registerJsKernels } from './jsKernel';

const MOVE_ROWS = 'ActMoveRows';

/**
 * A move of rows into a new tensor: row i of the result is row `sources[i]` of the input, or zeros where −1.
 * `reverse` is the move that takes the result's rows back (the gradient).
 */
interface RowMove {
  sources: Int32Array;
  reverse: Int32Array;
}

/** k distinct rows picked from m: the move that picks them (in this order) and the one that spreads them back. */
export interface RowPick {
  pick: RowMove;
  spread: RowMove;
}

export function rowPick(picked: readonly number[], from: number): RowPick {
  const sources = Int32Array.from(picked);
  const places = new Int32Array(from).fill(-1);
  picked.forEach((row, place) => { places[row] = place; });
  return { pick: { sources, reverse: places }, spread: { sources: places, reverse: sources } };
}

/** Whether the running backend moves rows (the CPU backends): elsewhere the loop keeps halted rows, masked. */
export function canMoveRows(): boolean {
  return hasKernel(MOVE_ROWS);
}

/** The same move of rows applied to each tensor, in one kernel call (inputs x0, x1, …; one output each). */
function moveRows(xs: tf.Tensor2D[], move: RowMove): tf.Tensor2D[] {
  const inputs = Object.fromEntries(xs.map((x, i) => [`x${i}`, x]));
  return tf.engine().runKernel(MOVE_ROWS, inputs, move as unknown as tf.NamedAttrMap) as tf.Tensor2D[];
}

/** The picked rows of x [m, w] → [k, w]; the gradient goes back to those rows, zero elsewhere. */
export function pickRows(x: tf.Tensor2D, rows: RowPick): tf.Tensor2D {
  return moveRows([x], rows.pick)[0];
}

/** The same rows picked from each tensor (the parts of a cell's state), in one kernel call. */
export function pickRowsOfEach(xs: tf.Tensor2D[], rows: RowPick): tf.Tensor2D[] {
  return moveRows(xs, rows.pick);
}

/** y [k, w], the picked rows, back in their places among all m rows [m, w], zeros elsewhere. */
export function spreadRows(y: tf.Tensor2D, rows: RowPick): tf.Tensor2D {
  return moveRows([y], rows.spread)[0];
}

/** Moves the rows of `from` [m, w] into `moved` [sources.length, w]: row i from row sources[i], zeros where −1. */
function copyRows(from: Float32Array, moved: Float32Array, sources: Int32Array, width: number): void {
  // Runs of consecutive rows (most of them: the rows kept stay in order) as one copy each.
  for (let i = 0; i < sources.length;) {
    const row = sources[i];
    let end = i + 1;
    while (end < sources.length && (row < 0 ? sources[end] < 0 : sources[end] === row + end - i)) end++;
    if (row >= 0) moved.set(from.subarray(row * width, (row + end - i) * width), i * width);
    else moved.fill(0, i * width, end * width);
    i = end;
  }
}

registerJsKernels({
  forward: MOVE_ROWS,
  runForward(storage, inputs, attrs) {
    const { sources } = attrs as unknown as RowMove;
    const xs = Object.keys(inputs).map((_, i) => inputs[`x${i}`]);
    const { outputs, values } = makeOutputs(storage, xs.map((x) => [sources.length, x.shape[1]]));
    xs.forEach((x, i) => copyRows(storage.values(x), values[i], sources, x.shape[1]));
    return outputs;
  },
});

tf.registerGradient({
  kernelName: MOVE_ROWS,
  gradFunc: (dy, _saved, attrs) => {
    const { sources, reverse } = attrs as unknown as RowMove;
    // Every input's gradient by one reverse move, made before the engine asks for them one by one.
    const moved = moveRows((Array.isArray(dy) ? dy : [dy]) as tf.Tensor2D[], { sources: reverse, reverse: sources });
    return Object.fromEntries(moved.map((gradient, i) => [`x${i}`, () => gradient]));
  },
});

/** Which rows of a batch an input step's updates are computed on: all at first, fewer as rows halt. */
export class RunningRows {
  /** Positions in the batch of the rows computed, in order. */
  private rows: number[];
  /** From the rows computed to the whole batch (undefined while that is every row). */
  private toBatch?: RowPick;
  /** The projected input of the rows computed (made once per narrowing). */
  private input?: tf.Tensor2D;

  constructor(private readonly batch: number) {
    this.rows = Array.from({ length: batch }, (_, row) => row);
  }

  /**
   * After a read-back of the batch's running flags: the rows still running become the rows computed. Returns
   * how to pick them from the rows computed so far (to narrow the cell state), or undefined where none halted.
   */
  narrow(runningFlags: ArrayLike<number>): RowPick | undefined {
    const kept: number[] = [];
    this.rows.forEach((row, place) => {
      if (runningFlags[row] !== 0) kept.push(place);
    });
    if (kept.length === this.rows.length) return undefined;
    const pick = rowPick(kept, this.rows.length);
    this.rows = kept.map((place) => this.rows[place]);
    this.toBatch = rowPick(this.rows, this.batch);
    this.input = undefined;
    return pick;
  }

  /** The rows computed of a whole-batch tensor [batch, w]. */
  ofBatch(whole: tf.Tensor2D): tf.Tensor2D {
    return this.toBatch ? pickRows(whole, this.toBatch) : whole;
  }

  /** The input projected for the whole batch, narrowed to the rows computed (once per narrowing). */
  inputOf(projected: tf.Tensor2D): tf.Tensor2D {
    this.input ??= this.ofBatch(projected);
    return this.input;
  }

  /** A tensor of the rows computed [k, w] back at the whole batch's size, zeros in the rows that halted. */
  toWholeBatch(rows: tf.Tensor2D): tf.Tensor2D {
    return this.toBatch ? spreadRows(rows, this.toBatch) : rows;
  }
}
