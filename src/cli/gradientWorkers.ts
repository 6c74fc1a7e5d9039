/**
 * `train --split-batch N`: N − 1 worker threads (gradientWorker.ts), each a GradientShard (core/shards.ts) with its own
 * WASM backend and copy of the model, so that one training step runs on N cores: the trainer's thread computes one
 * part of each batch, every worker another.
 */
import { Worker } from 'node:worker_threads';
import type { BackendChoice } from '../config/schema';
import type { ModelSpec } from '../core/model';
import type { GradientShard, ShardRequest, ShardResult } from '../core/shards';
import type { IntFlag } from './args';
import type { WorkerMessage, WorkerReply } from './gradientWorker';

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

class WorkerShard implements GradientShard {
  private waiting?: { resolve(reply: WorkerReply): void; reject(error: Error): void };
  private stopped?: Error;

  constructor(private readonly worker: Worker, private readonly index: number) {
    worker.on('message', (reply: WorkerReply) => {
      const waiting = this.waiting;
      this.waiting = undefined;
      if (reply.kind === 'failed') waiting?.reject(new Error(`gradient worker ${index}: ${reply.message}`));
      else waiting?.resolve(reply);
    });
    const stop = (why: string) => {
      this.stopped = new Error(`gradient worker ${index} stopped: ${why}`);
      this.waiting?.reject(this.stopped);
      this.waiting = undefined;
    };
    worker.on('error', (error) => stop(error.message));
    worker.on('exit', (code) => stop(`exit code ${code}`));
  }

  ask(message: WorkerMessage): Promise<WorkerReply> {
    if (this.stopped) return Promise.reject(this.stopped);
    if (this.waiting) return Promise.reject(new Error(`gradient worker ${this.index} is busy`));
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
      this.worker.postMessage(message);
    });
  }

  async compute(request: ShardRequest): Promise<ShardResult> {
    const reply = await this.ask({ kind: 'compute', request });
    if (reply.kind !== 'result') throw new Error(`gradient worker ${this.index} answered ${reply.kind}`);
    return reply.result;
  }

  dispose(): void {
    this.worker.removeAllListeners('exit');
    void this.worker.terminate();
  }
}

/** Starts `count` gradient workers for a model of `spec` on `backend` (each on one thread), ready for requests. */
export async function startGradientWorkers(count: number, spec: ModelSpec, backend: BackendChoice): Promise<GradientShard[]> {
  const shards = Array.from({ length: count }, (_, i) => new WorkerShard(spawn(), i + 1));
  try {
    await Promise.all(shards.map((shard) => shard.ask({ kind: 'start', spec, backend })));
    return shards;
  } catch (error) {
    shards.forEach((shard) => shard.dispose());
    throw error;
  }
}
