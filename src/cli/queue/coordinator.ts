/**
 * `sweep --queue`: puts every unfinished run of the plan on the queue, shows progress, and writes each finished
 * run's directory (as its worker sent it) under DIR/runs/<id>/, then options.csv and metrics.csv, exactly as the
 * local mode does. While a run trains, its logged steps go to DIR/runs/<id>/live.csv (restarted when another
 * attempt takes over; replaced by the finished run's files), so a watcher sees live curves.
 */
import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Queue } from 'bullmq';
import { QueueEvents } from 'bullmq';
import { toCsv } from '../csv';
import { printError } from '../output';
import type { PlannedRun } from '../sweep/plan';
import type { SweepProgress } from '../sweep/progress';
import { METRICS_HEADER, metricRows, rowFields } from '../sweep/rows';
import type { RunSettings } from '../sweep/runOne';
import { isDone, rebuildTables, runDir, writeRunFiles } from '../sweep/store';
import { projectVersion } from '../sweep/version';
import { checkRedis, redisOptions } from './connection';
import { activeLine } from './describe';
import type { RunJobData, RunJobProgress, RunJobResult } from './sweepQueue';
import { JOB_NAME, claimQueue, connectionNotice, jobIdOf, openQueue, readRecord, sweepIdOf, writeRecord } from './sweepQueue';

export interface QueuedSweepOptions {
  url: string;
  queueName: string;
  out: string;
  runs: readonly PlannedRun[];
  settings: RunSettings;
  progress: SweepProgress;
}

const POLL_MS = 1000;
const STATUS_EVERY_MS = 15_000;
const ADD_CHUNK = 500;

type RunQueue = Queue<RunJobData, RunJobResult>;

/** File writes one after another: a late progress event never lands in a run directory being replaced. */
class Serial {
  private chain = Promise.resolve();
  run(task: () => Promise<void>): Promise<void> {
    this.chain = this.chain.then(task).catch((error: Error) => printError(`sweep: ${error.message}`));
    return this.chain;
  }
}

async function enqueue(queue: RunQueue, pending: Map<string, PlannedRun>, data: Omit<RunJobData, 'run'>): Promise<void> {
  const failed = new Set(await queue.getRanges(['failed'], 0, -1));
  for (const jobId of pending.keys()) {
    if (failed.has(jobId)) await (await queue.getJob(jobId))?.retry('failed');
  }
  const jobs = [...pending].map(([jobId, run]) => ({ name: JOB_NAME, data: { ...data, run }, opts: { jobId, attempts: 1 } }));
  // Adding a job whose id the queue holds already is a no-op: a resumed sweep never duplicates a run.
  for (let i = 0; i < jobs.length; i += ADD_CHUNK) await queue.addBulk(jobs.slice(i, i + ADD_CHUNK));
}

/** Live curves: each progress event appends its step's rows; a new attempt starts the file again. */
function followProgress(events: QueueEvents, out: string, pending: Map<string, PlannedRun>, serial: Serial): void {
  const attempts = new Map<string, string>();
  events.on('progress', ({ jobId, data }) => {
    const run = pending.get(jobId);
    const progress = data as RunJobProgress;
    if (!run || typeof progress !== 'object' || !progress.metrics) return;
    void serial.run(async () => {
      if (!pending.has(jobId)) return;
      const file = join(runDir(out, run.id), 'live.csv');
      const rows = toCsv(metricRows(run.id, [{ kind: 'step', metrics: progress.metrics }]).map(rowFields));
      if (attempts.get(jobId) === progress.attempt) return appendFile(file, rows);
      attempts.set(jobId, progress.attempt);
      await mkdir(runDir(out, run.id), { recursive: true });
      await writeFile(file, toCsv([METRICS_HEADER]) + rows);
    });
  });
}

/** Writes the files of newly completed runs and reports newly failed ones; resolves to the number failed. */
async function collect(queue: RunQueue, out: string, pending: Map<string, PlannedRun>, progress: SweepProgress, serial: Serial): Promise<number> {
  const [completed, failed] = await Promise.all([queue.getRanges(['completed'], 0, -1), queue.getRanges(['failed'], 0, -1)]);
  let failures = 0;
  for (const jobId of completed.filter((id) => pending.has(id))) {
    const run = pending.get(jobId)!;
    const result = (await queue.getJob(jobId))?.returnvalue;
    if (!result?.files) continue;
    await serial.run(async () => {
      await writeRunFiles(out, run.id, result.files);
      pending.delete(jobId);
      await rebuildTables(out);
      progress.finishedRun(`${run.label} by ${result.worker}`, run.id, result.seconds, result.result);
    });
  }
  for (const jobId of failed.filter((id) => pending.has(id))) {
    const run = pending.get(jobId)!;
    const job = await queue.getJob(jobId);
    pending.delete(jobId);
    failures++;
    progress.failedRun(run.label, run.id, `${job?.failedReason ?? 'no reason recorded'}${job?.processedBy ? ` (worker ${job.processedBy})` : ''}`);
  }
  return failures;
}

async function statusLine(queue: RunQueue, total: number, pending: Map<string, PlannedRun>, failures: number): Promise<string> {
  const [active, workers] = await Promise.all([queue.getActive(), queue.getWorkersCount()]);
  const running = active.filter((job) => job.id !== undefined && pending.has(job.id));
  const waiting = pending.size - running.length;
  const done = total - pending.size - failures;
  return [
    `queue "${queue.name}": ${done}/${total} done, ${running.length} running, ${failures} failed, ${waiting} waiting; ${workers} worker(s) connected`,
    ...running.map((job) => `  ${activeLine(job)}`),
  ].join('\n');
}

/** Runs the plan through the queue; resolves to the number of runs that failed. */
export async function runQueuedSweep(options: QueuedSweepOptions): Promise<number> {
  const { url, queueName, out, runs, settings, progress } = options;
  await checkRedis(url);
  const version = projectVersion();
  const sweepId = sweepIdOf(runs, settings, version);
  const queue: RunQueue = openQueue(url, queueName);
  const events = new QueueEvents(queueName, { connection: redisOptions(url) });
  events.on('error', connectionNotice('queue events'));
  try {
    await claimQueue(queue, url, { sweepId, version, runs: runs.length, planner: `${hostname()}:${resolve(out)}`, finished: false });
    const pending = new Map(runs.filter((run) => !isDone(out, run.id)).map((run) => [jobIdOf(run.id), run]));
    const serial = new Serial();
    followProgress(events, out, pending, serial);
    await enqueue(queue, pending, { sweepId, version, settings });
    printError(`sweep ${sweepId}: ${pending.size} runs on queue "${queueName}"; start workers with \`npm run cli -- worker --queue URL\``);
    let failures = 0;
    let shown = '';
    let shownAt = 0;
    while (pending.size > 0) {
      failures += await collect(queue, out, pending, progress, serial);
      const line = pending.size > 0 ? await statusLine(queue, runs.length, pending, failures) : '';
      const counts = line.split('\n')[0];
      if (line !== '' && (counts !== shown || Date.now() - shownAt > STATUS_EVERY_MS)) {
        printError(line);
        [shown, shownAt] = [counts, Date.now()];
      }
      if (pending.size > 0) await sleep(POLL_MS);
    }
    await serial.run(async () => {});
    const record = await readRecord(queue);
    if (failures === 0 && record?.sweepId === sweepId) await writeRecord(queue, { ...record, finished: true });
    return failures;
  } finally {
    await events.close();
    await queue.close();
  }
}
