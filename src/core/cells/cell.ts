import type * as tf from '@tensorflow/tfjs';
import type { NamedVariable } from '../init';

export type CellKind = 'rnn' | 'gru' | 'lstm';

/**
 * One recurrent cell. Its state is a list of [batch, width] tensors (an LSTM's (h, c); a later memory cell
 * flattens its matrices into rows), so that ACT can mean-field every state tensor without knowing the cell.
 *
 * The input's contribution is split from the recurrence: `projectInput` runs once per input step and `step`
 * once per ponder step, because ACT feeds the same input to many updates.
 */
export interface Cell {
  readonly kind: string;
  readonly inputSize: number;
  readonly hiddenSize: number;
  readonly stateWidths: readonly number[];
  readonly variables: readonly NamedVariable[];
  /** x [batch, inputSize] → the input's pre-activations, bias included. */
  projectInput(x: tf.Tensor2D): tf.Tensor2D;
  /** One update from projected input and previous state. */
  step(projected: tf.Tensor2D, state: tf.Tensor2D[]): tf.Tensor2D[];
  /** The part of the state that the next layer and the output head read (h). */
  output(state: tf.Tensor2D[]): tf.Tensor2D;
}
