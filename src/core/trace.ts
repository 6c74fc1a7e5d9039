/**
 * The pondering trace: for every sequence and input step, every halting unit h^n, probability p^n, running sum,
 * the unit's output after each update, N and R. Made on request by a separate forward pass, so ordinary
 * training steps pay nothing for it.
 */
import * as tf from '@tensorflow/tfjs';
import type { HaltingSettings } from './halting/method';
import { batchTensors } from './batch';
import type { ActModel } from './model';
import { StateRecorder, type StateFrames } from './stateTrace';
import type { HostBatch } from './types';

export interface UnitPonder {
  /** N(t): updates computed. */
  steps: number;
  /** p at the last update: ACT's R(t) (1 for fixed repetition). */
  remainder: number;
  /** h^1 … h^N (PonderNet: λ_n; fixed repetition: 1 at the last update, else 0). */
  halting: number[];
  /** p^1 … p^N (sum to 1). */
  probability: number[];
  /** Σ of the halting units that did not halt, after each update. */
  cumulative: number[];
  /** The unit's output (top layer's h) after each update: [N][hidden]. */
  outputs: number[][];
}

export interface SequenceTrace {
  length: number;
  difficulty: number;
  /** [length][inputSize] */
  inputs: number[][];
  /** [length][targetWidth] */
  targets: number[][];
  targetMask: number[];
  /** [length][logits] */
  logits: number[][];
  /** [length][unit]: one unit, or one per layer when each layer ponders; empty without pondering (halting=none). */
  ponder: UnitPonder[][];
  /** Per pondering unit: its state views at every input step and ponder update (only when asked for). */
  states?: StateFrames[];
}

export interface TraceOptions {
  /** Also capture the cells' state views, at most this many values per sequence (see stateTrace.ts). */
  stateValues?: number;
}

type Kept = { t: number; u: number; n: number; halting: tf.Tensor; probability: tf.Tensor; cumulative: tf.Tensor; output: tf.Tensor };
type KeptStep = { t: number; u: number; steps: tf.Tensor; remainder: tf.Tensor };

export async function tracePonder(model: ActModel, batch: HostBatch, settings: HaltingSettings, options: TraceOptions = {}): Promise<SequenceTrace[]> {
  const records: Kept[] = [];
  const outcomes: KeptStep[] = [];
  const states = options.stateValues === undefined ? null : new StateRecorder(model.ponderingCells);
  const logits = tf.tidy(() => {
    const tensors = batchTensors(batch);
    const { logits } = model.forward(tensors.inputs, tensors.stepMask, settings, {
      ponderStep: (t, u, r) => {
        records.push({
          t, u, n: r.n,
          halting: tf.keep(r.halting), probability: tf.keep(r.probability), cumulative: tf.keep(r.cumulative), output: tf.keep(r.output),
        });
        states?.observer.ponderStep(t, u, r);
      },
      inputStep: (t, u, r) => outcomes.push({ t, u, steps: tf.keep(r.steps), remainder: tf.keep(r.remainder) }),
      endState: states?.observer.endState,
    });
    return logits;
  });
  try {
    const read = (tensor: tf.Tensor) => tensor.data();
    const [logitValues, recordValues, outcomeValues] = await Promise.all([
      logits.data(),
      Promise.all(records.map(async (r) => ({ ...r, values: await Promise.all([read(r.halting), read(r.probability), read(r.cumulative), read(r.output)]) }))),
      Promise.all(outcomes.map(async (o) => ({ ...o, values: await Promise.all([read(o.steps), read(o.remainder)]) }))),
    ]);
    const logitWidth = logits.shape[2] ?? 0;
    const hidden = model.outputSize;
    const traces = Array.from({ length: batch.batch }, (_, b): SequenceTrace => {
      let length = 0;
      for (let t = 0; t < batch.steps; t++) if (batch.stepMask[t * batch.batch + b] > 0) length = t + 1;
      const ponder: UnitPonder[][] = Array.from({ length }, () => []);
      for (const outcome of outcomeValues) {
        if (outcome.t >= length) continue;
        const steps = outcome.values[0][b];
        const own = recordValues.filter((r) => r.t === outcome.t && r.u === outcome.u && r.n <= steps);
        ponder[outcome.t][outcome.u] = {
          steps,
          remainder: outcome.values[1][b],
          halting: own.map((r) => r.values[0][b]),
          probability: own.map((r) => r.values[1][b]),
          cumulative: own.map((r) => r.values[2][b]),
          outputs: own.map((r) => Array.from(r.values[3].subarray(b * hidden, (b + 1) * hidden))),
        };
      }
      const pick = (flat: Float32Array, width: number) =>
        Array.from({ length }, (_, t) => Array.from(flat.subarray((t * batch.batch + b) * width, (t * batch.batch + b + 1) * width)));
      return {
        length,
        difficulty: batch.difficulty[b],
        inputs: pick(batch.inputs, batch.inputSize),
        targets: pick(batch.targets, batch.targetWidth),
        targetMask: Array.from({ length }, (_, t) => batch.targetMask[t * batch.batch + b]),
        logits: pick(logitValues as Float32Array, logitWidth),
        ponder,
      };
    });
    if (states) {
      const units = model.ponderingCells.map((_, u) => u);
      const rows = traces.map((trace, row) => ({ row, pondered: Array.from({ length: trace.length }, (_, t) => units.map((u) => trace.ponder[t][u]?.steps ?? 0)) }));
      const frames = await states.read(rows, options.stateValues!);
      traces.forEach((trace, row) => (trace.states = frames[row]));
    }
    return traces;
  } finally {
    states?.dispose();
    logits.dispose();
    for (const r of records) tf.dispose([r.halting, r.probability, r.cumulative, r.output]);
    for (const o of outcomes) tf.dispose([o.steps, o.remainder]);
  }
}
