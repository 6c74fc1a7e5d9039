import { create } from 'zustand';
import type { ConfigProblem } from '../config/codec';
import { defaultConfig, type Config } from '../config/schema';
import type { BackendInfo } from '../core/backend';
import type { StepMetrics } from '../core/trainer';
import type { RunId } from '../worker/protocol';

/** `starting`: the worker is building the model; `failed`: it could not, see the notices. */
export type RunPhase = 'starting' | 'paused' | 'running' | 'failed';

export interface Notice {
  id: number;
  text: string;
}

export interface AppState {
  config: Config;
  runId: RunId;
  phase: RunPhase;
  backend: BackendInfo | null;
  metrics: StepMetrics | null;
  /** What was wrong with the URL hash at startup. */
  problems: ConfigProblem[];
  /** Errors from the worker and refused settings, newest last. */
  notices: Notice[];
}

export const useAppStore = create<AppState>()(() => ({
  config: defaultConfig(),
  runId: 0,
  phase: 'starting',
  backend: null,
  metrics: null,
  problems: [],
  notices: [],
}));

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
