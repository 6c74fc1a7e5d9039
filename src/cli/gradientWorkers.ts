/**
 * `train --split-batch N`: N − 1 worker threads (gradientWorker.ts), each a GradientShard (core/shards.ts) with its own
 * WASM backend and copy of the model, so that one training step runs on N cores: the trainer's thread computes one
 * part of each batch, every worker another.
 */
import { Worker } from 'node:worker_threads';
import type { BackendChoice } from '../config/schema';
import type { ModelSpec } from '../core/model';
import type { GradientShard } from '../core/shards';
import { PortShard, startShards, type ShardPort } from '../run/gradientShards';
import type { IntFlag } from './args';

export const splitBatchFlag = {
  kind: 'int',
  placeholder: 'N',
  min: 1,
  default: 1,
  help: 'Threads that share every training step, each computing the gradients of a part of the batch (data-parallel; one more core each). Not with dropout or streaming training. Each step equals the one-thread step up to float rounding (over thousands of steps the rounding adds up to a different run of the same recipe); the same N gives the same run',
} as const satisfies IntFlag;

/**
 * The worker's module. Run from source (tsx), a worker thread does not inherit tsx's loader: it registers it first
 * and then imports the TypeScript file.
 */
function spawn(): Worker {
  const entry = new URL(import.meta.url.endsWith('.ts') ? './gradientWorker.ts' : './gradientWorker.js', import.meta.url);
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry);
  const loader = import.meta.resolve('tsx/esm/api');
  return new Worker(`import(${JSON.stringify(loader)}).then(({ register }) => { register(); return import(${JSON.stringify(entry.href)}); });`, { eval: true });
}

/** A worker thread as a shard's port. */
function workerPort(worker: Worker): ShardPort {
  return {
    post: (message, transfer) => worker.postMessage(message, transfer),
    listen(replied, stopped) {
      worker.on('message', replied);
      worker.on('error', (error) => stopped(error.message));
      worker.on('exit', (code) => stopped(`exit code ${code}`));
    },
    terminate() {
      worker.removeAllListeners('exit');
      void worker.terminate();
    },
  };
}

/** Starts `count` gradient workers for a model of `spec` on `backend` (each on one thread), ready for requests. */
export function startGradientWorkers(count: number, spec: ModelSpec, backend: BackendChoice): Promise<GradientShard[]> {
  const shards = Array.from({ length: count }, (_, i) => new PortShard(workerPort(spawn()), `gradient worker ${i + 1}`));
  return startShards(shards, spec, backend);
}
