/**
 * The training worker's helper threads: Web Workers that each compute the gradients of a part of every batch
 * (core/shards.ts), so that training uses more than the one core a single-threaded WASM backend takes (where the
 * page cannot have WASM threads). Kept from run to run (each new run starts its model there); a helper that failed
 * is ended and replaced at the next run.
 */
import type { Config } from '../config/schema';
import type { BackendInfo } from '../core/backend';
import type { GradientShard } from '../core/shards';
import { shardRefusal } from '../core/shards';
import { modelSpecOf } from '../run/engine';
import { PortShard, startShards, type ShardPort } from '../run/gradientShards';

/**
 * Fewer rows a part and a split step is slower than a whole one (on this machine's 2 cores, the CLI alone: batches of
 * 32 0.67×; 128 rows in two parts 1.02–1.2×; 512: 1.32× — docs/results.md, "Logic at 10 gates on both cores").
 */
export const MIN_ROWS_PER_PART = 64;

/**
 * How many helpers a run gets: one per core beyond the trainer's and the one the page keeps for drawing and probes
 * (as for WASM threads, machine.ts): in the built app on this 2-core machine a helper on the page's core made the
 * logic quick preset train 11% fewer steps (6,389 steps in 10 minutes against 7,179; docs/benchmarks.md, "Helper threads
 * in the app"). And none unless the trainer's backend is WASM on one thread (a threaded backend has the cores
 * already: helpers serve a page without cross-origin isolation, e.g. a static host that cannot send COOP/COEP), the
 * batch gives every part at least MIN_ROWS_PER_PART rows and it can be split at all (no dropout, no streaming).
 */
export function helpersFor(config: Config, backend: BackendInfo, logicalCores: number): number {
  if (backend.name !== 'wasm' || (backend.threads ?? 1) > 1) return 0;
  const helpers = Math.min(Math.floor(logicalCores) - 2, Math.floor(config.batch / MIN_ROWS_PER_PART) - 1);
  return helpers > 0 && shardRefusal(config, helpers, 'compact') === undefined ? helpers : 0;
}

/** Helper threads as the training service asks for them. */
export interface HelperThreads {
  /** The shards for a new run of `config` on `backend`, their models started; none where helpers would not pay or could not start (then `failure` says why). */
  shardsFor(config: Config, backend: BackendInfo): Promise<{ shards: GradientShard[]; failure?: string }>;
  /** Ends every helper (after one failed): the next run starts new ones. */
  discard(): void;
}

/** Helpers as Web Workers of this worker. */
export class WorkerHelpers implements HelperThreads {
  private helpers: PortShard[] = [];
  private made = 0;

  constructor(
    private readonly logicalCores: number,
    private readonly spawn: () => Worker = () => new Worker(new URL('./helper.worker.ts', import.meta.url), { type: 'module', name: 'helper' }),
  ) {}

  async shardsFor(config: Config, backend: BackendInfo): Promise<{ shards: GradientShard[]; failure?: string }> {
    const count = helpersFor(config, backend, this.logicalCores);
    if (count === 0) return { shards: [] };
    // A thread that reported an error may still run: end it before replacing it.
    this.helpers.filter((helper) => !helper.alive).forEach((helper) => helper.dispose());
    this.helpers = this.helpers.filter((helper) => helper.alive);
    while (this.helpers.length < count) this.helpers.push(new PortShard(webWorkerPort(this.spawn()), `helper thread ${++this.made}`));
    try {
      return { shards: await startShards(this.helpers.slice(0, count), modelSpecOf(config), backend.name) };
    } catch (error) {
      // A helper that cannot start (no Worker here, out of memory) costs the run its speed, not the run.
      this.discard();
      return { shards: [], failure: error instanceof Error ? error.message : String(error) };
    }
  }

  discard(): void {
    this.helpers.forEach((helper) => helper.dispose());
    this.helpers = [];
  }
}

function webWorkerPort(worker: Worker): ShardPort {
  return {
    post: (message, transfer = []) => worker.postMessage(message, transfer),
    listen(replied, stopped) {
      worker.onmessage = ({ data }) => replied(data);
      worker.onerror = (event) => {
        event.preventDefault();
        stopped(event.message || 'an error in the helper thread');
      };
      worker.onmessageerror = () => stopped('a message could not be read');
    },
    terminate: () => worker.terminate(),
  };
}
