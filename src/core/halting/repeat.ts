/**
 * Fixed repetition (Repeat-RNN, Fojo et al. 2018): exactly ρ updates per input step, the flag on the first, no
 * halting unit; the last state is carried and scored. The control experiment for ACT: is it the adaptivity or
 * only the extra computation? `none` is the same loop with one update and no flag.
 */
import * as tf from '@tensorflow/tfjs';
import { pausePoint } from '../pausePoint';
import type { HaltingMethod, InputStepOutcome, PonderArgs } from './method';

/** `count` updates; traces see halting probability 1 on the last one (as if p were fixed at step ρ). */
export function fixedUpdates({ cell, input, initial, observe }: PonderArgs, count: number): InputStepOutcome {
  const batch = input.later.shape[0];
  const none: tf.Tensor1D = tf.fill([batch], 0);
  const all: tf.Tensor1D = tf.fill([batch], 1);
  let state = initial;
  for (let n = 1; n <= count; n++) {
    state = pausePoint(cell.step(n === 1 ? input.first : input.later, state));
    const last = n === count ? all : none;
    observe?.({ n, running: all, halting: last, probability: last, cumulative: none, output: cell.output(state), state });
  }
  const counted: tf.Tensor1D = tf.fill([batch], count);
  return { state, candidates: [{ state }], regulariser: none, ponder: counted, steps: counted, remainder: all, updates: count };
}

const options = {
  repeats: {
    kind: 'int', min: 1, max: 20, default: 2, group: 'act', resets: false, halting: ['repeat'],
    label: 'Updates per input step ρ', help: 'Fixed repetition: exactly ρ cell updates per input step (Fojo et al.: ρ = 2 solved parity).',
  },
} as const;

export const repeatMethod: HaltingMethod<typeof options> = {
  id: 'repeat',
  label: 'Fixed repetition',
  description: 'Exactly ρ updates per input step (flag on the first), no halting unit: does adaptivity matter?',
  options,
  knob: 'repeats',
  flag: true,
  haltingUnit: false,
  ponder: (args) => fixedUpdates(args, args.settings.repeats),
};
