/** Lines about the jobs of a sweep queue, for the coordinator's progress and `sweep-status`. */
import type { Job } from 'bullmq';
import type { RunJobData, RunJobProgress, RunJobResult } from './sweepQueue';

type RunJob = Job<RunJobData, RunJobResult>;

const workerOf = (job: RunJob): string => job.processedBy ?? (job.progress as Partial<RunJobProgress>).worker ?? 'unknown worker';

export function activeLine(job: RunJob): string {
  const { run } = job.data;
  const step = (job.progress as Partial<RunJobProgress>).metrics?.step;
  return `${workerOf(job)}: ${run.label} (${run.id}) ${step === undefined ? 'starting' : `step ${step}/${run.steps}`}`;
}

export function completedLine(job: RunJob): string {
  const { run } = job.data;
  const seconds = job.returnvalue?.seconds;
  return `${workerOf(job)}: ${run.label} (${run.id})${seconds === undefined ? '' : ` in ${seconds.toFixed(1)}s`}`;
}

export function failedLine(job: RunJob): string {
  return `${workerOf(job)}: ${job.data.run.label} (${job.data.run.id}): ${job.failedReason ?? 'no reason recorded'}`;
}
