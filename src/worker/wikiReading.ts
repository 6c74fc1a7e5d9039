/**
 * Reading a text with a model of the Wikipedia task: the text's first READ_LIMIT bytes, cut into windows of the
 * model's training length with the state reset at each window (as in training; the last step of a window still
 * predicts the first byte of the next), traced, and reduced per byte to ponder, loss, entropy and top guesses.
 */
import type { Config } from '../config/schema';
import type { ActModel } from '../core/model';
import type { SequenceTrace } from '../core/trace';
import { tracePonder } from '../core/trace';
import { ponderSettingsFor } from '../core/objective';
import { READ_LIMIT, readingBatch } from '../tasks/wiki';
import { TOP_K, type GivenText, type Reading } from './wikiProtocol';

export interface Prediction {
  /** −log2 p(next) in bits; NaN without a next byte. */
  loss: number;
  entropy: number;
  /** The k most probable classes, best first. */
  top: { value: number; probability: number }[];
}

/** Loss, entropy (bits) and top-k of a softmax over `logits`, computed stably from the log-sum-exp. */
export function predictionOf(logits: ArrayLike<number>, next: number | null, k = TOP_K): Prediction {
  let max = -Infinity;
  for (let c = 0; c < logits.length; c++) max = Math.max(max, logits[c]);
  let sum = 0;
  for (let c = 0; c < logits.length; c++) sum += Math.exp(logits[c] - max);
  const logZ = max + Math.log(sum);
  let entropy = 0;
  const top: { value: number; probability: number }[] = [];
  for (let c = 0; c < logits.length; c++) {
    const logP = logits[c] - logZ;
    const probability = Math.exp(logP);
    if (probability > 0) entropy -= probability * logP;
    if (top.length < k || probability > top[top.length - 1].probability) {
      const below = top.findIndex((entry) => entry.probability < probability);
      top.splice(below < 0 ? top.length : below, 0, { value: c, probability });
      if (top.length > k) top.pop();
    }
  }
  return { loss: next === null ? Number.NaN : (logZ - logits[next]) / Math.LN2, entropy: entropy / Math.LN2, top };
}

/** Reduces the traces of readingBatch(bytes, window) to a Reading. */
export function readingOf(traces: SequenceTrace[], bytes: Uint8Array, window: number, about: Pick<Reading, 'step' | 'name' | 'totalBytes'>): Reading {
  const n = bytes.length;
  const reading: Reading = {
    ...about,
    window,
    bytes,
    ponder: new Float32Array(n),
    loss: new Float32Array(n),
    entropy: new Float32Array(n),
    topBytes: new Uint8Array(n * TOP_K),
    topProbabilities: new Float32Array(n * TOP_K),
    stacks: [],
  };
  for (let i = 0; i < n; i++) {
    const trace = traces[Math.floor(i / window)];
    const t = i % window;
    const units = trace.ponder[t] ?? [];
    reading.ponder[i] = units.length === 0 ? 1 : units.reduce((sum, unit) => sum + unit.steps, 0);
    reading.stacks.push(units.map(({ steps, remainder, halting, probability }) => ({ steps, remainder, halting, probability })));
    const prediction = predictionOf(trace.logits[t], i + 1 < n ? bytes[i + 1] : null);
    reading.loss[i] = prediction.loss;
    reading.entropy[i] = prediction.entropy;
    prediction.top.forEach(({ value, probability }, rank) => {
      reading.topBytes[i * TOP_K + rank] = value;
      reading.topProbabilities[i * TOP_K + rank] = probability;
    });
  }
  return reading;
}

/** Reads the first READ_LIMIT bytes of `text` with `model`, in windows of the config's training window. */
export async function readText(model: ActModel, config: Config, text: GivenText, step: number): Promise<Reading> {
  const bytes = text.bytes.slice(0, READ_LIMIT);
  if (bytes.length === 0) throw new Error('There is no text to read.');
  const traces = await tracePonder(model, readingBatch(bytes, config.window), ponderSettingsFor(config));
  return readingOf(traces, bytes, config.window, { step, name: text.name, totalBytes: text.bytes.length });
}
