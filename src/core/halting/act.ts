/** ACT (Graves 2016): the ponder loop of ../act.ts; the loss scores its mean-field output; regulariser τ·(N + R). */
import * as tf from '@tensorflow/tfjs';
import type { PonderCarry } from '../act';
import { ponder } from '../act';
import type { HaltingMethod } from './method';

const options = {
  tau: {
    kind: 'float', min: 0, max: 1, default: 0.001, scale: 'log', group: 'act', resets: false, halting: ['act'],
    label: 'Time penalty τ',
    help: 'Weight of the ponder cost. Loss = L + τ·P, both summed over the time steps of a sequence and averaged over the batch (the paper\'s convention).',
  },
  tauWarmup: {
    kind: 'int', min: 0, max: 10_000_000, default: 0, group: 'act', resets: false, halting: ['act'],
    label: 'τ warm-up',
    help: 'Steps over which τ grows linearly from 0 to its value: step s trains at τ × min(1, s / this), counted from step 0, so a resumed run continues it. The net first learns to use pondering, then to save it where it can. 0: off.',
  },
  ponderTarget: {
    kind: 'float', min: 0, max: 100, default: 0, scale: 'linear', group: 'act', resets: false, halting: ['act'],
    label: 'Ponder budget',
    help: '0: off (τ stays as set). Otherwise τ is adjusted every step by dual ascent, log τ ← log τ + η·(ponder − budget), starting from the τ above, so that the mean ponder holds this value.',
  },
  ponderRate: {
    kind: 'float', min: 1e-4, max: 1, default: 0.01, scale: 'log', group: 'act', resets: false, halting: ['act'], dependsOn: 'ponderTarget',
    label: 'Budget step η', help: 'How fast the ponder budget moves τ (the dual-ascent step size on log τ).',
  },
  haltPenalty: {
    kind: 'float', min: 0, max: 1, default: 0, scale: 'log', group: 'act', resets: false, halting: ['act'],
    label: 'Halting-logit penalty λ_z',
    help: '0: off (the paper). Otherwise adds λ_z·Σ z² over the updates each row computes, z the halting unit\'s input to its sigmoid. Without it the halting unit can saturate — ponder stuck at 1 (a row that halts at once gets no gradient) or at M (σ′ ≈ 0); this pulls z back towards 0 from either end.',
  },
  haltMargin: {
    kind: 'float', min: 0, max: 20, default: 0, scale: 'linear', group: 'act', resets: false, halting: ['act'], dependsOn: 'haltPenalty',
    label: 'Penalty-free logit range m',
    help: 'The halting-logit penalty acts only beyond |z| > m: λ_z·Σ max(|z| − m, 0)². 0: on every z (λ_z·Σ z²). A margin leaves confident halting and continuing free (σ(4.6) = 0.99) and still pulls saturated units back.',
  },
} as const;

export const actMethod: HaltingMethod<typeof options, PonderCarry> = {
  id: 'act',
  label: 'ACT',
  description: 'Adaptive Computation Time: a halting unit decides how long to ponder; mean field of the states; loss L + τ·P.',
  options,
  knob: 'tau',
  flag: true,
  haltingUnit: true,
  ponder({ cell, halt, input, initial, settings, observe }) {
    if (!halt) throw new Error('ACT needs a halting unit');
    const result = ponder(cell, halt, input, initial, settings, observe);
    return {
      state: result.state,
      candidates: [{ state: result.state }],
      regulariser: result.logitSquares
        ? tf.add(tf.mul(settings.tau, result.cost), tf.mul(settings.haltPenalty ?? 0, result.logitSquares))
        : tf.mul(settings.tau, result.cost),
      ponder: result.steps,
      steps: result.steps,
      remainder: result.remainder,
      updates: result.updates,
      work: result.work,
      stillRunning: result.stillRunning,
    };
  },
};
