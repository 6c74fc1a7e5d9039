/** Test helpers: a cell that counts its updates and halting units scripted per row (no weights involved). */
import * as tf from '@tensorflow/tfjs';
import type { Cell } from '../cells/cell';

/** A cell whose state counts its updates: s^n = n, so a p-weighted state is Σ p^n · n. */
export const counterCell: Cell = {
  kind: 'counter',
  inputSize: 1,
  hiddenSize: 1,
  outputSize: 1,
  stateWidths: [1],
  variables: [],
  views: [],
  projectInput: (x) => tf.fill([x.shape[0], 1], 0),
  step: (_projected, [s]) => [tf.add(s, 1) as tf.Tensor2D],
  output: ([s]) => s,
};

/** Halting units taken from a table per row: row b, ponder step n → units[b][n-1] (for the counter cell). */
export function scriptedHalt(units: number[][]) {
  return (state: tf.Tensor2D) => {
    const n = state.arraySync().map((row) => row[0]);
    const halting = units.map((row, b) => row[n[b] - 1]);
    return { halting: tf.tensor1d(halting), logit: tf.tensor1d(halting.map((h) => Math.log(h / (1 - h)))) };
  };
}

/** The counter cell's input for `rows` rows (its projection ignores it). */
export function counterInput(rows: number) {
  return { first: tf.fill([rows, 1], 0) as tf.Tensor2D, later: tf.fill([rows, 1], 0) as tf.Tensor2D };
}
