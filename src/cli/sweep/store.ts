/**
 * A sweep directory:
 *   DIR/runs/<id>/run.json     the run's definition (id, config, steps, evalSequences, label)
 *   DIR/runs/<id>/train.log    the worker's stderr
 *   DIR/runs/<id>/model/       the trained model (model.json, weights.bin); with --checkpoint-every also
 *                              model/run/, the run's whole state (train --resume)
 *   DIR/runs/<id>/lines.jsonl  with --checkpoint-every: the run's output lines so far
 *   DIR/runs/<id>/metrics.csv  the run's rows, written when it has finished
 *   DIR/runs/<id>/done         written last: a run without it is redone from scratch, or continued from its
 *                              saved state with --checkpoint-every
 *   DIR/options.csv, DIR/metrics.csv   rebuilt from the finished runs, so they never hold duplicates
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { parseConfig } from '../../config/codec';
import { formatFieldValue } from '../../config/fields';
import type { Config } from '../../config/schema';
import { CONFIG_KEYS, SCHEMA, relevantKeys } from '../../config/schema';
import { toCsv } from '../csv';
import type { PlannedRun } from './plan';
import type { MetricRow } from './rows';
import { METRICS_HEADER, rowFields } from './rows';

export const runDir = (out: string, id: string): string => join(out, 'runs', id);
export const modelDirOf = (out: string, id: string): string => join(runDir(out, id), 'model');
export const logFileOf = (out: string, id: string): string => join(runDir(out, id), 'train.log');
export const linesFileOf = (out: string, id: string): string => join(runDir(out, id), 'lines.jsonl');
const doneFile = (out: string, id: string) => join(runDir(out, id), 'done');

export const isDone = (out: string, id: string): boolean => existsSync(doneFile(out, id));
export const hasLeftovers = (out: string, id: string): boolean => existsSync(runDir(out, id));

/** A clean directory for a run: whatever an unfinished earlier attempt left is removed. */
export async function prepareRun(out: string, run: PlannedRun): Promise<void> {
  await rm(runDir(out, run.id), { recursive: true, force: true });
  await mkdir(runDir(out, run.id), { recursive: true });
  await writeFile(join(runDir(out, run.id), 'run.json'), `${JSON.stringify(run, null, 2)}\n`);
}

/** The run.json an earlier attempt wrote, or undefined. */
export async function readRunDefinition(out: string, id: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(join(runDir(out, id), 'run.json'), 'utf8')) as unknown;
  } catch {
    return undefined;
  }
}

export async function finishRun(out: string, id: string, rows: readonly MetricRow[]): Promise<void> {
  await writeFile(join(runDir(out, id), 'metrics.csv'), toCsv([METRICS_HEADER, ...rows.map(rowFields)]));
  await writeFile(doneFile(out, id), `${new Date().toISOString()}\n`);
}

/** A run directory's files, by path relative to it, as base64 (what a queue worker sends back). */
export type RunFiles = Record<string, string>;

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

export async function readRunFiles(out: string, id: string): Promise<RunFiles> {
  const files: RunFiles = {};
  for (const path of await filesUnder(runDir(out, id))) files[relative(runDir(out, id), path)] = (await readFile(path)).toString('base64');
  return files;
}

/** Replaces a run's directory with these files, the done marker written last. */
export async function writeRunFiles(out: string, id: string, files: RunFiles): Promise<void> {
  const dir = runDir(out, id);
  const paths = Object.keys(files);
  if (!paths.includes('done') || paths.some((path) => path.startsWith('..') || path.startsWith('/'))) {
    throw new Error(`run ${id}: the files sent back are not a finished run directory (${paths.join(', ')})`);
  }
  await rm(dir, { recursive: true, force: true });
  for (const path of [...paths.filter((name) => name !== 'done'), 'done']) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), Buffer.from(files[path], 'base64'));
  }
}

/** The temporary name is this process's own: several processes may rewrite the tables of one directory. */
async function writeAtomically(path: string, text: string): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, text);
  await rename(temporary, path);
}

interface FinishedRun {
  run: PlannedRun;
  config: Config;
}

async function finishedRuns(out: string): Promise<FinishedRun[]> {
  const ids = existsSync(join(out, 'runs')) ? await readdir(join(out, 'runs')) : [];
  const finished: FinishedRun[] = [];
  for (const id of ids.filter((candidate) => isDone(out, candidate))) {
    const path = join(runDir(out, id), 'run.json');
    const run = JSON.parse(await readFile(path, 'utf8')) as PlannedRun;
    const { config, problems } = parseConfig(run.config);
    if (problems.length > 0) throw new Error(`${path}: the config has problems: ${problems.map((p) => `${p.key} ${p.message}`).join('; ')}`);
    finished.push({ run, config });
  }
  return finished;
}

/** Runs in the order of their config values (schema order: task, cell, …, act, tau, …, seed), then steps. */
function compareRuns(a: FinishedRun, b: FinishedRun): number {
  for (const key of CONFIG_KEYS) {
    const [x, y] = [a.config[key], b.config[key]];
    if (x === y) continue;
    return typeof x === 'string' ? x.localeCompare(String(y)) : Number(x) - Number(y);
  }
  return a.run.steps - b.run.steps || a.run.evalSequences - b.run.evalSequences;
}

/** Rewrites DIR/options.csv and DIR/metrics.csv from the finished runs. */
export async function rebuildTables(out: string): Promise<number> {
  const runs = (await finishedRuns(out)).sort(compareRuns);
  const keys = CONFIG_KEYS.filter((key) => runs.some(({ config }) => relevantKeys(config).includes(key)));
  const options = runs.map(({ run, config }) => [
    run.id,
    run.steps,
    run.evalSequences,
    ...keys.map((key) => (relevantKeys(config).includes(key) ? formatFieldValue(SCHEMA[key], config[key]) : '')),
  ]);
  await writeAtomically(join(out, 'options.csv'), toCsv([['experiment_id', 'steps', 'eval', ...keys], ...options]));
  const bodies = await Promise.all(runs.map(async ({ run }) => (await readFile(join(runDir(out, run.id), 'metrics.csv'), 'utf8')).replace(/^[^\n]*\n/, '')));
  await writeAtomically(join(out, 'metrics.csv'), toCsv([METRICS_HEADER]) + bodies.join(''));
  return runs.length;
}
