/**
 * A helper thread of the training worker (helperThreads.ts): its own single-threaded WASM backend and copy of the
 * model, computing the gradients of its part of every batch (run/gradientShards.ts).
 */
import { initBackend } from '../core/backend';
import { shardServer, type ShardMessage, type ShardReply } from '../run/gradientShards';
import { WASM_PATHS } from './wasmFiles';

interface HelperScope {
  postMessage(message: ShardReply, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent<ShardMessage>) => void) | null;
}
const scope = self as unknown as HelperScope;

const serve = shardServer(
  (reply, transfer = []) => scope.postMessage(reply, transfer),
  (backend) => initBackend(backend, { wasmPaths: WASM_PATHS, wasmThreads: false }),
);
scope.onmessage = ({ data }) => serve(data);
