/**
 * The messages between the UI and the training worker. The worker owns the model; the UI only asks.
 * Every worker→UI message names the run it belongs to, so the UI can drop those of a run it has replaced.
 */
import type { Config } from '../config/schema';
import type { BackendInfo } from '../core/backend';
import type { LiveSettings, StepMetrics } from '../core/trainer';

/** A run is one model from its creation to the next reset; the UI numbers them. */
export type RunId = number;

export type RunState = 'running' | 'paused';

export type ToWorker =
  /** Initialise (or reset): drop any model, set up the backend the config asks for, build a new model, paused. */
  | { type: 'init'; runId: RunId; config: Config }
  | { type: 'start' }
  | { type: 'pause' }
  /** One training step; ignored while running. */
  | { type: 'step' }
  /** Settings that act on the running model, from the next step on. */
  | { type: 'setLive'; settings: Partial<LiveSettings> };

export type FromWorker =
  | { type: 'ready'; runId: RunId; backend: BackendInfo }
  | { type: 'metrics'; runId: RunId; metrics: StepMetrics }
  | { type: 'state'; runId: RunId; state: RunState }
  | { type: 'error'; runId: RunId; message: string };

/** While running, the worker posts metrics at most once per interval (~20 per second); the latest always after a pause or a single step. */
export const METRICS_INTERVAL_MS = 50;
