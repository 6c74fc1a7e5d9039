/**
 * The queue end to end: a private redis-server, the CLI's coordinator and workers as real processes, and the
 * local sweep as the reference (same seeds, same numbers).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvRecords } from '../csv';
import { EXIT } from '../exit';
import { projectVersion } from '../sweep/version';
import type { RunJobData, RunJobProgress } from './sweepQueue';
import { JOB_NAME, jobIdOf, openQueue, writeRecord } from './sweepQueue';
import type { CliProcess } from './testing';
import { RedisServer, freePort, runCli, startCli, waitFor } from './testing';

const work = mkdtempSync(join(tmpdir(), 'act-queue-'));
const started: CliProcess[] = [];
let redis: RedisServer;

const CONFIG = 'task=parity&bits=4&hidden=4&batch=4';
/** 3 seeds × (no ACT + 3 τ) = 12 runs. */
const SWEEP = ['--config', CONFIG, '--tau', '0.001,0.01,0.1', '--seeds', '3', '--steps', '40', '--log-every', '5', '--eval', '20'];
const localOut = join(work, 'local');

function start(...args: string[]): CliProcess {
  const cli = startCli(...args);
  started.push(cli);
  return cli;
}

const worker = (...extra: string[]) => start('worker', '--queue', redis.url, '--lock-seconds', '2', ...extra);
const runIds = (out: string): string[] => readdirSync(join(out, 'runs')).filter((id) => existsSync(join(out, 'runs', id, 'done')));
/** Every metric row that depends only on the seeds (timings left out), as sortable text. */
function metricLines(out: string, ids?: readonly string[]): string[] {
  return csvRecords(readFileSync(join(out, 'metrics.csv'), 'utf8'))
    .filter((row) => row.metric !== 'msPerStep' && row.metric !== 'wallSeconds' && (!ids || ids.includes(row.experiment_id)))
    .map((row) => `${row.experiment_id}|${row.step}|${row.metric}|${row.value}`)
    .sort();
}
const allMetricKeys = (out: string) => csvRecords(readFileSync(join(out, 'metrics.csv'), 'utf8')).map((r) => `${r.experiment_id}|${r.step}|${r.metric}`);

beforeAll(async () => {
  mkdirSync(join(work, 'redis'));
  redis = new RedisServer(await freePort(), join(work, 'redis'));
  await redis.start();
  const local = await runCli('sweep', ...SWEEP, '--workers', '2', '--out', localOut);
  expect(local.code, local.stderr).toBe(0);
}, 240_000);

afterAll(async () => {
  for (const cli of started) if (cli.child.exitCode === null) cli.child.kill('SIGKILL');
  await redis?.stop();
  rmSync(work, { recursive: true, force: true });
});

describe('sweep --queue with worker processes', { timeout: 240_000 }, () => {
  const out = join(work, 'queued');
  const queue = () => openQueue(redis.url, 'act-sweep');
  let victimJob = '';
  let victimName = '';
  let doneBeforeRestart: Map<string, number>;
  let coordinator: CliProcess;
  const workers: CliProcess[] = [];

  it('hands a SIGKILLed worker\'s run to another worker', async () => {
    workers.push(worker(), worker(), worker());
    coordinator = start('sweep', ...SWEEP, '--queue', redis.url, '--out', out);
    const jobs = queue();
    try {
      const victim = await waitFor('a run in the middle of training', async () => {
        const active = await jobs.getActive();
        return active.find((job) => ((job.progress as Partial<RunJobProgress>).metrics?.step ?? 0) >= 5);
      });
      victimJob = victim.id!;
      victimName = (victim.progress as RunJobProgress).worker;
      // The coordinator keeps the running run's logged steps as live curves.
      const live = join(out, 'runs', victim.data.run.id, 'live.csv');
      await waitFor('live curves of the running run', () => existsSync(live) && readFileSync(live, 'utf8').includes(`\n${victim.data.run.id},5,loss,`));
      expect(readFileSync(live, 'utf8').split('\n')[0]).toBe('experiment_id,step,metric,value');
      const process = workers.find((w) => victimName.endsWith(`:${w.child.pid}`));
      expect(process, `worker ${victimName}`).toBeDefined();
      process!.child.kill('SIGKILL');
    } finally {
      await jobs.close();
    }
  });

  it('resumes when the coordinator is killed and started again, without re-running finished runs', async () => {
    await waitFor('four finished runs', () => existsSync(join(out, 'runs')) && runIds(out).length >= 4);
    coordinator.child.kill('SIGKILL');
    await coordinator.result;
    doneBeforeRestart = new Map(runIds(out).map((id) => [id, statSync(join(out, 'runs', id, 'done')).mtimeMs]));
    coordinator = start('sweep', ...SWEEP, '--queue', redis.url, '--out', out);
    // Its summary line, not the "skipped …: already done" lines printed just before it.
    await waitFor('the coordinator to resume', () => / runs, \d+ already done/.test(coordinator.stderr()));
    expect(coordinator.stderr()).toMatch(new RegExp(`${doneBeforeRestart.size} already done`));
  });

  it('completes across a redis-server restart, every run once, with the local mode\'s numbers', async () => {
    await waitFor('the coordinator to enqueue', () => / runs on queue /.test(coordinator.stderr()));
    await redis.stop();
    await redis.start();
    const result = await coordinator.result;
    expect(result.code, result.stderr).toBe(0);
    expect(runIds(out).sort()).toEqual(runIds(localOut).sort());
    expect(new Set(allMetricKeys(out)).size).toBe(allMetricKeys(out).length);
    expect(metricLines(out)).toEqual(metricLines(localOut));
    expect(readFileSync(join(out, 'options.csv'), 'utf8')).toBe(readFileSync(join(localOut, 'options.csv'), 'utf8'));
    for (const [id, mtime] of doneBeforeRestart) expect(statSync(join(out, 'runs', id, 'done')).mtimeMs, id).toBe(mtime);
    expect(readdirSync(join(out, 'runs')).filter((id) => existsSync(join(out, 'runs', id, 'live.csv')))).toEqual([]);
    const log = workers.map((w) => w.stderr()).join('\n');
    for (const id of doneBeforeRestart.keys()) expect(log.match(new RegExp(`done .*\\(${id}\\)`, 'g')), id).toHaveLength(1);
    const jobs = queue();
    try {
      const job = await jobs.getJob(victimJob);
      expect(job?.processedBy).not.toBe(victimName);
    } finally {
      await jobs.close();
    }
  });

  it('sweep-status lists what is done and by which worker; report draws it', async () => {
    const status = await runCli('sweep-status', '--queue', redis.url);
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toMatch(/12 runs.*finished/);
    expect(status.stdout).toMatch(/^12 done, 0 running, 0 failed, 0 waiting/m);
    expect(status.stdout.match(/^ {2}\S+:\d+: .* \([0-9a-f]{12}\) in /gm)).toHaveLength(12);
    const report = await runCli('report', '--in', out, '--out', join(work, 'queued-report'));
    expect(report.code, report.stderr).toBe(0);
    expect(readFileSync(join(work, 'queued-report', 'report.md'), 'utf8')).toMatch(/\| no ACT \| 3 \|/);
  });
});

describe('queue refusals', { timeout: 120_000 }, () => {
  it('names an unreachable Redis', async () => {
    const port = await freePort();
    const result = await runCli('sweep', ...SWEEP, '--queue', `redis://127.0.0.1:${port}/0`, '--out', join(work, 'nowhere'));
    expect(result.code).toBe(EXIT.redisUnreachable);
    expect(result.stderr).toMatch(new RegExp(`cannot use Redis at redis://127.0.0.1:${port}/0: .*ECONNREFUSED`));
  });

  it('refuses a queue holding another unfinished sweep', async () => {
    const queue = openQueue(redis.url, 'busy');
    await writeRecord(queue, { sweepId: 'another', version: projectVersion(), runs: 7, planner: 'lab:/sweeps/a', finished: false });
    await queue.close();
    const result = await runCli('sweep', ...SWEEP, '--queue', redis.url, '--queue-name', 'busy', '--out', join(work, 'busy'));
    expect(result.code).toBe(EXIT.queueHoldsAnotherSweep);
    expect(result.stderr).toMatch(/queue "busy" .* holds another sweep \(another: 7 runs, results to lab:\/sweeps\/a/);
  });

  it('a worker refuses a sweep of another project version, naming both', async () => {
    const queue = openQueue(redis.url, 'old');
    await writeRecord(queue, { sweepId: 'old', version: '0.0.1+engine.0000000000', runs: 1, planner: 'lab:/old', finished: false });
    await queue.close();
    const result = await start('worker', '--queue', redis.url, '--queue-name', 'old').result;
    expect(result.code).toBe(EXIT.versionMismatch);
    expect(result.stderr).toContain(`project version ${projectVersion()}, but the sweep on queue "old" was planned by version 0.0.1+engine.0000000000`);
  });

  it('fails a job whose config does not validate, with the reason in sweep-status', async () => {
    const queue = openQueue(redis.url, 'bad');
    const version = projectVersion();
    await writeRecord(queue, { sweepId: 'bad', version, runs: 1, planner: 'lab:/bad', finished: false });
    const run = { id: 'badc0ffee000', config: 'task=parity&bits=999', steps: 5, evalSequences: 5, label: 'bad bits' };
    const data: RunJobData = { sweepId: 'bad', version, run, settings: { logEvery: 5, backend: undefined, data: undefined } };
    await queue.add(JOB_NAME, data, { jobId: jobIdOf(run.id) });
    const badWorker = worker('--queue-name', 'bad');
    try {
      await waitFor('the job to fail', async () => (await queue.getJob(jobIdOf(run.id)))?.failedReason);
      const status = await runCli('sweep-status', '--queue', redis.url, '--queue-name', 'bad');
      expect(status.stdout).toMatch(/failed:\n {2}\S+:\d+: bad bits \(badc0ffee000\): run badc0ffee000: its config "task=parity&bits=999" does not validate: bits/);
    } finally {
      badWorker.child.kill('SIGTERM');
      await queue.close();
    }
  });
});

describe('sweep --plan-only and sweep-run --index', { timeout: 120_000 }, () => {
  it('runs every index of a plan into the same files as the local sweep', async () => {
    const dir = join(work, 'planned');
    const subset = ['--config', CONFIG, '--tau', '0.01', '--seeds', '1', '--steps', '40', '--log-every', '5', '--eval', '20'];
    const plan = await runCli('sweep', ...subset, '--plan-only', '--out', dir);
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout.trim()).toBe('2');
    const runs = await Promise.all(['0', '1'].map((index) => runCli('sweep-run', '--plan', dir, '--index', index)));
    for (const run of runs) expect(run.code, run.stderr).toBe(0);
    const ids = runIds(dir);
    expect(ids).toHaveLength(2);
    const report = await runCli('report', '--in', dir, '--out', join(work, 'planned-report'));
    expect(report.code, report.stderr).toBe(0);
    expect(metricLines(dir)).toEqual(metricLines(localOut, ids));
    const past = await runCli('sweep-run', '--plan', dir, '--index', '2');
    expect(past.code).toBe(2);
    expect(past.stderr).toMatch(/--index 2 is past the plan's last run \(2 runs: indexes 0-1\)/);
  });
});
