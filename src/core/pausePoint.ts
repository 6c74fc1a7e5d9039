/**
 * Points inside a forward and a backward pass where the host may hold the engine for a moment: once per cell
 * update, and again when the gradient reaches that update. The page's training worker holds there while an input
 * made by hand waits for the probe worker, which then has the CPU to itself instead of sharing it with the rest
 * of a training step (src/worker/probeGate.ts).
 *
 * The page's workers also post a heartbeat from here when one is due (src/worker/heartbeat.ts), so that a long
 * synchronous pass shows it is working.
 *
 * Without a host's hold (the CLI, the tests) nothing is added to the computation; with one, an identity with a
 * pass-through gradient per update: values and gradients are unchanged.
 */
import * as tf from '@tensorflow/tfjs';

let hold: (() => void) | null = null;

/** The host's hold (it returns when the engine may go on; it may block), or null for none. */
export function setPausePoint(pause: (() => void) | null): void {
  hold = pause;
}

const passThrough = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const x = args[0] as tf.Tensor2D;
  return {
    value: tf.clone(x),
    gradFunc: (dy: tf.Tensor) => {
      hold?.();
      return [dy];
    },
  };
}) as (x: tf.Tensor2D) => tf.Tensor2D;

/** After a cell update: holds now if the host wants to, and marks the update for a hold in the backward pass. */
export function pausePoint(state: tf.Tensor2D[]): tf.Tensor2D[] {
  if (!hold) return state;
  hold();
  const [first, ...rest] = state;
  return [passThrough(first), ...rest];
}
