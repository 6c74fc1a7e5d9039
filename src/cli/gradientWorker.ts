/**
 * A worker thread of `train --split-batch N` (gradientWorkers.ts): its own TF.js backend and copy of the model; for
 * each request, the gradients of its part of the batch (run/gradientShards.ts).
 */
import { parentPort } from 'node:worker_threads';
import { initBackend } from '../core/backend';
import { shardServer, type ShardMessage } from '../run/gradientShards';

const port = parentPort!;
const serve = shardServer((reply, transfer) => port.postMessage(reply, transfer), (backend) => initBackend(backend));
port.on('message', (message: ShardMessage) => serve(message));
