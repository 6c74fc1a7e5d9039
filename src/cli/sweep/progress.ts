/** Progress lines of a sweep on stderr: runs done of the total, the run, and an ETA from this session's pace. */
import { printError } from '../output';

function formatDuration(seconds: number): string {
  if (seconds < 60) return `${Math.round(seconds)}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m${String(Math.round(seconds % 60)).padStart(2, '0')}s`;
  return `${Math.floor(seconds / 3600)}h${String(Math.round((seconds % 3600) / 60)).padStart(2, '0')}m`;
}

export class SweepProgress {
  private finished = 0;
  private ranHere = 0;
  private readonly started = performance.now();

  constructor(private readonly total: number) {}

  /** A run found finished on disk. */
  skipped(label: string, id: string): void {
    this.finished++;
    printError(`[${this.finished}/${this.total}] skipped ${label} (${id}): already done`);
  }

  /** `resumeAt`: the step an unfinished earlier attempt is continued from. */
  startedRun(label: string, id: string, redo: boolean, resumeAt?: number): void {
    if (resumeAt !== undefined) return printError(`continue ${label} (${id}) from step ${resumeAt}, where an earlier attempt saved it`);
    printError(`start ${label} (${id})${redo ? ', discarding an unfinished earlier attempt' : ''}`);
  }

  finishedRun(label: string, id: string, seconds: number, result: string): void {
    this.finished++;
    this.ranHere++;
    printError(`[${this.finished}/${this.total}] done ${label} (${id}) in ${formatDuration(seconds)}: ${result}${this.eta()}`);
  }

  failedRun(label: string, id: string, why: string): void {
    this.finished++;
    printError(`[${this.finished}/${this.total}] FAILED ${label} (${id}): ${why}`);
  }

  private eta(): string {
    const left = this.total - this.finished;
    if (left === 0) return '';
    // Wall time per run finished here already includes the parallelism of the workers.
    const perRun = (performance.now() - this.started) / 1000 / this.ranHere;
    return `; ETA ${formatDuration(perRun * left)}`;
  }
}
