/**
 * The messages between the UI and the training worker. The worker owns the model; the UI only asks.
 * Every worker→UI message names the run it belongs to, so the UI can drop those of a run it has replaced.
 */
import type { Config } from '../config/schema';
import type { BackendInfo } from '../core/backend';
import type { Evaluation } from '../core/evaluate';
import type { SequenceTrace } from '../core/trace';
import type { LiveSettings, StepMetrics } from '../core/trainer';
import type { HeadSpec } from '../core/types';

/** A run is one model from its creation to the next reset; the UI numbers them. */
export type RunId = number;

export type RunState = 'running' | 'paused';

export type ToWorker =
  /** Initialise (or reset): drop any model, set up the backend the config asks for, build a new model, paused. */
  | { type: 'init'; runId: RunId; config: Config }
  | { type: 'start' }
  /** Stops training; the worker then evaluates the model and posts a final evaluation. */
  | { type: 'pause' }
  /** One training step; ignored while running. */
  | { type: 'step' }
  /** Settings that act on the running model, from the next step on. */
  | { type: 'setLive'; settings: Partial<LiveSettings> };

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
}

export type FromWorker =
  | { type: 'ready'; runId: RunId; backend: BackendInfo }
  /** The metrics of every step since the last message, packed as rows of CURVE_COLUMNS (a transferred buffer). */
  | { type: 'progress'; runId: RunId; rows: Float32Array }
  | { type: 'trace'; runId: RunId; trace: TraceSnapshot }
  /** An evaluation has started (it can take seconds on big models); its result follows as 'evaluation'. */
  | { type: 'evaluating'; runId: RunId; step: number }
  | { type: 'evaluation'; runId: RunId; snapshot: EvaluationSnapshot }
  | { type: 'state'; runId: RunId; state: RunState }
  | { type: 'error'; runId: RunId; message: string };

/** The columns of a packed metrics row, in order. */
export const CURVE_COLUMNS = ['step', 'loss', 'taskLoss', 'seqError', 'ponder', 'gradNorm', 'msPerStep'] as const satisfies readonly (keyof StepMetrics)[];
export const CURVE_WIDTH = CURVE_COLUMNS.length;

export function packMetrics(metrics: readonly StepMetrics[]): Float32Array {
  const rows = new Float32Array(metrics.length * CURVE_WIDTH);
  metrics.forEach((entry, row) => CURVE_COLUMNS.forEach((column, index) => (rows[row * CURVE_WIDTH + index] = entry[column])));
  return rows;
}

export function unpackMetrics(rows: Float32Array, row: number): StepMetrics {
  const entry = {} as StepMetrics;
  CURVE_COLUMNS.forEach((column, index) => (entry[column] = rows[row * CURVE_WIDTH + index]));
  return entry;
}

/** While running, the worker posts progress at most once per interval (~20 per second); the rest always after a pause or a single step. */
export const METRICS_INTERVAL_MS = 50;
/** While running, the example traces are refreshed about this often (a small extra forward pass). */
export const TRACE_INTERVAL_MS = 2000;
/** While running, the model is evaluated on fresh held-out sequences every this many steps, and on every pause. */
export const EVALUATION_EVERY_STEPS = 250;
export const EVALUATION_SEQUENCES = 512;
