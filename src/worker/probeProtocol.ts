/**
 * Probing (joined into the unions of protocol.ts): the UI asks the network about an input made by hand, and
 * the worker answers with the current weights, now and again after every trace refresh (on each snapshot while
 * training, on pause, after a step, after a restore) until another input is asked about. One path for every
 * task: the Wikipedia task's text reading is the case whose answer is a Reading.
 */
import type { RunId, TraceSnapshot } from './protocol';
import type { Reading } from './wikiProtocol';

/** An input for the task `task` (a value its probe's `check` accepts); `id` numbers the UI's requests. */
export interface ProbeRequest {
  id: number;
  task: string;
  input: unknown;
}

/** `id` 0: the task's default input (the Wikipedia task's shipped excerpt), asked for by nobody. */
export type ProbeAnswer = { id: number; task: string } & ({ kind: 'sequence'; trace: TraceSnapshot } | { kind: 'reading'; reading: Reading });

export type ProbeToWorker = { type: 'probe'; request: ProbeRequest };

export type ProbeFromWorker =
  | { type: 'probed'; runId: RunId; answer: ProbeAnswer }
  /** The input was refused (`message` says why); the answer shown before is kept. */
  | { type: 'probeRefused'; runId: RunId; id: number; task: string; message: string };
