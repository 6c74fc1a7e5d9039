/**
 * The probe worker: answers the inputs made by hand with its copy of the training run's weights (ProbeService),
 * on one WASM thread (else the CPU backend), so that an answer never waits on a training step and takes no
 * threads from training.
 */
import { initBackend } from '../core/backend';
import { setPausePoint } from '../core/pausePoint';
import { startBackendWithFallback } from './backendFallback';
import type { Heartbeat } from './heartbeat';
import { startHeartbeat } from './heartbeat';
import type { FromProbeWorker, ToProbeWorker } from './probeProtocol';
import { ProbeService } from './probeService';
import { WASM_PATHS } from './wasmFiles';
import { WikiService } from './wikiService';

interface WorkerScope {
  postMessage(message: FromProbeWorker | Heartbeat, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent<ToProbeWorker>) => void) | null;
}
const scope = self as unknown as WorkerScope;

// Only the Wikipedia task's default text (the shipped excerpt) is read from here.
const wiki = new WikiService((url) => fetch(url), new URL(import.meta.env.BASE_URL, self.location.origin));

const service = new ProbeService({
  post: (message, transfer = []) => scope.postMessage(message, transfer),
  startBackend: () => startBackendWithFallback('wasm', [], initBackend, { wasmPaths: WASM_PATHS, wasmThreads: false }),
  defaultInput: (config) => wiki.defaultInput(config),
});

scope.onmessage = ({ data }) => void service.receive(data);
const heartbeat = startHeartbeat((beat) => scope.postMessage(beat));
// A reading of a long text by a large model is one long synchronous pass: beat from inside it (heartbeat.ts).
setPausePoint(() => heartbeat.beatIfDue());
