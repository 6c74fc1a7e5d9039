/**
 * One run of a sweep, from a clean directory to its done marker: the one code path behind the local sweep,
 * `sweep-run --index` and the queue's workers.
 */
import { readFile } from 'node:fs/promises';
import { formatNumber } from '../table';
import type { TrainLine, TrainSummary } from '../trainOutput';
import type { PlannedRun } from './plan';
import type { SweepProgress } from './progress';
import { metricRows } from './rows';
import { finishRun, hasLeftovers, logFileOf, modelDirOf, prepareRun } from './store';
import { runTrainProcess } from './worker';

/** How every run of a sweep trains, beyond its own definition. */
export interface RunSettings {
  logEvery: number;
  backend: string | undefined;
  data: string | undefined;
  /** Passed on to each run's `train` (see cli/resources.ts). */
  ignoreResources?: boolean;
}

export interface RunOptions extends RunSettings {
  out: string;
  progress: SweepProgress;
}

export type RunOutcome = { ok: true; summary: TrainSummary } | { ok: false; why: string };

export function describeResult(summary: TrainSummary): string {
  const source = summary.evaluation ?? summary.final;
  return `${summary.evaluation ? 'eval' : 'train'} seqError ${formatNumber(source.seqError)}, ponder ${formatNumber(source.ponder)}`;
}

async function logTail(path: string): Promise<string> {
  const text = await readFile(path, 'utf8').catch(() => '');
  return text.trim().split('\n').slice(-5).join('\n  ');
}

/**
 * Trains the run in a `train` process into out/runs/<id>/ (a clean directory; the done marker last);
 * onLine sees each line of its output as it comes.
 */
export async function executeRun(out: string, run: PlannedRun, settings: RunSettings, onLine?: (line: TrainLine) => void): Promise<RunOutcome> {
  await prepareRun(out, run);
  const flags = [
    '--config', run.config, '--steps', String(run.steps), '--json', '--log-every', String(settings.logEvery),
    '--eval', String(run.evalSequences), '--save', modelDirOf(out, run.id),
    ...(settings.backend === undefined ? [] : ['--backend', settings.backend]),
    ...(settings.data === undefined ? [] : ['--data', settings.data]),
    ...(settings.ignoreResources ? ['--ignore-resources'] : []),
  ];
  const result = await runTrainProcess(flags, logFileOf(out, run.id), onLine).catch((error: Error) => error);
  if (result instanceof Error) return { ok: false, why: result.message };
  const summary = result.lines.find((line) => line.kind === 'summary')?.summary;
  if (result.code !== 0 || !summary) {
    return { ok: false, why: `exit code ${result.code}; ${logFileOf(out, run.id)} ends:\n  ${await logTail(logFileOf(out, run.id))}` };
  }
  await finishRun(out, run.id, metricRows(run.id, result.lines));
  return { ok: true, summary };
}

/** Trains and records the run, with progress lines; resolves to false (and reports why) when it failed. */
export async function runOne(run: PlannedRun, options: RunOptions): Promise<boolean> {
  const { out, progress } = options;
  progress.startedRun(run.label, run.id, hasLeftovers(out, run.id));
  const started = performance.now();
  const outcome = await executeRun(out, run, options);
  if (!outcome.ok) {
    progress.failedRun(run.label, run.id, outcome.why);
    return false;
  }
  progress.finishedRun(run.label, run.id, (performance.now() - started) / 1000, describeResult(outcome.summary));
  return true;
}
