/** What the UI says about the run's safety: divergence, where a restored run came from, and when it was last kept. */
import { create } from 'zustand';
import type { MemoryStats, RunId } from '../../worker/protocol';
import type { ModelOrigin } from '../../worker/taskSnapshots';

export interface Divergence {
  step: number;
  what: string[];
  restoredStep: number;
}

/** How the current run came back: after a reload, from files, or after the worker or its GPU failed. */
export type RestoreOrigin = 'reload' | 'import' | 'recovery';

export interface RestoredNote {
  origin: RestoreOrigin;
  savedAt: number;
  step: number;
  /** The file it was imported from. */
  fileName?: string;
  /** What failed, for a recovery. */
  reason?: string;
}

/** A run kept in this browser that was not restored because the link asks for other settings. */
export interface KeptRun {
  savedAt: number;
  step: number;
  task: string;
}

export interface SessionState {
  divergence: Divergence | null;
  restored: RestoredNote | null;
  kept: KeptRun | null;
  /** When the current run was last written to this browser's storage, and at which step. */
  saved: { at: number; step: number } | null;
  memory: MemoryStats | null;
  /** What the run of an algorithmic task started from (its pretrained snapshot or a fresh model). */
  origin: { runId: RunId; origin: ModelOrigin } | null;
}

export const useSessionStore = create<SessionState>()(() => ({
  divergence: null,
  restored: null,
  kept: null,
  saved: null,
  memory: null,
  origin: null,
}));

/** A time as people read it: "14:03:27" today, else "12 May, 14:03". */
export function formatTime(time: number, now = Date.now()): string {
  const date = new Date(time);
  const sameDay = new Date(now).toDateString() === date.toDateString();
  const clock = date.toLocaleTimeString('en-GB', sameDay ? { hour: '2-digit', minute: '2-digit', second: '2-digit' } : { hour: '2-digit', minute: '2-digit' });
  return sameDay ? clock : `${date.toLocaleDateString('en-GB', { day: 'numeric', month: 'short' })}, ${clock}`;
}
