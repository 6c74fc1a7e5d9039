/**
 * The bench page's script: starts one backend the way the app's worker does (WASM binaries from the build) and
 * exposes the measurements of measure.ts to bench/browser.ts. WASM runs on one thread, so that its rows compare
 * with the single-thread matMul rate across runs; `?threads` gives it every thread the page gets, as the app has
 * (bench/threads.ts compares the two).
 */
import wasmUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import type { BackendInfo, BackendName } from '../src/core/backend';
import { initBackend } from '../src/core/backend';
import { getTask } from '../src/tasks/registry';
import type { TaskData } from '../src/tasks/task';
import type { BenchConfig } from './configs';
import { TEXT_FILE, benchConfig, textData } from './configs';
import type { ConfigMeasurement, MatMulRate, Plan } from './measure';
import { matMulRate, measureConfig } from './measure';
import type { ScalingPoint } from './memoryMeasure';
import { measureScalingPoint } from './memoryMeasure';

export interface BenchPageApi {
  start(backend: BackendName): Promise<BackendInfo>;
  matMul(size: number, reps: number): Promise<MatMulRate>;
  measure(config: BenchConfig, plan: Plan): Promise<ConfigMeasurement>;
  /** One point of the memory-scaling bench (bench/memoryScaling.ts --chromium). */
  memoryPoint(cell: string, slots: number, timed: number, profiled: number): Promise<ScalingPoint>;
}

/** What the page adds to its global scope. */
export interface BenchWindow {
  actBench: BenchPageApi;
}

interface ChromiumPerformance {
  memory?: { usedJSHeapSize: number };
}

/**
 * JS heap after collections (Chromium started with --js-flags=--expose-gc and --enable-precise-memory-info); a
 * second collection after a task turn catches what the first one only released.
 */
async function heapBytes(): Promise<number> {
  const collect = (globalThis as { gc?: () => void }).gc;
  collect?.();
  await new Promise((resolve) => setTimeout(resolve, 0));
  collect?.();
  return (performance as unknown as ChromiumPerformance).memory?.usedJSHeapSize ?? Number.NaN;
}

let text: TaskData | undefined;

async function loadText(): Promise<TaskData> {
  if (!text) {
    const response = await fetch(new URL(`/${TEXT_FILE}`, location.href));
    if (!response.ok) throw new Error(`${TEXT_FILE}: HTTP ${response.status}`);
    text = textData(new Uint8Array(await response.arrayBuffer()), TEXT_FILE);
  }
  return text;
}

const api: BenchPageApi = {
  start: (backend) => initBackend(backend, {
    wasmPaths: {
      'tfjs-backend-wasm.wasm': wasmUrl,
      'tfjs-backend-wasm-simd.wasm': wasmSimdUrl,
      'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedSimdUrl,
    },
    wasmThreads: new URLSearchParams(location.search).has('threads'),
  }),
  matMul: matMulRate,
  async measure(bench, plan) {
    const config = benchConfig(bench);
    return measureConfig(config, getTask(config.task).needsData ? await loadText() : undefined, plan, heapBytes);
  },
  memoryPoint: measureScalingPoint,
};

(globalThis as unknown as BenchWindow).actBench = api;
