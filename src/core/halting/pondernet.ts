/**
 * PonderNet (Banino, Balaguer, Blundell 2021), adapted to sequences. Per input step, the same cell updates
 * repeatedly; after update n a halting unit gives λ_n = σ(W_h s^n + b_h) and
 *   p_n = λ_n Π_{j<n} (1 − λ_j)   (the probability of halting exactly at n).
 * Unroll: N = the first n with Σ_{j≤n} p_j ≥ 1 − ε, at most M. The remaining mass goes to the last step
 * computed (p_N = 1 − Σ_{n<N} p_n, so p sums to 1 and λ_N, like ACT's last halting unit, gets no gradient).
 * Loss: every step's output is scored, Σ_n p_n L(y, ŷ_n) (the candidates), plus β·KL(p ‖ geometric(λ_p)),
 * the prior λ_p (1 − λ_p)^{n−1} truncated at the row's N and renormalised. Both are summed over input steps.
 *
 * Choices for sequences (../shared/spec/methods.md leaves them open):
 * - the state carried to the next input step is the expected state Σ_n p_n s^n (deterministic and
 *   differentiable, as ACT's mean field); so is what the next layer reads when each layer ponders;
 * - evaluation answers with the expected output: the p-weighted mixture of the steps' predicted probabilities
 *   (head.ts mixedLogits), not a sampled halt, so that evaluations are deterministic;
 * - ponder is reported as the expected steps Σ_n n·p_n; the updates actually computed are N.
 */
import * as tf from '@tensorflow/tfjs';
import { pausePoint } from '../pausePoint';
import type { FlaggedInput, LoopCarry } from '../act';
import { everyRowHalted, unrollLength } from '../act';
import { haltingStep } from '../haltingUpdate';
import type { Candidate, HaltingMethod } from './method';

/** Below this p·log p is taken as 0 (a halted row's p is exactly 0). */
const TINY = 1e-12;

const options = {
  beta: {
    kind: 'float', min: 0, max: 10, default: 0.01, scale: 'log', group: 'act', resets: false, halting: ['pondernet'],
    label: 'KL weight β',
    help: 'Weight of KL(p ‖ geometric(λ_p)), summed over the input steps of a sequence like the task loss (paper: 0.01).',
  },
  lambdaP: {
    kind: 'float', min: 0.01, max: 0.99, default: 0.1, scale: 'log', group: 'act', resets: false, halting: ['pondernet'],
    label: 'Prior halting probability λ_p',
    help: 'The geometric prior halts with probability λ_p at each step: about 1/λ_p steps expected (paper: 0.1).',
  },
} as const;

/** The loop's sums after update n: where a speculative pass cut short goes on from (LoopCarry). */
interface PonderNetCarry extends LoopCarry {
  expectedState: tf.Tensor2D;
  notHalted: tf.Tensor1D;
  cumulative: tf.Tensor1D;
  running: tf.Tensor1D;
  steps: tf.Tensor1D;
  expectedSteps: tf.Tensor1D;
  divergence: tf.Tensor1D;
  last: tf.Tensor1D;
  candidates: Candidate[];
}

export const ponderNetMethod: HaltingMethod<typeof options, PonderNetCarry> = {
  id: 'pondernet',
  label: 'PonderNet',
  description: 'A halting distribution p_n = λ_n Π(1 − λ_j); every step\'s output scored, weighted by p_n; loss + β·KL to a geometric prior.',
  options,
  knob: 'lambdaP',
  flag: true,
  haltingUnit: true,
  ponder({ cell, halt, input: flaggedInput, initial, settings, observe }) {
    if (!halt) throw new Error('PonderNet needs a halting unit');
    const resume = settings.resumeFrom;
    const input: FlaggedInput = resume?.input ?? flaggedInput;
    const batch = input.later.shape[0];
    const threshold = 1 - settings.eps;
    const logPrior = Math.log(settings.lambdaP);
    const logContinue = Math.log(1 - settings.lambdaP);
    const zeros = (): tf.Tensor1D => tf.fill([batch], 0);
    let state = resume?.state ?? initial;
    let expectedState: tf.Tensor2D = resume?.expectedState ?? tf.fill([batch, cell.stateWidths.reduce((a, b) => a + b, 0)], 0);
    let notHalted: tf.Tensor1D = resume?.notHalted ?? tf.fill([batch], 1);
    let cumulative: tf.Tensor1D = resume?.cumulative ?? zeros();
    let running: tf.Tensor1D = resume?.running ?? tf.fill([batch], 1);
    let steps: tf.Tensor1D = resume?.steps ?? zeros();
    let expectedSteps: tf.Tensor1D = resume?.expectedSteps ?? zeros();
    let divergence: tf.Tensor1D = resume?.divergence ?? zeros();
    let last: tf.Tensor1D = resume?.last ?? zeros();
    const candidates: Candidate[] = [...(resume?.candidates ?? [])];
    const resumedAt = resume?.n ?? 0;
    let updates = resumedAt;
    for (let n = resumedAt + 1; n <= unrollLength(settings); n++) {
      updates = n;
      state = pausePoint(cell.step(n === 1 ? input.first : input.later, state));
      const whole = state.length === 1 ? state[0] : (tf.concat(state, 1) as tf.Tensor2D);
      const lambda = halt(whole).halting;
      // p_n while the row continues; all the remaining mass at its last step; 0 once halted. (The stop test is
      // ≥ rather than the paper's >: they differ on a set of measure zero, and Greater has no gradient in TF.js.)
      const { haltNow, carryOn, added, probability } = haltingStep(running, cumulative, tf.mul(notHalted, lambda), threshold, n === settings.maxSteps);
      expectedState = tf.add(expectedState, tf.mul(tf.expandDims(probability, 1), whole));
      candidates.push({ weight: probability, state });
      // p_n (log p_n − log(λ_p (1 − λ_p)^{n−1})); the truncation's normaliser is added after the loop.
      const logRatio = tf.sub(tf.log(tf.maximum(probability, TINY)), logPrior + (n - 1) * logContinue);
      divergence = tf.add(divergence, tf.mul(probability, logRatio));
      expectedSteps = tf.add(expectedSteps, tf.mul(n, probability));
      steps = tf.add(steps, running);
      last = tf.add(last, tf.mul(haltNow, probability));
      notHalted = tf.mul(notHalted, tf.sub(1, lambda));
      cumulative = tf.add(cumulative, added);
      observe?.({ n, running, halting: lambda, probability, cumulative, output: cell.output(state), state });
      running = carryOn;
      if (everyRowHalted(n, running, settings)) break;
    }
    settings.keepCarry?.({ n: updates, input, state, expectedState, notHalted, cumulative, running, steps, expectedSteps, divergence, last, candidates: [...candidates] });
    // The prior truncated at N sums to 1 − (1 − λ_p)^N; dividing it by that adds log of it to the KL.
    const normaliser = tf.log(tf.sub(1, tf.pow(1 - settings.lambdaP, steps)));
    divergence = tf.add(divergence, normaliser);
    const carried = cell.stateWidths.length === 1 ? [expectedState] : (tf.split(expectedState, [...cell.stateWidths], 1) as tf.Tensor2D[]);
    return {
      state: carried,
      candidates,
      regulariser: tf.mul(settings.beta, divergence),
      ponder: expectedSteps,
      steps,
      remainder: last,
      updates: updates - resumedAt,
      stillRunning: running,
    };
  },
};
