/**
 * Continuing a saved run (kept in this browser, or imported from files) in the worker, and exporting the current
 * one as files. The current run is replaced only once the worker has rebuilt the saved one; a run that does not
 * restore leaves an imported-over run untouched, and says why.
 */
import { encodeConfig } from '../../config/codec';
import type { Config } from '../../config/schema';
import type { BackendName } from '../../core/backend';
import type { TrainerState } from '../../core/trainerState';
import type { FromWorker, RunId, ToWorker } from '../../worker/protocol';
import { downloadBlob, fileStem } from '../data/download';
import { curves, loadRunData } from '../data/liveData';
import { runJson } from '../data/runExport';
import { addNotice, useAppStore } from '../store';
import { lastCurveMetrics } from './curveMetrics';
import { readRunFiles, runArchive } from './runArchive';
import type { RunPersistence } from './runPersistence';
import { savedConfig, type SavedRun } from './savedRun';
import { formatTime, useSessionStore, type RestoredNote } from './sessionStore';

export interface RunFiles {
  /** Reads a run from a .zip (or its files) and continues it, paused; a bad file changes nothing. */
  importFiles(files: readonly File[]): Promise<void>;
  /** Saves the current run as one .zip. */
  exportRun(): Promise<void>;
}

export interface RestoreHooks {
  nextRunId(): RunId;
  send(message: ToWorker): void;
  snapshot(): Promise<TrainerState | null>;
  compose(state: TrainerState): SavedRun;
  persistence: RunPersistence;
  /** Backends lost during this page's life. */
  avoid(): BackendName[];
  /** The saved run is about to replace the current one. */
  replacing(run: SavedRun): void;
  /** A kept run did not restore: build a new model instead. */
  failed(): void;
}

type Origin = Pick<RestoredNote, 'origin' | 'fileName' | 'reason'>;

const reasonOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

export class RunRestorer implements RunFiles {
  private pending: { runId: RunId; run: SavedRun; config: Config; origin: Origin } | null = null;

  constructor(private readonly hooks: RestoreHooks) {}

  restore(run: SavedRun, origin: Origin): void {
    const saved = savedConfig(run);
    const config = origin.origin === 'import' ? { ...saved, backend: useAppStore.getState().config.backend } : saved;
    const runId = this.hooks.nextRunId();
    this.pending = { runId, run, config, origin };
    this.hooks.send({ type: 'restore', runId, state: run.state, backend: config.backend, avoid: this.hooks.avoid() });
  }

  /** Takes the worker's answer to a restore; true when the message needs nothing more. */
  receive(message: FromWorker): boolean {
    const pending = this.pending;
    if (!pending || message.runId !== pending.runId) return false;
    if (message.type === 'restoreFailed') {
      this.pending = null;
      this.refused(pending.run, pending.origin, message.message);
      return true;
    }
    if (message.type === 'ready') {
      this.pending = null;
      this.adopt(pending.runId, pending.run, pending.config, pending.origin);
    }
    return false;
  }

  async importFiles(files: readonly File[]): Promise<void> {
    const names = files.map((file) => file.name).join(', ');
    let run: SavedRun;
    try {
      const chosen = await Promise.all(files.map(async (file) => ({ name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) })));
      run = readRunFiles(chosen);
    } catch (error) {
      addNotice(`Could not import ${names}: ${reasonOf(error)}. Your current run is unchanged.`);
      return;
    }
    this.restore(run, { origin: 'import', fileName: names });
  }

  async exportRun(): Promise<void> {
    const state = await this.hooks.snapshot();
    if (!state) return;
    const run = this.hooks.compose(state);
    const { config, backend } = useAppStore.getState();
    const archive = runArchive(run, runJson(config, backend, curves.points(), run.evaluations));
    downloadBlob(new Blob([archive.slice().buffer], { type: 'application/zip' }), `${fileStem(config.task, `run-step-${state.step}`)}.zip`);
  }

  private adopt(runId: RunId, run: SavedRun, config: Config, origin: Origin): void {
    this.hooks.replacing(run);
    loadRunData(run.curves, run.evaluations);
    useAppStore.setState({ runId, config, pending: null, phase: 'paused', metrics: lastCurveMetrics(run.state.step, run.state.tau ?? config.tau) });
    useSessionStore.setState({ restored: { ...origin, savedAt: run.savedAt, step: run.state.step }, divergence: null, kept: null });
    if (origin.origin === 'import') void this.hooks.persistence.write({ ...run, link: encodeConfig(config), savedAt: Date.now() });
    else this.hooks.persistence.adopt(run);
  }

  private refused(run: SavedRun, origin: Origin, reason: string): void {
    if (origin.origin === 'import') {
      addNotice(`Could not import ${origin.fileName}: ${reason}. Your current run is unchanged.`);
      return;
    }
    addNotice(`The run kept in this browser (from ${formatTime(run.savedAt)}, step ${run.state.step}) could not be restored: ${reason}. A new model was built instead.`);
    this.hooks.failed();
  }
}
