/**
 * The training worker: owns the backend and the Trainer, and trains while started. The main thread never trains.
 * Messages are handled one at a time in arrival order; the loop gives way to them between steps.
 */
import wasmUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import type { BackendChoice, Config } from '../config/schema';
import { initBackend, type BackendEnvironment, type BackendInfo } from '../core/backend';
import { Trainer, type StepMetrics } from '../core/trainer';
import { METRICS_INTERVAL_MS, type FromWorker, type RunId, type ToWorker } from './protocol';

interface WorkerScope {
  postMessage(message: FromWorker): void;
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
let backend: { choice: BackendChoice; info: BackendInfo } | null = null;
let running = false;
let looping = false;
let unposted: StepMetrics | null = null;
let lastPostAt = -Infinity;

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
  unposted = null;
  runId = id;
  if (backend?.choice !== config.backend) {
    backend = null;
    backend = { choice: config.backend, info: await initBackend(config.backend, backendEnvironment) };
  }
  trainer = Trainer.create(config);
  scope.postMessage({ type: 'ready', runId, backend: backend.info });
  scope.postMessage({ type: 'state', runId, state: 'paused' });
}

function start(): void {
  if (running || !trainer) return;
  running = true;
  scope.postMessage({ type: 'state', runId, state: 'running' });
  if (!looping) void trainWhileRunning();
}

function pause(): void {
  if (!running) return;
  running = false;
  postMetrics();
  scope.postMessage({ type: 'state', runId, state: 'paused' });
}

async function stepWhilePaused(): Promise<void> {
  if (running || !trainer) return;
  unposted = await trainer.step();
  postMetrics();
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
  unposted = await trainer.step();
  if (performance.now() - lastPostAt >= METRICS_INTERVAL_MS) postMetrics();
}

function postMetrics(): void {
  if (!unposted) return;
  scope.postMessage({ type: 'metrics', runId, metrics: unposted });
  unposted = null;
  lastPostAt = performance.now();
}

function reportFailure(error: unknown): void {
  postMetrics();
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
