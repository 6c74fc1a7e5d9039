/**
 * Adaptive truncation (Aicher, Foti & Fox 2019; ../shared/spec/alstm-tbptt.md): choose K from a tolerated
 * relative gradient bias δ. A probe backpropagates the loss of the LAST step of W-step windows and records
 * φ_k = ‖∂loss/∂s_{T−1−k}‖ (s: every state tensor of every unit side by side; lag 0 is the state entering the
 * last step), averaged over windows. From log φ̄ an OLS slope gives log β̂ (the geometric decay), which bounds
 * the gradient that a truncation at K leaves out; δ̂(K) is that bound relative to a lower bound on the whole
 * gradient's norm, and K̂ is the smallest K with δ̂(K) < δ.
 */
import * as tf from '@tensorflow/tfjs';
import { sumTensors } from './sumTensors';
import type { HaltingSettings } from './halting/method';
import { batchTensors } from './batch';
import { sequenceLoss } from './head';
import type { ActModel } from './model';
import type { HeadSpec, HostBatch } from './types';
import type { FieldMap, ValuesOf } from '../config/fields';
import type { TaskStream } from '../tasks/task';
import type { Rng } from './random';

/** A task's truncation settings (TaskStream.truncation): K's range and start, the probe and its schedule. */
export interface TruncationSettings {
  /** K is clipped to [min, max] (reference: language models [10, 300], copy [2, 100]). */
  min: number;
  max: number;
  /** K when tbptt is 0 but adaptive truncation is on (reference: 100 LM, 15 copy). */
  start: number;
  /** Probe window W (steps with gradient) and the burn-in before it (from zeros, no gradient); τ = W − burnIn. */
  window: number;
  burnIn: number;
  /**
   * Re-estimate K every this many training steps, the first time after that many steps at the starting K (the
   * reference estimates after each "outer step" of training, never before the first).
   */
  every: number;
  /** Fresh probes whose K̂ are averaged per update of K (reference: 5 for language models, 1 for copy). */
  probes: number;
  /**
   * C_K in the lower bound on the whole gradient's norm. `sumOfNorms`: Σ_{k ≤ K} φ̄_k (the reference's language
   * models, cum_grad_norm_approx=True); `normOfSum`: ‖Σ_{k ≤ K} mean over windows of ∂loss/∂s_{t−k}‖ (its copy
   * task, the function's default). The norm of the mean is smaller (gradients of different windows partly cancel),
   * so the lower bound is smaller, δ̂(K) larger and K̂ longer for the same δ.
   */
  cumulative: 'sumOfNorms' | 'normOfSum';
}

/** Log φ below this counts as zero in the slope (the reference's −50). */
const NEGLIGIBLE_LOG = -50;

export interface TruncationEstimate {
  /** φ̄_k for k = 0 … W − 1. */
  phi: number[];
  /** C_K by lag when measured (TruncationSettings.cumulative = normOfSum); absent: Σ_{k ≤ K} φ̄_k. */
  cumulative?: number[];
  /** The OLS slope of log φ̄_k over k: log β̂. */
  logBeta: number;
  /** Where the geometric tail starts: W − burnIn. */
  tau: number;
  /** δ̂(K) for K = 1 … W (Infinity where unbounded). */
  relativeBias: number[];
  /** The smallest K in 1 … W with δ̂(K) < δ, else W (before clipping). */
  K: number;
  /** β̂ ≥ 1: the gradient does not decay, the bias bound is infinite, and K goes to its maximum. */
  noDecay: boolean;
}

/** log β̂: least squares slope of log φ̄_k against k over every lag whose log φ̄ is not negligible (≤ 1 such lag: 0). */
export function decaySlope(logPhi: number[]): number {
  const points = logPhi.flatMap((y, k) => (y < NEGLIGIBLE_LOG ? [] : [[k, y]]));
  if (points.length <= 1) return 0;
  const meanK = points.reduce((sum, [k]) => sum + k, 0) / points.length;
  const meanY = points.reduce((sum, [, y]) => sum + y, 0) / points.length;
  const numerator = points.reduce((sum, [k, y]) => sum + (k - meanK) * (y - meanY), 0);
  const denominator = points.reduce((sum, [k]) => sum + (k - meanK) ** 2, 0);
  return numerator / denominator;
}

/** Ê(K), the bound on the gradient left out by truncating at K, for K = 0 … W (the reference's, in linear space). */
function biasBound(phi: number[], logBeta: number, tau: number): number[] {
  const beta = Math.exp(logBeta);
  const tail = (from: number) => { let sum = 0; for (let k = from; k <= tau; k++) sum += phi[k]; return sum; };
  return Array.from({ length: phi.length + 1 }, (_, K) => {
    if (logBeta < 0) return K < tau ? tail(K) + phi[tau] / (1 - beta) : (phi[tau] * beta ** (K - tau)) / (1 - beta);
    // No decay, but the gradient at τ is already negligible: what is left is the sum up to τ.
    if (logBeta === 0 && Math.log(phi[tau]) < NEGLIGIBLE_LOG) return K < tau ? tail(K) : Math.exp(NEGLIGIBLE_LOG);
    return Infinity;
  });
}

/** What one probe measures, by lag k = 0 … W − 1 (see gradientNormsByLag). */
export interface GradientProbe {
  /** φ̄_k: the mean over windows of ‖∂loss/∂s_{t−k}‖. */
  phi: number[];
  /** ‖Σ_{k' ≤ k} mean over windows of ∂loss/∂s_{t−k'}‖: the reference's exact C_K (copy task). */
  normOfSum: number[];
}

/**
 * δ̂(K) for K = 1 … W, and K̂ for δ, from φ̄ (pure arithmetic: the probe is gradientNormsByLag). `cumulative`:
 * C_K by lag for the lower bound on the gradient's norm; absent, Σ_{k ≤ K} φ̄_k (see TruncationSettings.cumulative).
 */
export function estimateTruncation(phi: number[], burnIn: number, delta: number, cumulative?: number[]): TruncationEstimate {
  const window = phi.length;
  const tau = window - burnIn;
  if (!(tau >= 0 && tau < window)) throw new Error(`the probe's burn-in (${burnIn}) must be from 1 to its window (${window})`);
  const logBeta = decaySlope(phi.map((value) => Math.log(value + 1e-100)));
  const bound = biasBound(phi, logBeta, tau);
  let sumOfNorms = 0;
  let lowerNorm = 0;
  // A lower bound on the whole gradient's norm: max over K' of C_{K'} − Ê(K') where positive.
  for (let K = 0; K < window; K++) {
    sumOfNorms += phi[K];
    const C = cumulative ? cumulative[K] : sumOfNorms;
    if (C > bound[K]) lowerNorm = Math.max(lowerNorm, C - bound[K]);
  }
  const relativeBias = Array.from({ length: window }, (_, i) => (lowerNorm > 0 ? bound[i + 1] / lowerNorm : Infinity));
  const first = relativeBias.findIndex((value) => value < delta);
  const noDecay = !Number.isFinite(bound[window]);
  return { phi, ...(cumulative ? { cumulative } : {}), logBeta, tau, relativeBias, K: noDecay || first < 0 ? window : first + 1, noDecay };
}

/** The K the trainer uses: the estimates' mean, truncated to an integer, clipped to [min, max]. */
export function chooseTruncation(estimates: TruncationEstimate[], settings: TruncationSettings): number {
  const mean = estimates.reduce((sum, estimate) => sum + estimate.K, 0) / estimates.length;
  return Math.min(settings.max, Math.max(settings.min, Math.floor(mean)));
}

/**
 * φ̄_k for k = 0 … W − 1 on one batch of burnIn + W steps (one window per row): the burn-in runs from zeros
 * without gradient; then the loss of the last step (batch mean) is differentiated with respect to the state
 * entering every step, via a zero added to it. φ̄: mean over rows of the norm over the whole state; normOfSum:
 * the norm of the rows' mean gradient summed over lags 0 … k (the reference's two cumulative norms).
 */
export async function gradientNormsByLag(model: ActModel, head: HeadSpec, host: HostBatch, burnIn: number, settings: HaltingSettings): Promise<GradientProbe> {
  const window = host.steps - burnIn;
  const byStep = tf.tidy(() => {
    const batch = batchTensors(host);
    const rows = host.batch;
    const widths = model.unitStateWidths;
    const start = burnIn > 0
      ? model.forward(batch.inputs.slice(0, burnIn), batch.stepMask.slice(0, burnIn), settings, undefined, { keepStateAfter: burnIn }).stateAfter!
      : widths.map((unit) => unit.map((width) => tf.fill([rows, width], 0) as tf.Tensor2D));
    const perStep = widths.flat().length;
    const zeros = Array.from({ length: window }, () => widths.flat().map((width) => tf.fill([rows, width], 0) as tf.Tensor2D)).flat();
    const lastLoss = (...added: tf.Tensor[]): tf.Scalar => {
      let state = start;
      let loss: tf.Scalar | undefined;
      for (let j = 0; j < window; j++) {
        let index = j * perStep;
        const entering = state.map((unit) => unit.map((tensor) => tf.add(tensor, added[index++]) as tf.Tensor2D));
        const t = burnIn + j;
        const out = model.forward([batch.inputs[t]], [batch.stepMask[t]], settings, undefined, { state: entering, keepStateAfter: 1 });
        state = out.stateAfter!;
        if (j === window - 1) loss = tf.mean(sequenceLoss(head, out.logits, [batch.targets[t]], [batch.targetMask[t]])) as tf.Scalar;
      }
      return loss!;
    };
    const grads = tf.grads(lastLoss)(zeros);
    const norms = Array.from({ length: window }, (_, j) => {
      const squares = grads.slice(j * perStep, (j + 1) * perStep).map((grad) => tf.sum(tf.square(grad), 1));
      return tf.mean(tf.sqrt(sumTensors(squares)));
    });
    // Per step, the rows' mean gradient over the whole state [width]; summed from the last step (lag 0) back.
    const means = Array.from({ length: window }, (_, j) => tf.concat(grads.slice(j * perStep, (j + 1) * perStep).map((grad) => tf.mean(grad, 0))));
    const fromLast = tf.cumsum(tf.reverse(tf.stack(means), 0), 0);
    return tf.concat([tf.stack(norms), tf.norm(fromLast, 'euclidean', 1)]);
  });
  const values = await byStep.data();
  byStep.dispose();
  // Lag k is the state entering step W − 1 − k; normOfSum is by lag already.
  return {
    phi: Array.from({ length: window }, (_, k) => values[window - 1 - k]),
    normOfSum: Array.from(values.subarray(window, 2 * window)),
  };
}

/** What one update of K found: the probes' estimates and the K they choose. */
export interface TruncationUpdate {
  estimates: TruncationEstimate[];
  K: number;
}

/** The task's number of probes on random windows of the stream (`rng` picks them), and the K they choose for δ. */
export async function probeTruncation(
  model: ActModel,
  head: HeadSpec,
  stream: TaskStream,
  options: ValuesOf<FieldMap>,
  probe: { rows: number; delta: number; rng: Rng; settings: HaltingSettings; bytes?: Uint8Array },
): Promise<TruncationUpdate> {
  const { window, burnIn, probes, cumulative } = stream.truncation;
  const estimates: TruncationEstimate[] = [];
  for (let i = 0; i < probes; i++) {
    const positions = stream.sample(options, probe.rows, probe.rng, probe.bytes);
    const { batch } = stream.read(options, positions, burnIn + window, probe.bytes);
    const measured = await gradientNormsByLag(model, head, batch, burnIn, probe.settings);
    estimates.push(estimateTruncation(measured.phi, burnIn, probe.delta, cumulative === 'normOfSum' ? measured.normOfSum : undefined));
  }
  return { estimates, K: chooseTruncation(estimates, stream.truncation) };
}

/** One update of K as panels and the CLI show it: the probes' mean φ̄ and the estimate from it, and the K chosen. */
export interface TruncationSnapshot {
  /** The training step at which K was estimated. */
  step: number;
  K: number;
  delta: number;
  /** φ̄_k averaged over the probes, k = 0 … W − 1. */
  phi: number[];
  /** log β̂, τ and δ̂(K) (K = 1 … W) of that mean φ̄. */
  logBeta: number;
  tau: number;
  relativeBias: number[];
  /** Any probe found β̂ ≥ 1 (no decay: K at its maximum). */
  noDecay: boolean;
  /** Each probe's K̂, before averaging and clipping. */
  probeK: number[];
}

export function summarizeProbes({ estimates, K }: TruncationUpdate, delta: number, step: number): TruncationSnapshot {
  const mean = (of: (estimate: TruncationEstimate) => number[]) =>
    of(estimates[0]).map((_, k) => estimates.reduce((total, estimate) => total + of(estimate)[k], 0) / estimates.length);
  const phi = mean((estimate) => estimate.phi);
  const cumulative = estimates[0].cumulative ? mean((estimate) => estimate.cumulative!) : undefined;
  const pooled = estimateTruncation(phi, phi.length - estimates[0].tau, delta, cumulative);
  return {
    step,
    K,
    delta,
    phi,
    logBeta: pooled.logBeta,
    tau: pooled.tau,
    relativeBias: pooled.relativeBias,
    noDecay: estimates.some((estimate) => estimate.noDecay),
    probeK: estimates.map((estimate) => estimate.K),
  };
}
