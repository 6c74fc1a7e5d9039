/**
 * WASM threads in Node. TF.js 4.22 turns them off there (flags_wasm.ts; tfjs issue 3830): its threaded backend
 * starts each pthread worker from a blob: URL, which Node's worker_threads cannot load. While the backend starts,
 * that URL is swapped for a file that runs the same worker code (wasmThreadWorker.cjs), and `os.cpus()` shows
 * twice the threads wanted (the binary takes half the logical cores: core/wasmThreadCount.ts). Afterwards the
 * pthread workers are unref'd, so that a finished command exits as before.
 */
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import type { BackendEnvironment } from '../core/backend';

const WORKER_FILE = fileURLToPath(new URL('./wasmThreadWorker.cjs', import.meta.url));

interface PthreadPool {
  unusedWorkers: { unref(): void }[];
  runningWorkers: { unref(): void }[];
}

/** The backend environment that runs WASM on `threads` threads in Node (one: TF.js's own start). */
export function nodeWasmThreads(threads: number): BackendEnvironment {
  return { wasmThreadCount: threads, threadedWasmStart: (start) => startThreaded(threads, start) };
}

async function startThreaded(threads: number, start: () => Promise<boolean>): Promise<boolean> {
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
  const createObjectURL = URL.createObjectURL;
  const cpus = os.cpus;
  URL.createObjectURL = (blob: Blob) => (blob.type === 'application/javascript' ? WORKER_FILE : createObjectURL(blob));
  os.cpus = () => Array.from({ length: 2 * threads }, () => cpus()[0]);
  try {
    const started = await start();
    const pool = (tf.backend() as unknown as { wasm?: { PThread?: PthreadPool } }).wasm?.PThread;
    for (const worker of [...(pool?.unusedWorkers ?? []), ...(pool?.runningWorkers ?? [])]) worker.unref();
    return started;
  } finally {
    URL.createObjectURL = createObjectURL;
    os.cpus = cpus;
  }
}
