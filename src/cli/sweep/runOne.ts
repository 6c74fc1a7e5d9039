/** One run of a sweep, from a clean directory to its done marker. */
import { readFile } from 'node:fs/promises';
import { formatNumber } from '../table';
import type { TrainSummary } from '../trainOutput';
import type { PlannedRun } from './plan';
import type { SweepProgress } from './progress';
import { metricRows } from './rows';
import { finishRun, hasLeftovers, logFileOf, modelDirOf, prepareRun } from './store';
import { runTrainProcess } from './worker';

export interface RunOptions {
  out: string;
  logEvery: number;
  backend: string | undefined;
  data: string | undefined;
  /** Passed on to each run's `train` (see cli/resources.ts). */
  ignoreResources?: boolean;
  progress: SweepProgress;
}

function describeResult(summary: TrainSummary): string {
  const source = summary.evaluation ?? summary.final;
  return `${summary.evaluation ? 'eval' : 'train'} seqError ${formatNumber(source.seqError)}, ponder ${formatNumber(source.ponder)}`;
}

async function logTail(path: string): Promise<string> {
  const text = await readFile(path, 'utf8').catch(() => '');
  return text.trim().split('\n').slice(-5).join('\n  ');
}

/** Trains the run in a worker process and records it; resolves to false (and reports why) when it failed. */
export async function runOne(run: PlannedRun, options: RunOptions): Promise<boolean> {
  const { out, progress } = options;
  const redo = hasLeftovers(out, run.id);
  await prepareRun(out, run);
  progress.startedRun(run.label, run.id, redo);
  const started = performance.now();
  const flags = [
    '--config', run.config, '--steps', String(run.steps), '--json', '--log-every', String(options.logEvery),
    '--eval', String(run.evalSequences), '--save', modelDirOf(out, run.id),
    ...(options.backend === undefined ? [] : ['--backend', options.backend]),
    ...(options.data === undefined ? [] : ['--data', options.data]),
    ...(options.ignoreResources ? ['--ignore-resources'] : []),
  ];
  const result = await runTrainProcess(flags, logFileOf(out, run.id)).catch((error: Error) => error);
  if (result instanceof Error) {
    progress.failedRun(run.label, run.id, result.message);
    return false;
  }
  const summary = result.lines.find((line) => line.kind === 'summary')?.summary;
  if (result.code !== 0 || !summary) {
    progress.failedRun(run.label, run.id, `exit code ${result.code}; ${logFileOf(out, run.id)} ends:\n  ${await logTail(logFileOf(out, run.id))}`);
    return false;
  }
  await finishRun(out, run.id, metricRows(run.id, result.lines));
  progress.finishedRun(run.label, run.id, (performance.now() - started) / 1000, describeResult(summary));
  return true;
}
