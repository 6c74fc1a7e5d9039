/**
 * The training worker's backend for each run: kept while it suits, started (with the fallback) when it does not,
 * picked by a measured race under `auto`, checked against the machine before a model is built on it, and announcing
 * each kind of work's first compile on a GPU backend to the page's watchdog.
 */
import type { BackendChoice, Config } from '../config/schema';
import { initBackend, type BackendEnvironment, type BackendInfo, type BackendName } from '../core/backend';
import type { Trainer } from '../core/trainer';
import { getTask } from '../tasks/registry';
import { budgetFor, checkResources, type Machine } from '../run/resourceGuard';
import { BackendSlot, type BackendStarter } from './backendFallback';
import { raceForBackend, raceKey, type BackendRace, type RaceCache } from './backendRace';
import { CompileAllowance } from './compileAllowance';
import type { BackendFailure } from './protocol';

export interface RunBackendOptions {
  environment: BackendEnvironment;
  startBackend?: BackendStarter;
  /** Arranges for `lost` to be called if the started backend stops working under the model (a lost GPU device). */
  watchBackend?: (info: BackendInfo, lost: (reason: string) => void) => void;
  /** What the machine offers, for the resource guard (unknown parts are assumed modest). */
  machine?: Machine;
  /** Where `backend=auto` remembers its measured picks; absent: `auto` takes the first backend that starts, unraced. */
  raceCache?: RaceCache;
  /** Race a software WebGL renderer (SwiftShader) too: for tests on machines without a GPU. */
  raceSoftware?: boolean;
  /** Announces a gap in the heartbeats the worker is about to make knowingly (heartbeat.ts); 0 withdraws it. */
  expectGap?: (ms: number) => void;
}

export class RunBackend {
  private readonly slot: BackendSlot;
  private readonly compiling: CompileAllowance;
  private readonly start: BackendStarter;
  /** How `auto` picked the running backend, while that pick holds. */
  private pickedBy: BackendRace | undefined;

  constructor(
    private readonly options: RunBackendOptions,
    /** Builds the trainer a race times a few steps of. */
    private readonly createTrainer: (config: Config) => Trainer,
  ) {
    this.start = options.startBackend ?? initBackend;
    this.slot = new BackendSlot(this.start, options.environment, options.watchBackend);
    this.compiling = new CompileAllowance((ms) => options.expectGap?.(ms));
  }

  get info(): BackendInfo | null {
    return this.slot.info;
  }

  get race(): BackendRace | undefined {
    return this.pickedBy;
  }

  /**
   * Starts the chosen backend unless it already runs; says which ones were tried first and failed. With `auto`
   * and a new model's config, a measured race picks it (backendRace.ts) — not for tasks that read text (the race
   * would need the text before the run's own start loads it), nor once a backend was lost.
   */
  async ensure(choice: BackendChoice, avoid: BackendName[], lost: (info: BackendInfo, reason: string) => void, config?: Config): Promise<BackendFailure[]> {
    const cache = this.options.raceCache;
    if (choice !== 'auto' || avoid.length > 0 || !cache || !config || getTask(config.task).needsData) {
      this.pickedBy = undefined;
      return this.slot.ensure(choice, avoid, lost);
    }
    const race: BackendStarter = async (candidate, env) => {
      if (candidate !== 'auto') return this.start(candidate, env);
      const { race, ...info } = await raceForBackend(config, env, { start: this.start, createTrainer: this.createTrainer, cache, softwareToo: this.options.raceSoftware, compiling: this.compiling });
      this.pickedBy = race;
      return info;
    };
    return this.slot.ensure(choice, avoid, lost, { key: raceKey(config), start: race });
  }

  /** Refuses, before anything is built, a model that would not fit this backend and machine (resourceGuard.ts). */
  guardResources(config: Config): void {
    const backend = this.slot.info!;
    const check = checkResources(config, budgetFor(backend.name, { ...this.options.machine, software: backend.software }));
    if (!check.ok) throw new Error(`The model was not built. ${check.message}`);
  }

  /** A new model on this backend: each kind of work compiles anew. */
  newModel(): void {
    this.compiling.forget();
  }

  /** Runs `work`, announcing it to the page's watchdog if it is the first `kind` of work to compile on a GPU backend. */
  firstRun<T>(kind: string, work: () => Promise<T>): Promise<T> {
    return this.compiling.around(this.slot.info?.name, kind, work);
  }
}
