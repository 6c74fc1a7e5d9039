/**
 * When the current run is kept in this browser: every SAVE_INTERVAL_MS while training, when training pauses,
 * shortly after single steps, and again when the evaluation of the kept step arrives. The worker exports the
 * state between two steps (milliseconds for these models) and transfers it here; the main thread adds what only
 * it has (curves, evaluations, settings, run id) and IndexedDB stores it asynchronously, off the training path.
 */
import type { TrainerState } from '../../core/trainerState';
import { addNotice } from '../store';
import { debounce } from './debounce';
import { deleteSavedRun, writeSavedRun } from './runStore';
import type { SavedRun } from './savedRun';
import { useSessionStore } from './sessionStore';

export const SAVE_INTERVAL_MS = 10_000;
export const STEP_SAVE_DELAY_MS = 1_000;

export interface PersistenceHooks {
  /** The run's state from the worker; null when the run was replaced before it came. */
  snapshot(): Promise<TrainerState | null>;
  /** The state with the curves, evaluations, settings and id the UI has now. */
  compose(state: TrainerState): SavedRun;
}

export class RunPersistence {
  private latest: SavedRun | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  private saving = false;
  private warned = false;
  private readonly afterStep = debounce(() => void this.save(), STEP_SAVE_DELAY_MS);

  constructor(private readonly hooks: PersistenceHooks) {}

  /** The run as last kept: what a restarted worker continues from. */
  get last(): SavedRun | null {
    return this.latest;
  }

  /** Training started or stopped: keep it every few seconds while it runs, and once when it stops. */
  running(isRunning: boolean): void {
    if (isRunning && this.timer === null) this.timer = setInterval(() => void this.save(), SAVE_INTERVAL_MS);
    if (isRunning || this.timer === null) return;
    clearInterval(this.timer);
    this.timer = null;
    void this.save();
  }

  stepped(): void {
    this.afterStep.schedule(undefined);
  }

  /** An evaluation arrived: if it is of the kept step, the kept run gets it too. */
  evaluated(step: number): void {
    if (this.latest?.state.step === step) void this.write(this.hooks.compose(this.latest.state));
  }

  /** The current run is one already kept (restored from storage): nothing to write. */
  adopt(run: SavedRun): void {
    this.latest = run;
  }

  /** A new model: the kept run is dropped (a reload then starts this new one). */
  forget(): void {
    this.afterStep.cancel();
    this.latest = null;
    void deleteSavedRun().catch((error: unknown) => this.warn(error));
  }

  async save(): Promise<void> {
    if (this.saving) return;
    this.saving = true;
    try {
      const state = await this.hooks.snapshot();
      if (state) await this.write(this.hooks.compose(state));
    } finally {
      this.saving = false;
    }
  }

  /** Writes a new run (e.g. one just imported) as the kept one. */
  async write(run: SavedRun): Promise<void> {
    this.latest = run;
    try {
      await writeSavedRun(run);
      useSessionStore.setState({ saved: { at: run.savedAt, step: run.state.step }, kept: null });
    } catch (error) {
      this.warn(error);
    }
  }

  private warn(error: unknown): void {
    if (this.warned) return;
    this.warned = true;
    const reason = error instanceof Error ? error.message : String(error);
    addNotice(`This browser did not keep the run (IndexedDB: ${reason}), so it will not survive a reload: use Export run to keep it.`);
  }
}
