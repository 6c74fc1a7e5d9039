/**
 * One run of a sweep, from a clean directory to its done marker: the one code path behind the local sweep,
 * `sweep-run --index` and the queue's workers.
 */
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { isDeepStrictEqual } from 'node:util';
import { savedRunStep } from '../runState';
import { formatNumber } from '../table';
import type { TrainLine, TrainSummary } from '../trainOutput';
import type { PlannedRun } from './plan';
import type { SweepProgress } from './progress';
import { metricRows } from './rows';
import { finishRun, hasLeftovers, linesFileOf, logFileOf, modelDirOf, prepareRun, readRunDefinition } from './store';
import { runTrainProcess } from './worker';

/** How every run of a sweep trains, beyond its own definition. */
export interface RunSettings {
  logEvery: number;
  backend: string | undefined;
  data: string | undefined;
  /** Passed on to each run's `train` (see cli/resources.ts). */
  ignoreResources?: boolean;
  /** Each run saves its whole state every K steps, and an unfinished run continues from there (train --resume). */
  checkpointEvery?: number;
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
 * Where an unfinished earlier attempt of this run can be continued: the step its saved state reached, when runs
 * checkpoint, the attempt was this very run and it stopped before its last step; else undefined.
 */
async function resumableStep(out: string, run: PlannedRun, settings: RunSettings): Promise<number | undefined> {
  if (settings.checkpointEvery === undefined || !isDeepStrictEqual(await readRunDefinition(out, run.id), run)) return undefined;
  const step = await savedRunStep(modelDirOf(out, run.id));
  return step !== undefined && step < run.steps ? step : undefined;
}

/** The lines an earlier attempt logged up to `step` (what a resumed run would not print again). */
async function linesUpTo(out: string, id: string, step: number): Promise<TrainLine[]> {
  const text = await readFile(linesFileOf(out, id), 'utf8').catch(() => '');
  // A process killed while writing may have left half a last line: it is left out.
  const parsed = (line: string): TrainLine[] => {
    try {
      return [JSON.parse(line) as TrainLine];
    } catch {
      return [];
    }
  };
  const lines = text.split('\n').flatMap(parsed);
  return lines.filter((line) => (line.kind === 'step' ? line.metrics.step <= step : line.kind === 'heldOut' && line.heldOut.step <= step));
}

export interface RunHooks {
  /** How the run starts: over an unfinished earlier attempt's files, and from which step if it continues it. */
  onStart?: (start: { leftovers: boolean; resumeAt: number | undefined }) => void;
  /** Each line of the run's output as it comes. */
  onLine?: (line: TrainLine) => void;
}

/**
 * Trains the run in a `train` process into out/runs/<id>/ (a clean directory; the done marker last), or, with
 * checkpoints, continues an unfinished attempt from its saved state.
 */
export async function executeRun(out: string, run: PlannedRun, settings: RunSettings, hooks: RunHooks = {}): Promise<RunOutcome> {
  const { onLine, onStart } = hooks;
  const resumeAt = await resumableStep(out, run, settings);
  onStart?.({ leftovers: hasLeftovers(out, run.id), resumeAt });
  if (resumeAt === undefined) await prepareRun(out, run);
  const earlier = resumeAt === undefined ? [] : await linesUpTo(out, run.id, resumeAt);
  const start = resumeAt === undefined ? ['--config', run.config] : ['--resume'];
  const flags = [
    ...start, '--steps', String(run.steps), '--json', '--log-every', String(settings.logEvery),
    '--eval', String(run.evalSequences), '--save', modelDirOf(out, run.id),
    ...(settings.backend === undefined ? [] : ['--backend', settings.backend]),
    ...(settings.data === undefined ? [] : ['--data', settings.data]),
    ...(settings.ignoreResources ? ['--ignore-resources'] : []),
    ...(settings.checkpointEvery === undefined ? [] : ['--checkpoint-every', String(settings.checkpointEvery)]),
  ];
  // With checkpoints every line is kept as it comes, so that a resumed attempt's curves start at the beginning.
  let kept = Promise.resolve();
  if (settings.checkpointEvery !== undefined) kept = writeFile(linesFileOf(out, run.id), earlier.map((line) => `${JSON.stringify(line)}\n`).join(''));
  const keep = (line: TrainLine) => {
    if (settings.checkpointEvery !== undefined) kept = kept.then(() => appendFile(linesFileOf(out, run.id), `${JSON.stringify(line)}\n`));
    onLine?.(line);
  };
  const result = await runTrainProcess(flags, logFileOf(out, run.id), keep).catch((error: Error) => error);
  await kept;
  if (result instanceof Error) return { ok: false, why: result.message };
  const summary = result.lines.find((line) => line.kind === 'summary')?.summary;
  if (result.code !== 0 || !summary) {
    return { ok: false, why: `exit code ${result.code}; ${logFileOf(out, run.id)} ends:\n  ${await logTail(logFileOf(out, run.id))}` };
  }
  await finishRun(out, run.id, metricRows(run.id, [...earlier, ...result.lines]));
  return { ok: true, summary };
}

/** Trains and records the run, with progress lines; resolves to false (and reports why) when it failed. */
export async function runOne(run: PlannedRun, options: RunOptions): Promise<boolean> {
  const { out, progress } = options;
  const started = performance.now();
  const outcome = await executeRun(out, run, options, { onStart: ({ leftovers, resumeAt }) => progress.startedRun(run.label, run.id, leftovers, resumeAt) });
  if (!outcome.ok) {
    progress.failedRun(run.label, run.id, outcome.why);
    return false;
  }
  progress.finishedRun(run.label, run.id, (performance.now() - started) / 1000, describeResult(outcome.summary));
  return true;
}
