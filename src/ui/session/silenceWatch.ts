/**
 * Notices a worker that stopped answering: every message it posts counts as a sign of life, its heartbeats say
 * how long it may legitimately be silent (worker/heartbeat.ts). Checked on a timer; never while the page is
 * hidden (a background tab's timers are throttled, and its worker may be too).
 */
import { isHeartbeat, silenceLimitMs } from '../../worker/heartbeat';

export class SilenceWatch {
  private lastHeard: number;
  private longestGapMs = 0;
  private reported = false;

  constructor(
    private readonly silent: (seconds: number) => void,
    private readonly now: () => number = () => performance.now(),
    private readonly hidden: () => boolean = () => typeof document !== 'undefined' && document.visibilityState === 'hidden',
  ) {
    this.lastHeard = now();
  }

  /** Any message from the worker. */
  heard(message: unknown): void {
    this.lastHeard = this.now();
    this.reported = false;
    if (isHeartbeat(message)) this.longestGapMs = Math.max(this.longestGapMs, message.longestGapMs);
  }

  /** A fresh worker: nothing is known about it yet. */
  reset(): void {
    this.lastHeard = this.now();
    this.longestGapMs = 0;
    this.reported = false;
  }

  /** Called on a timer: reports the death once per silence. */
  check(): void {
    if (this.hidden()) {
      this.lastHeard = this.now();
      return;
    }
    const silence = this.now() - this.lastHeard;
    if (this.reported || silence <= silenceLimitMs(this.longestGapMs)) return;
    this.reported = true;
    this.silent(Math.round(silence / 1000));
  }
}
