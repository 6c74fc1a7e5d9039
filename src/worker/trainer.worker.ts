/**
 * The training worker: owns the backend and the Trainer, and trains while started. The main thread never trains.
 * Messages are handled one at a time in arrival order; the loop gives way to them between steps.
 * Besides the metrics of every step, it posts example traces (every few seconds) and held-out evaluations
 * (every few hundred steps and on each pause): heavy data, so infrequent.
 */
import wasmUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import type { BackendChoice, Config } from '../config/schema';
import { initBackend, type BackendEnvironment, type BackendInfo } from '../core/backend';
import { evaluate, type Evaluation } from '../core/evaluate';
import { tracePonder } from '../core/trace';
import { Trainer, ponderSettingsFor, type StepMetrics } from '../core/trainer';
import type { HostBatch } from '../core/types';
import { exampleBatch } from './exampleSet';
import {
  EVALUATION_EVERY_STEPS,
  EVALUATION_SEQUENCES,
  METRICS_INTERVAL_MS,
  TRACE_INTERVAL_MS,
  packMetrics,
  type FromWorker,
  type RunId,
  type ToWorker,
} from './protocol';

interface WorkerScope {
  postMessage(message: FromWorker, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
}
const scope = self as unknown as WorkerScope;

const backendEnvironment: BackendEnvironment = {
  wasmPaths: {
    'tfjs-backend-wasm.wasm': wasmUrl,
    'tfjs-backend-wasm-simd.wasm': wasmSimdUrl,
    'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedSimdUrl,
  },
  // The minified production build hangs the threaded WASM backend, so threads are used in dev only.
  wasmThreads: import.meta.env.DEV,
};

let runId: RunId = 0;
let trainer: Trainer | null = null;
let examples: HostBatch | null = null;
let backend: { choice: BackendChoice; info: BackendInfo } | null = null;
let running = false;
let looping = false;
let unposted: StepMetrics[] = [];
let lastPostAt = -Infinity;
let lastTraceAt = -Infinity;
let lastEvaluation: { step: number; evaluation: Evaluation } | null = null;

/** How long a new model waits, untouched, before its baseline evaluation. */
const BASELINE_DELAY_MS = 800;

let queue: Promise<void> = Promise.resolve();

/** Runs tasks one at a time, in the order given; a task's failure is reported, and the next one still runs. */
function serially(task: () => Promise<void> | void): Promise<void> {
  queue = queue.then(task).catch(reportFailure);
  return queue;
}

scope.onmessage = ({ data }) => void serially(() => handle(data));

async function handle(message: ToWorker): Promise<void> {
  switch (message.type) {
    case 'init':
      return init(message.runId, message.config);
    case 'start':
      return start();
    case 'pause':
      return pause();
    case 'step':
      return stepWhilePaused();
    case 'setLive':
      trainer?.updateLive(message.settings);
      return;
  }
}

async function init(id: RunId, config: Config): Promise<void> {
  running = false;
  trainer?.dispose();
  trainer = null;
  examples = null;
  unposted = [];
  lastEvaluation = null;
  runId = id;
  if (backend?.choice !== config.backend) {
    backend = null;
    backend = { choice: config.backend, info: await initBackend(config.backend, backendEnvironment) };
  }
  trainer = Trainer.create(config);
  examples = exampleBatch(trainer.task, config);
  scope.postMessage({ type: 'ready', runId, backend: backend.info });
  scope.postMessage({ type: 'state', runId, state: 'paused' });
  await postTrace();
  setTimeout(() => void serially(() => evaluateUntrained(id)), BASELINE_DELAY_MS);
}

/**
 * The untrained model's evaluation (the chance-level baseline), taken only while nobody has started training:
 * on a big model it takes seconds, and a Start pressed meanwhile would wait for it.
 */
async function evaluateUntrained(id: RunId): Promise<void> {
  if (id === runId && !running && trainer?.stepCount === 0 && !lastEvaluation) await postEvaluation(false);
}

function start(): void {
  if (running || !trainer) return;
  running = true;
  lastTraceAt = performance.now();
  scope.postMessage({ type: 'state', runId, state: 'running' });
  if (!looping) void trainWhileRunning();
}

async function pause(): Promise<void> {
  if (!running) return;
  running = false;
  postProgress();
  scope.postMessage({ type: 'state', runId, state: 'paused' });
  await postTrace();
  await postEvaluation(true);
}

async function stepWhilePaused(): Promise<void> {
  if (running || !trainer) return;
  unposted.push(await trainer.step());
  postProgress();
  await postTrace();
}

async function trainWhileRunning(): Promise<void> {
  looping = true;
  while (running) {
    await serially(trainOneStep);
    await nextEventLoopTurn();
  }
  looping = false;
}

async function trainOneStep(): Promise<void> {
  if (!running || !trainer) return;
  unposted.push(await trainer.step());
  const now = performance.now();
  if (now - lastPostAt >= METRICS_INTERVAL_MS) postProgress();
  if (now - lastTraceAt >= TRACE_INTERVAL_MS) await postTrace();
  if (trainer.stepCount - (lastEvaluation?.step ?? 0) >= EVALUATION_EVERY_STEPS) await postEvaluation(false);
}

function postProgress(): void {
  if (unposted.length === 0) return;
  const rows = packMetrics(unposted);
  scope.postMessage({ type: 'progress', runId, rows }, [rows.buffer]);
  unposted = [];
  lastPostAt = performance.now();
}

async function postTrace(): Promise<void> {
  if (!trainer || !examples) return;
  lastTraceAt = performance.now();
  const { config } = trainer;
  const traced = await tracePonder(trainer.model, examples, ponderSettingsFor(config));
  const trace = { step: trainer.stepCount, eps: config.eps, maxSteps: config.maxSteps, head: trainer.task.dims(config).head, examples: traced };
  scope.postMessage({ type: 'trace', runId, trace });
}

/** Evaluates on the fixed held-out stream, unless the model has not changed since the last evaluation. */
async function postEvaluation(final: boolean): Promise<void> {
  if (!trainer) return;
  const step = trainer.stepCount;
  if (lastEvaluation?.step !== step) {
    const options = { sequences: EVALUATION_SEQUENCES, seed: trainer.config.seed };
    scope.postMessage({ type: 'evaluating', runId, step });
    lastEvaluation = { step, evaluation: await evaluate(trainer.model, trainer.task, trainer.config, options) };
  } else if (!final) {
    return;
  }
  scope.postMessage({ type: 'evaluation', runId, snapshot: { ...lastEvaluation, final } });
}

function reportFailure(error: unknown): void {
  postProgress();
  scope.postMessage({ type: 'error', runId, message: error instanceof Error ? error.message : String(error) });
  if (running) {
    running = false;
    scope.postMessage({ type: 'state', runId, state: 'paused' });
  }
}

/** Gives the event loop a turn, so waiting messages get handled (a zero-delay task, unlike a clamped setTimeout). */
const wakeChannel = new MessageChannel();
const sleepers: Array<() => void> = [];
wakeChannel.port1.onmessage = () => sleepers.shift()?.();
function nextEventLoopTurn(): Promise<void> {
  return new Promise((resolve) => {
    sleepers.push(resolve);
    wakeChannel.port2.postMessage(null);
  });
}
