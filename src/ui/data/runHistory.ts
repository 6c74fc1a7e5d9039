/**
 * Runs kept for comparison: the held-out (ponder, error) of each run when it was paused or reset, with its
 * settings, so that trying several τ rebuilds the paper's error-versus-ponder picture, and trying several
 * halting methods compares them. Kept in localStorage, so the list survives resets and reloads.
 */
import { create } from 'zustand';
import { encodeConfig } from '../../config/codec';
import type { Config, ConfigKey } from '../../config/schema';
import { getHaltingMethod } from '../../core/halting/registry';
import type { DifficultyStats } from '../../core/evaluate';
import { getTask } from '../../tasks/registry';
import { trainedDifficultyOfRun } from '../../core/taskOptions';
import type { EvaluationSnapshot } from '../../worker/protocol';

export interface RunRecord {
  /** One per model (run), stable across updates when the same run is paused again. */
  id: string;
  task: string;
  /** The halting method (records kept before halting methods: act true → act, false → none). */
  halting: string;
  /** The method's knob: τ, λ_p or ρ (0 without one). */
  knob: number;
  /** Whether the run pondered with ACT, and its τ (kept for records and readers from before halting methods). */
  act: boolean;
  tau: number;
  cell: string;
  hidden: number;
  /** Training steps when evaluated. */
  step: number;
  /** Held-out mean N per input step, and sequence error rate. */
  ponder: number;
  seqError: number;
  /** Held-out bits per target (per character on text; absent in records kept before it was). */
  bitsPerTarget?: number;
  /** Error and ponder by difficulty (absent in records kept before methods were compared). */
  byDifficulty?: DifficultyStats[];
  /** The largest difficulty training saw, when it saw only part of them (parity trainNonZero). */
  trainedMax?: number;
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
    halting: config.halting,
    knob: knobOf(config),
    act: config.halting === 'act',
    tau: config.tau,
    cell: config.cell,
    hidden: config.hidden,
    step: snapshot.step,
    ponder: snapshot.evaluation.ponder,
    seqError: snapshot.evaluation.seqError,
    bitsPerTarget: snapshot.evaluation.bitsPerTarget,
    byDifficulty: snapshot.evaluation.byDifficulty,
    ...trainedMaxOf(config),
    hash: encodeConfig(config),
    recordedAt: Date.now(),
  };
  const others = useRunHistory.getState().runs.filter((run) => run.id !== id);
  store([...others, record].slice(-MAX_RUNS));
}

/** The knob that tells a method's runs apart: τ, λ_p, ρ (0 for a method without one). */
export function knobOf(config: Config): number {
  const key = getHaltingMethod(config.halting).knob;
  return key ? (config[key as ConfigKey] as number) : 0;
}

export function trainedMaxOf(config: Config): { trainedMax?: number } {
  const trained = trainedDifficultyOfRun(getTask(config.task), config);
  return trained ? { trainedMax: trained[1] } : {};
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
    return Array.isArray(parsed) ? parsed.filter(isRunRecord).map(withMethod) : [];
  } catch {
    return [];
  }
}

/** A record kept before halting methods has act and tau only: act → act with knob τ, else none. */
function withMethod(record: RunRecord): RunRecord {
  if (typeof record.halting === 'string' && typeof record.knob === 'number') return record;
  return { ...record, halting: record.act ? 'act' : 'none', knob: record.act ? record.tau : 0 };
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
