/**
 * A sweep on a BullMQ queue: one job per planned run (job id "exp-" + experiment_id, so adding a run twice
 * never duplicates it; BullMQ refuses ids that read as integers), and one record naming the sweep that owns the
 * queue, so a queue never mixes two sweeps.
 */
import { createHash } from 'node:crypto';
import { hostname } from 'node:os';
import { Queue } from 'bullmq';
import type { StepMetrics } from '../../core/trainer';
import type { PlannedRun } from '../sweep/plan';
import type { RunSettings } from '../sweep/runOne';
import type { RunFiles } from '../sweep/store';
import { EXIT, ExitError } from '../exit';
import { printError } from '../output';
import { displayUrl, redisOptions } from './connection';

export interface SweepRecord {
  sweepId: string;
  version: string;
  runs: number;
  /** Where the coordinator writes the results: "host:/abs/dir". */
  planner: string;
  /** Set by the coordinator once every run's files are written: the queue may then take another sweep. */
  finished: boolean;
}

export interface RunJobData {
  sweepId: string;
  version: string;
  run: PlannedRun;
  settings: RunSettings;
}

/** What a worker reports at every logged step while a run trains (job progress). */
export interface RunJobProgress {
  worker: string;
  /** Differs between attempts at the same job. */
  attempt: string;
  metrics: StepMetrics;
}

export interface RunJobResult {
  worker: string;
  seconds: number;
  /** The final evaluation in a few words, for progress lines. */
  result: string;
  /** The run directory as `executeRun` left it, done marker included. */
  files: RunFiles;
}

export const JOB_NAME = 'run';
export const jobIdOf = (experimentId: string): string => `exp-${experimentId}`;
export const experimentIdOf = (jobId: string): string => jobId.replace(/^exp-/, '');
export const workerNameOf = (pid: number): string => `${hostname()}:${pid}`;

/** Identifies a sweep: its runs, how they train and the project version. */
export function sweepIdOf(runs: readonly PlannedRun[], settings: RunSettings, version: string): string {
  const ids = runs.map((run) => run.id).sort();
  return createHash('sha256').update(JSON.stringify({ ids, settings, version })).digest('hex').slice(0, 12);
}

/** Reports a lost connection at most every 10 s: ioredis reconnects and commands wait meanwhile. */
export function connectionNotice(who: string): (error: Error) => void {
  let last = 0;
  return (error) => {
    if (Date.now() - last < 10_000) return;
    last = Date.now();
    printError(`${who}: ${error.message} (reconnecting; commands wait)`);
  };
}

export function openQueue(url: string, name: string): Queue<RunJobData, RunJobResult> {
  const queue = new Queue<RunJobData, RunJobResult>(name, { connection: redisOptions(url) });
  queue.on('error', connectionNotice(`queue "${name}"`));
  return queue;
}

const recordKey = (queue: Queue): string => queue.toKey('act-sweep');

export async function readRecord(queue: Queue): Promise<SweepRecord | undefined> {
  const text = await (await queue.client).get(recordKey(queue));
  return text === null ? undefined : (JSON.parse(text) as SweepRecord);
}

export async function writeRecord(queue: Queue, record: SweepRecord): Promise<void> {
  await (await queue.client).set(recordKey(queue), JSON.stringify(record));
}

/** Removes the queue's jobs and its sweep record. */
export async function obliterateQueue(queue: Queue): Promise<void> {
  await queue.obliterate({ force: true });
  await (await queue.client).del(recordKey(queue));
  await queue.resume();
}

/**
 * Makes the queue this sweep's: a new queue or the same sweep (resuming) is fine; a finished other sweep's jobs
 * are removed; an unfinished other sweep (other runs, settings or project version) is refused
 * (EXIT.queueHoldsAnotherSweep).
 */
export async function claimQueue(queue: Queue, url: string, record: SweepRecord): Promise<void> {
  const existing = await readRecord(queue);
  if (existing && !existing.finished && existing.sweepId !== record.sweepId) {
    const counts = await queue.getJobCounts('wait', 'active', 'delayed', 'prioritized', 'failed', 'completed');
    throw new ExitError(
      `queue "${queue.name}" at ${displayUrl(url)} holds another sweep (${existing.sweepId}: ${existing.runs} runs, results to ` +
        `${existing.planner}, project version ${existing.version}${existing.version === record.version ? '' : ` (this is ${record.version})`}; ${counts.completed} completed, ${counts.active} running, ${counts.wait + counts.prioritized + counts.delayed} waiting, ` +
        `${counts.failed} failed). Resume it with its own sweep command, give this sweep another --queue-name, or remove that sweep with ` +
        `\`sweep-status --queue ${displayUrl(url)} --queue-name ${queue.name} --obliterate\``,
      EXIT.queueHoldsAnotherSweep,
    );
  }
  if (existing && existing.sweepId !== record.sweepId) await obliterateQueue(queue);
  await writeRecord(queue, { ...record, finished: existing?.sweepId === record.sweepId ? existing.finished : false });
}
