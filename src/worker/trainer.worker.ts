/**
 * The training worker: connects the TrainingService (which owns the backend and the Trainer) to the worker's
 * messages. The main thread never trains.
 */
import { loseGpuForTesting, watchDeviceLoss } from './deviceLoss';
import type { Heartbeat } from './heartbeat';
import { startHeartbeat } from './heartbeat';
import { browserMachine, trainingThreads } from './machine';
import { indexedDbRaceCache } from './backendRace';
import { RACE_SOFTWARE_WORKER, type FromWorker, type ToWorker } from './protocol';
import { TrainingService } from './trainingService';
import { WorkerHelpers } from './helperThreads';
import { TaskSnapshots } from './taskSnapshots';
import { WASM_PATHS } from './wasmFiles';
import { WikiService } from './wikiService';

interface WorkerScope {
  postMessage(message: FromWorker | Heartbeat, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
}
const scope = self as unknown as WorkerScope;

/** Gives the event loop a turn, so waiting messages get handled (a zero-delay task, unlike a clamped setTimeout). */
const wakeChannel = new MessageChannel();
const sleepers: Array<() => void> = [];
wakeChannel.port1.onmessage = () => sleepers.shift()?.();
function nextTurn(): Promise<void> {
  return new Promise((resolve) => {
    sleepers.push(resolve);
    wakeChannel.port2.postMessage(null);
  });
}

const appBase = new URL(import.meta.env.BASE_URL, self.location.origin);
const heartbeat = startHeartbeat((beat) => scope.postMessage(beat));

const threads = trainingThreads();
const service = new TrainingService(
  {
    post: (message, transfer = []) => scope.postMessage(message, transfer),
    nextTurn,
    later: (task, ms) => setTimeout(task, ms),
  },
  {
    environment: {
      wasmPaths: WASM_PATHS,
      wasmThreads: threads > 1,
      wasmThreadCount: threads,
    },
    watchBackend: watchDeviceLoss,
    machine: browserMachine(),
    raceCache: indexedDbRaceCache(),
    raceSoftware: (self as { name?: string }).name === RACE_SOFTWARE_WORKER,
    expectGap: (ms) => heartbeat.expectGap(ms),
    signOfLife: () => heartbeat.beatIfDue(),
    // The app's files (enwik8's splits, the snapshot, the default text) are fetched from where the app is served.
    wiki: new WikiService((url) => fetch(url), appBase),
    snapshots: new TaskSnapshots((url) => fetch(url), appBase),
    helpers: new WorkerHelpers(navigator.hardwareConcurrency || 1),
  },
);

scope.onmessage = ({ data }) => void service.receive(data);
// For the browser tests (through the debugging protocol): what a driver reset or a reclaimed context does.
(self as unknown as { loseGpuForTesting: typeof loseGpuForTesting }).loseGpuForTesting = loseGpuForTesting;
