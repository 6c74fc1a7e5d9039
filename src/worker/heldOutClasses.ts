/**
 * A character model on fresh held-out windows, byte by byte: the ponder N and loss of every byte, and their
 * means per character class (src/data/charClass.ts). Shared by the page's difficulty panel (each evaluation of
 * the Wikipedia task) and `npm run cli -- ponder-by-class`.
 */
import type { Config } from '../config/schema';
import { evaluationRng } from '../core/evaluate';
import type { ActModel } from '../core/model';
import { tracePonder } from '../core/trace';
import { ponderSettingsFor } from '../core/objective';
import { statsByClass, type ClassStats } from '../data/charClass';
import type { Task, TaskData } from '../tasks/task';
import { predictionOf } from './wikiReading';

export interface HeldOutBytes {
  bytes: Uint8Array;
  ponder: Float32Array;
  /** −log2 p(next byte), in bits. */
  loss: Float32Array;
}

/** `windows` windows of the evaluation stream of `seed` (the first ones `evaluate` reads), traced byte by byte. */
export async function heldOutBytes(model: ActModel, task: Task, config: Config, data: TaskData, windows: number, seed: number): Promise<HeldOutBytes> {
  const batch = task.generate(config, windows, evaluationRng(seed), data.heldOut);
  const traces = await tracePonder(model, batch, ponderSettingsFor(config));
  const size = traces.reduce((sum, sequence) => sum + sequence.length, 0);
  const out: HeldOutBytes = { bytes: new Uint8Array(size), ponder: new Float32Array(size), loss: new Float32Array(size) };
  let i = 0;
  for (const sequence of traces) {
    sequence.inputs.forEach((oneHot, t) => {
      out.bytes[i] = oneHot.indexOf(1);
      out.ponder[i] = (sequence.ponder[t] ?? []).reduce((sum, unit) => sum + unit.steps, 0) || 1;
      out.loss[i] = predictionOf(sequence.logits[t], sequence.targets[t][0], 1).loss;
      i += 1;
    });
  }
  return out;
}

/** Mean ponder and loss per character class over `windows` held-out windows. */
export async function heldOutClassStats(model: ActModel, task: Task, config: Config, data: TaskData, windows: number, seed: number): Promise<ClassStats[]> {
  const bytes = await heldOutBytes(model, task, config, data, windows, seed);
  return statsByClass(bytes.bytes, bytes.ponder, bytes.loss);
}
