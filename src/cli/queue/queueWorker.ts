/**
 * A queue worker: takes run jobs, trains each with `executeRun` in a scratch directory, reports every logged
 * step as job progress and sends the finished run directory back as the job's result. A worker that dies
 * mid-run holds its job only until its lock expires; BullMQ's stalled-job check (run by the other workers)
 * then puts the job back for another worker, which starts it from scratch.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Job } from 'bullmq';
import { Worker } from 'bullmq';
import { parseConfig } from '../../config/codec';
import { EXIT, ExitError, refuseOtherVersion } from '../exit';
import { printError } from '../output';
import { describeResult, executeRun } from '../sweep/runOne';
import { readRunFiles } from '../sweep/store';
import { projectVersion } from '../sweep/version';
import { checkRedis, displayUrl, redisOptions } from './connection';
import type { RunJobData, RunJobProgress, RunJobResult } from './sweepQueue';
import { connectionNotice, openQueue, readRecord, workerNameOf } from './sweepQueue';

export interface QueueWorkerOptions {
  url: string;
  queueName: string;
  concurrency: number;
  /** How long a job stays locked without renewal: a killed worker's run goes back to the queue after this. */
  lockSeconds: number;
}

/** How many times a job may lose its worker (killed, cut off) before it counts as failed. */
const MAX_STALLS = 5;

async function waitForSweep(url: string, queueName: string): Promise<string> {
  const queue = openQueue(url, queueName);
  try {
    for (let announced = false; ; announced = true) {
      const record = await readRecord(queue);
      if (record) return record.version;
      if (!announced) printError(`worker: waiting for a sweep on queue "${queueName}" at ${displayUrl(url)}`);
      await sleep(1000);
    }
  } finally {
    await queue.close();
  }
}

async function trainJob(job: Job<RunJobData, RunJobResult>, workerName: string): Promise<RunJobResult> {
  const { run, settings } = job.data;
  const { problems } = parseConfig(run.config);
  if (problems.length > 0) {
    throw new Error(`run ${run.id}: its config "${run.config}" does not validate: ${problems.map((p) => `${p.key} ${p.message}`).join('; ')}`);
  }
  const attempt = `${workerName}#${job.attemptsStarted}`;
  const scratch = await mkdtemp(join(tmpdir(), 'act-worker-'));
  const started = performance.now();
  printError(`start ${run.label} (${run.id})`);
  try {
    const outcome = await executeRun(scratch, run, settings, {
      onLine: (line) => {
        if (line.kind !== 'step') return;
        const progress: RunJobProgress = { worker: workerName, attempt, metrics: line.metrics };
        job.updateProgress(progress).catch((error: Error) => printError(`worker: cannot report progress of ${run.id}: ${error.message}`));
      },
    });
    if (!outcome.ok) throw new Error(outcome.why);
    const seconds = (performance.now() - started) / 1000;
    const result = describeResult(outcome.summary);
    printError(`done ${run.label} (${run.id}) in ${seconds.toFixed(1)}s: ${result}`);
    return { worker: workerName, seconds, result, files: await readRunFiles(scratch, run.id) };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** Serves the queue until stopped (resolves to an exit code) or until a job of another project version comes. */
export async function serveQueue(options: QueueWorkerOptions): Promise<number> {
  const { url, queueName } = options;
  await checkRedis(url);
  const version = projectVersion();
  refuseOtherVersion(version, await waitForSweep(url, queueName), `the sweep on queue "${queueName}"`);
  const workerName = workerNameOf(process.pid);
  return new Promise((resolve) => {
    const worker = new Worker<RunJobData, RunJobResult>(
      queueName,
      async (job) => {
        if (job.data.version !== version) {
          const refusal = new ExitError(`job ${job.id}: this worker is project version ${version}, the job's planner was ${job.data.version}`, EXIT.versionMismatch);
          printError(`error: ${refusal.message}; stopping`);
          void worker.close(true).then(() => resolve(refusal.exitCode));
          throw refusal;
        }
        return trainJob(job, workerName);
      },
      {
        connection: redisOptions(url),
        concurrency: options.concurrency,
        name: workerName,
        lockDuration: options.lockSeconds * 1000,
        stalledInterval: options.lockSeconds * 1000,
        maxStalledCount: MAX_STALLS,
      },
    );
    worker.on('failed', (job, error) => printError(`FAILED ${job?.data.run.label ?? '?'} (${job?.data.run.id ?? job?.id}): ${error.message}`));
    worker.on('error', connectionNotice('worker'));
    printError(`worker ${workerName}: serving queue "${queueName}" at ${displayUrl(url)}, ${options.concurrency} run(s) at a time, project version ${version}`);
    const stop = (signal: NodeJS.Signals, code: number) =>
      process.once(signal, () => {
        printError(`worker: stopped by ${signal}; a run in progress goes back to the queue within ${options.lockSeconds}s`);
        process.exit(code);
      });
    stop('SIGINT', 130);
    stop('SIGTERM', 143);
  });
}
