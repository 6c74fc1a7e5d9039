import type { StepMetrics } from '../core/trainer';
import { METRICS_INTERVAL_MS, packMetrics } from './protocol';

/** The metrics of the steps not posted yet: sent as one packed buffer, at most every METRICS_INTERVAL_MS while training. */
export class ProgressBatch {
  private rows: StepMetrics[] = [];
  private lastPostAt = -Infinity;

  constructor(private readonly post: (rows: Float32Array, tau: number) => void) {}

  add(metrics: StepMetrics): void {
    this.rows.push(metrics);
  }

  /** Posts the waiting rows if the interval has passed since the last post. */
  postIfDue(now: number): void {
    if (now - this.lastPostAt >= METRICS_INTERVAL_MS) this.flush();
  }

  /** Posts the waiting rows now (before any message that must follow them). */
  flush(): void {
    if (this.rows.length === 0) return;
    this.post(packMetrics(this.rows), this.rows[this.rows.length - 1].tau);
    this.rows = [];
    this.lastPostAt = performance.now();
  }

  /** Forgets the waiting rows (their run is gone). */
  clear(): void {
    this.rows = [];
  }
}
