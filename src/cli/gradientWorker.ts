/**
 * A worker thread of `train --split-batch N` (gradientWorkers.ts): its own TF.js backend and copy of the model; for
 * each request, the gradients of its part of the batch (core/shards.ts).
 */
import { parentPort } from 'node:worker_threads';
import type { BackendChoice } from '../config/schema';
import { initBackend } from '../core/backend';
import { ActModel } from '../core/model';
import type { ModelSpec } from '../core/model';
import { Rng } from '../core/random';
import { computeShard } from '../core/shards';
import type { ShardRequest, ShardResult } from '../core/shards';

export type WorkerMessage = { kind: 'start'; spec: ModelSpec; backend: BackendChoice } | { kind: 'compute'; request: ShardRequest };
export type WorkerReply = { kind: 'ready' } | { kind: 'result'; result: ShardResult } | { kind: 'failed'; message: string };

const port = parentPort!;
let model: ActModel | undefined;
let head: ModelSpec['head'] | undefined;

async function handle(message: WorkerMessage): Promise<void> {
  if (message.kind === 'start') {
    await initBackend(message.backend);
    // The weights come with every request: the initial ones here are overwritten by the first.
    model = new ActModel(message.spec, new Rng(0));
    head = message.spec.head;
    port.postMessage({ kind: 'ready' } satisfies WorkerReply);
    return;
  }
  if (!model || !head) throw new Error('a gradient worker got a request before it was started');
  const result = await computeShard(model, head, message.request);
  port.postMessage({ kind: 'result', result } satisfies WorkerReply, result.gradients.map((gradient) => gradient.buffer as ArrayBuffer));
}

// Requests come one at a time (the trainer waits for every part of a step before the next step).
port.on('message', (message: WorkerMessage) => {
  handle(message).catch((error: unknown) => port.postMessage({ kind: 'failed', message: error instanceof Error ? error.message : String(error) } satisfies WorkerReply));
});
