/**
 * Runs kept for comparison: the held-out (ponder, error) of each run when it was paused or reset, with its
 * settings, so that trying several τ rebuilds the paper's error-versus-ponder picture. Kept in localStorage,
 * so the list survives resets and reloads.
 */
import { create } from 'zustand';
import { encodeConfig } from '../../config/codec';
import type { Config } from '../../config/schema';
import type { EvaluationSnapshot } from '../../worker/protocol';

export interface RunRecord {
  /** One per model (run), stable across updates when the same run is paused again. */
  id: string;
  task: string;
  act: boolean;
  tau: number;
  cell: string;
  hidden: number;
  /** Training steps when evaluated. */
  step: number;
  /** Held-out mean N per input step, and sequence error rate. */
  ponder: number;
  seqError: number;
  /** The run's link (its settings), to open it again. */
  hash: string;
  recordedAt: number;
}

const STORAGE_KEY = 'act-playground/runs/v1';
const MAX_RUNS = 200;

export interface RunHistory {
  runs: RunRecord[];
}

export const useRunHistory = create<RunHistory>()(() => ({ runs: readStored() }));

export function recordRun(id: string, config: Config, snapshot: EvaluationSnapshot): void {
  const record: RunRecord = {
    id,
    task: config.task,
    act: config.halting === 'act',
    tau: config.tau,
    cell: config.cell,
    hidden: config.hidden,
    step: snapshot.step,
    ponder: snapshot.evaluation.ponder,
    seqError: snapshot.evaluation.seqError,
    hash: encodeConfig(config),
    recordedAt: Date.now(),
  };
  const others = useRunHistory.getState().runs.filter((run) => run.id !== id);
  store([...others, record].slice(-MAX_RUNS));
}

export function removeRun(id: string): void {
  store(useRunHistory.getState().runs.filter((run) => run.id !== id));
}

export function clearRuns(): void {
  store([]);
}

function store(runs: RunRecord[]): void {
  useRunHistory.setState({ runs });
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(runs));
  } catch {
    // Storage full or disabled: the list still lives for this page.
  }
}

function readStored(): RunRecord[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter(isRunRecord) : [];
  } catch {
    return [];
  }
}

function isRunRecord(value: unknown): value is RunRecord {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  const numbers = ['tau', 'hidden', 'step', 'ponder', 'seqError', 'recordedAt'];
  const strings = ['id', 'task', 'cell', 'hash'];
  return (
    numbers.every((key) => typeof record[key] === 'number') &&
    strings.every((key) => typeof record[key] === 'string') &&
    typeof record.act === 'boolean'
  );
}
