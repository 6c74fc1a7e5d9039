/**
 * Probing (joined into the unions of protocol.ts): the UI asks the network about an input made by hand. One path
 * for every task: the Wikipedia task's text reading is the case whose answer is a Reading.
 *
 * Who answers: the probe worker (probe.worker.ts), which holds a copy of the weights, refreshed from every trace
 * refresh of the training worker (on each snapshot while training, on pause, after a step, after a restore), and
 * answers at once, never waiting on a training step. The training worker sends those weights ('weights') and keeps
 * every request too; it answers them itself only after 'probeHere' (the probe worker failed): then between steps.
 */
import type { Config } from '../config/schema';
import type { BackendInfo } from '../core/backend';
import type { BackendFailure, RunId, TraceSnapshot } from './protocol';
import type { Reading } from './wikiProtocol';

/** An input for the task `task` (a value its probe's `check` accepts); `id` numbers the UI's requests. */
export interface ProbeRequest {
  id: number;
  task: string;
  input: unknown;
}

/** `id` 0: the task's default input (the Wikipedia task's shipped excerpt), asked for by nobody. */
export type ProbeAnswer = { id: number; task: string } & ({ kind: 'sequence'; trace: TraceSnapshot } | { kind: 'reading'; reading: Reading });

/**
 * A copy of a run's weights at training step `step`: every variable of the model that `config` builds, in the
 * model's order, concatenated (one transferable buffer). `config` is the trainer's, live settings included.
 */
export interface ModelWeights {
  step: number;
  config: Config;
  values: Float32Array;
}

export type ProbeToWorker =
  | { type: 'probe'; request: ProbeRequest }
  /** From now on the training worker answers the requests itself (the probe worker failed). */
  | { type: 'probeHere' }
  /** The probe worker answered the latest request: training goes on (ProbeHold). */
  | { type: 'probeAnswered' }
  /** The probe gate (probeGate.ts): while it is raised, training holds at its next pause point. */
  | { type: 'probeGate'; gate: SharedArrayBuffer };

export type ProbeFromWorker =
  | { type: 'probed'; runId: RunId; answer: ProbeAnswer }
  /** The input was refused (`message` says why); the answer shown before is kept. */
  | { type: 'probeRefused'; runId: RunId; id: number; task: string; message: string }
  /** The training worker's weights after a trace refresh, for the probe worker. */
  | { type: 'weights'; runId: RunId; weights: ModelWeights };

/** What the page sends the probe worker. */
export type ToProbeWorker =
  | { type: 'weights'; runId: RunId; weights: ModelWeights }
  | { type: 'probe'; request: ProbeRequest }
  /** The probe gate (probeGate.ts), lowered once every request asked is answered. */
  | { type: 'probeGate'; gate: SharedArrayBuffer };

/** What the probe worker sends the page (its heartbeat aside). */
export type FromProbeWorker =
  | Extract<ProbeFromWorker, { type: 'probed' | 'probeRefused' }>
  /** Its backend started (`failed`: the ones tried first). */
  | { type: 'probeBackend'; backend: BackendInfo; failed: BackendFailure[] }
  /** It cannot answer (no backend started, or an answer failed): the page falls back to the training worker. */
  | { type: 'probeFailed'; message: string };
