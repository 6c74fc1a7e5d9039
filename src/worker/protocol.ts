/**
 * The messages between the UI and the training worker. The worker owns the model; the UI only asks.
 * Every worker→UI message names the run it belongs to, so the UI can drop those of a run it has replaced.
 */
import type { ClassStats } from '../data/charClass';
import type { ModelOrigin } from './taskSnapshots';
import type { BackendChoice, Config } from '../config/schema';
import type { TruncationSnapshot } from '../core/adaptiveTruncation';
import type { BackendInfo, BackendName } from '../core/backend';
import type { BackendRace } from './backendRace';

/** The training worker's name when the page asks `backend=auto` to race software renderers too (`?race=software`). */
export const RACE_SOFTWARE_WORKER = 'trainer race-software';
import type { Evaluation } from '../core/evaluate';
import type { SequenceTrace } from '../core/trace';
import type { TrainerState } from '../core/trainerState';
import type { LiveSettings, StepMetrics } from '../core/trainer';
import type { HeadSpec } from '../core/types';
import type { ProbeFromWorker, ProbeToWorker } from './probeProtocol';
import type { WikiFromWorker, WikiToWorker } from './wikiProtocol';

/** A run is one model from its creation to the next reset; the UI numbers them. */
export type RunId = number;

export type RunState = 'running' | 'paused';

export type ToWorker =
  /**
   * Initialise (or reset): drop any model, set up the backend the config asks for (or the next one that starts,
   * never one in `avoid`), build a new model, paused. With `pretrained`, a task's pretrained snapshot (the
   * Wikipedia task's) is the new model, when it fits the config.
   */
  | { type: 'init'; runId: RunId; config: Config; avoid: BackendName[]; pretrained?: boolean }
  /**
   * Continue a saved run as run `runId`, paused. The current run is replaced only if the state restores;
   * otherwise 'restoreFailed' comes back and nothing has changed.
   */
  | { type: 'restore'; runId: RunId; state: TrainerState; backend: BackendChoice; avoid: BackendName[] }
  | { type: 'start' }
  /** Stops training; the worker then evaluates the model and posts a final evaluation. */
  | { type: 'pause' }
  /** One training step; ignored while running. */
  | { type: 'step' }
  /** Settings that act on the running model, from the next step on. */
  | { type: 'setLive'; settings: Partial<LiveSettings> }
  /** Asks for the run's complete state (answered by 'snapshot', between two training steps). */
  | { type: 'snapshot' }
  /** Asks for the tensor memory in use (answered by 'stats'). */
  | { type: 'stats' }
  | ProbeToWorker
  | WikiToWorker;

/** A backend that was tried and did not start, before the one that did. */
export interface BackendFailure {
  backend: BackendChoice;
  reason: string;
}

export interface MemoryStats {
  step: number;
  tensors: number;
  bytes: number;
}

/** The pondering of the fixed example sequences at one training step, with the settings it ran under. */
export interface TraceSnapshot {
  step: number;
  eps: number;
  maxSteps: number;
  head: HeadSpec;
  examples: SequenceTrace[];
}

export interface EvaluationSnapshot {
  step: number;
  /** True when taken because training paused: the numbers a run is compared by. */
  final: boolean;
  evaluation: Evaluation;
  /** Character models: mean ponder and loss per character class on the first held-out windows of the evaluation. */
  byClass?: ClassStats[];
}

/** Threads beside the trainer's that each compute a part of every batch (worker/helperThreads.ts). */
export interface TrainingThreads {
  helpers: number;
  /** Why there are none (they failed to start, stopped, or a live change ended the split), to show once. */
  note?: string;
}

export type FromWorker =
  /**
   * The model is built (or restored) on `backend`; `failed` lists the backends that were tried first and did not
   * start; `race`: how `backend=auto` picked it (backendRace.ts), when it raced.
   */
  /** `step`: the step the run's model starts at (a pretrained snapshot's or a saved run's; 0 for a fresh model). */
  | { type: 'ready'; runId: RunId; backend: BackendInfo; failed: BackendFailure[]; race?: BackendRace; step: number; threads: TrainingThreads }
  /** The run's helper threads stopped (one failed, or a live change cannot be split): training goes on on one thread. */
  | { type: 'threads'; runId: RunId; threads: TrainingThreads }
  /** The metrics of every step since the last message, packed as rows of CURVE_COLUMNS (a transferred buffer). */
  /** `tau`: the τ of the last row's step (it moves in ponder-budget mode; not a curve column, so saved curves keep their shape). */
  | { type: 'progress'; runId: RunId; rows: Float32Array; tau: number }
  | { type: 'trace'; runId: RunId; trace: TraceSnapshot }
  /** Adaptive truncation chose K anew (tbpttDelta > 0): the probe's decay curve and the bias estimate behind it. */
  | { type: 'truncation'; runId: RunId; update: TruncationSnapshot }
  /** An evaluation has started (it can take seconds on big models); its result follows as 'evaluation'. */
  | { type: 'evaluating'; runId: RunId; step: number }
  | { type: 'evaluation'; runId: RunId; snapshot: EvaluationSnapshot }
  /** The evaluation under way was dropped (the model changed meanwhile: a step, Start, a reset). */
  | { type: 'evaluationDropped'; runId: RunId }
  | { type: 'state'; runId: RunId; state: RunState }
  /** A step went non-finite: training paused, and the weights are back at `restoredStep`. */
  | { type: 'diverged'; runId: RunId; step: number; what: string[]; restoredStep: number }
  /** The run's complete state (its buffers transferred), after every progress message up to its step. */
  | { type: 'snapshot'; runId: RunId; state: TrainerState }
  | { type: 'stats'; runId: RunId; stats: MemoryStats }
  /** A 'restore' was refused; `runId` is the one it asked for. The current run goes on unchanged. */
  | { type: 'restoreFailed'; runId: RunId; message: string }
  /** The backend stopped working under the model (a lost GPU device): the run must be restored elsewhere. */
  | { type: 'backendLost'; runId: RunId; backend: BackendName; reason: string }
  | { type: 'error'; runId: RunId; message: string }
  | ProbeFromWorker
  /** What a new run of an algorithmic task starts from: its pretrained snapshot or a fresh model. */
  | { type: 'origin'; runId: RunId; origin: ModelOrigin }
  | WikiFromWorker;

/**
 * The columns of a packed metrics row, in order. New columns go at the end: a run saved with fewer columns reads
 * the later ones as missing (CurveBuffer.load); bitsPerTarget came last.
 */
export const CURVE_COLUMNS = ['step', 'loss', 'taskLoss', 'seqError', 'ponder', 'gradNorm', 'msPerStep', 'bitsPerTarget'] as const satisfies readonly (keyof StepMetrics)[];
export const CURVE_WIDTH = CURVE_COLUMNS.length;

export function packMetrics(metrics: readonly StepMetrics[]): Float32Array {
  const rows = new Float32Array(metrics.length * CURVE_WIDTH);
  metrics.forEach((entry, row) => CURVE_COLUMNS.forEach((column, index) => (rows[row * CURVE_WIDTH + index] = entry[column])));
  return rows;
}

export function unpackMetrics(rows: Float32Array, row: number, tau = Number.NaN): StepMetrics {
  const entry = { tau } as StepMetrics;
  CURVE_COLUMNS.forEach((column, index) => (entry[column] = rows[row * CURVE_WIDTH + index]));
  return entry;
}

/**
 * While running, the worker posts progress at most once per interval (5 per second; every step's metrics travel,
 * packed); the rest always after a pause or a single step. Each post re-renders the page's live panels: at 20 a
 * second, with every panel in view, that cost dropped frames and training steps (docs/benchmarks.md, "Frames with
 * every panel in view").
 */
export const METRICS_INTERVAL_MS = 200;
/** While running, the example traces are refreshed about this often (a small extra forward pass). */
export const TRACE_INTERVAL_MS = 2000;
/**
 * The most state-view values a trace carries, shared evenly by its examples (2^20 float32 = 4 MiB): enough for
 * every update of a small cell, and for a large memory (a DNC's N×N links) fewer frames; see core/stateTrace.ts.
 */
export const STATE_VALUES_PER_TRACE = 2 ** 20;

/** The buffers of a trace's state views, to transfer rather than copy (each is its own buffer). */
export function stateBuffers(examples: readonly SequenceTrace[]): ArrayBuffer[] {
  return examples.flatMap((example) =>
    (example.states ?? []).flatMap((frames) => [frames.steps, frames.updates, ...frames.values].map((array) => array.buffer as ArrayBuffer)),
  );
}
/** While running, the model is evaluated on fresh held-out sequences every this many steps, and on every pause. */
export const EVALUATION_EVERY_STEPS = 250;
export const EVALUATION_SEQUENCES = 512;
/** For a task that draws its difficulty curve evenly (Task.drawCurveEvenly): sequences at each difficulty. */
export const EVALUATION_PER_DIFFICULTY = 48;
