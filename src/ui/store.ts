import { create } from 'zustand';
import type { ConfigProblem } from '../config/codec';
import { defaultConfig, type Config, type ConfigKey } from '../config/schema';
import type { BackendInfo } from '../core/backend';
import type { BackendRace } from '../worker/backendRace';
import type { StepMetrics } from '../core/trainer';
import type { RunId, TrainingThreads } from '../worker/protocol';

/** `starting`: the worker is building the model; `failed`: it could not, see the notices. */
export type RunPhase = 'starting' | 'paused' | 'running' | 'failed';

export interface Notice {
  id: number;
  text: string;
}

/** Where a change came from, so the confirmation shows up next to it: a setting, the preset chooser, or the link. */
export type ChangeAnchor = ConfigKey | 'preset' | 'link';

/** A change that needs a new model, waiting for the user to confirm it. */
export interface PendingChange {
  config: Config;
  /** The settings that differ from the running model's and need a new one. */
  keys: ConfigKey[];
  anchor: ChangeAnchor;
}

export interface AppState {
  /** The settings of the running model (live ones included): what the link says. */
  config: Config;
  pending: PendingChange | null;
  runId: RunId;
  phase: RunPhase;
  backend: BackendInfo | null;
  /** How `backend=auto` picked it, when it raced (backendRace.ts). */
  backendRace: BackendRace | null;
  /** The helper threads that share each training step (worker/helperThreads.ts). */
  trainingThreads: TrainingThreads | null;
  metrics: StepMetrics | null;
  /** What was wrong with the URL hash (at startup or when edited). */
  problems: ConfigProblem[];
  /** Errors from the worker and refused settings, newest last. */
  notices: Notice[];
}

export const useAppStore = create<AppState>()(() => ({
  config: defaultConfig(),
  pending: null,
  runId: 0,
  phase: 'starting',
  backend: null,
  backendRace: null,
  trainingThreads: null,
  metrics: null,
  problems: [],
  notices: [],
}));

/** The values the settings show: the pending change while one waits, else the running model's. */
export function shownConfig(state: AppState): Config {
  return state.pending?.config ?? state.config;
}

let nextNoticeId = 1;

export function addNotice(text: string): void {
  useAppStore.setState((state) => ({ notices: [...state.notices, { id: nextNoticeId++, text }] }));
}

export function dismissNotice(id: number): void {
  useAppStore.setState((state) => ({ notices: state.notices.filter((notice) => notice.id !== id) }));
}

export function dismissProblems(): void {
  useAppStore.setState({ problems: [] });
}
