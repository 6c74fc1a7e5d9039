/**
 * Runs grouped the way the paper plots them: one group per τ with ACT, one for the runs without pondering; and
 * for comparisons of halting methods, one group per setting (method and knob).
 */
import { settingLabel } from '../../charts/methods';
import type { DifficultyResult, RunResult } from './load';

export interface Stats {
  mean: number;
  /** Sample standard deviation over the runs (0 for a single run). */
  sd: number;
}

export interface RunGroup {
  label: string;
  /** null for the runs without ACT. */
  tau: number | null;
  runs: RunResult[];
  seqError: Stats;
  /** NaN where a run lacks it (a sweep written before eval_bitsPerTarget). */
  bitsPerTarget: Stats;
  ponder: Stats;
  /** Per difficulty value: the mean over the group's runs (count: summed). */
  byDifficulty: DifficultyResult[];
}

export function stats(values: readonly number[]): Stats {
  const mean = values.reduce((sum, v) => sum + v, 0) / values.length;
  const variance = values.length > 1 ? values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / (values.length - 1) : 0;
  return { mean, sd: Math.sqrt(variance) };
}

function meanByDifficulty(runs: readonly RunResult[]): DifficultyResult[] {
  const buckets = new Map<number, DifficultyResult[]>();
  for (const entry of runs.flatMap((run) => run.byDifficulty)) buckets.set(entry.difficulty, [...(buckets.get(entry.difficulty) ?? []), entry]);
  return [...buckets.entries()]
    .sort(([a], [b]) => a - b)
    .map(([difficulty, entries]) => ({
      difficulty,
      count: entries.reduce((sum, e) => sum + e.count, 0),
      seqError: stats(entries.map((e) => e.seqError)).mean,
      ponder: stats(entries.map((e) => e.ponder)).mean,
    }));
}

function groupOf(label: string, tau: number | null, runs: RunResult[]): RunGroup {
  return {
    label,
    tau,
    runs,
    seqError: stats(runs.map((r) => r.seqError)),
    bitsPerTarget: stats(runs.map((r) => r.bitsPerTarget ?? Number.NaN)),
    ponder: stats(runs.map((r) => r.ponder)),
    byDifficulty: meanByDifficulty(runs),
  };
}

/** Every setting (method and knob) with its runs, in method order then knob order. */
export function groupBySetting(runs: readonly RunResult[]): RunGroup[] {
  const order = ['act', 'pondernet', 'repeat', 'none'];
  const rank = (halting: string) => (order.includes(halting) ? order.indexOf(halting) : order.length);
  const keys = [...new Map(runs.map((run) => [`${run.halting}|${run.knob}`, run])).values()]
    .sort((a, b) => rank(a.halting) - rank(b.halting) || a.halting.localeCompare(b.halting) || a.knob - b.knob);
  return keys.map(({ halting, knob }) => groupOf(settingLabel({ halting, knob }), halting === 'act' ? knob : null, runs.filter((run) => run.halting === halting && run.knob === knob)));
}

export function groupRuns(runs: readonly RunResult[]): { baseline?: RunGroup; byTau: RunGroup[] } {
  const withoutAct = runs.filter((run) => run.halting === 'none');
  const taus = [...new Set(runs.filter((run) => run.act).map((run) => run.tau))].sort((a, b) => a - b);
  return {
    ...(withoutAct.length > 0 ? { baseline: groupOf('no ACT', null, withoutAct) } : {}),
    byTau: taus.map((tau) => groupOf(`τ = ${tau}`, tau, runs.filter((run) => run.act && run.tau === tau))),
  };
}
