/**
 * The worker's sign of life. A worker can die without an error event (the browser kills it for memory, or it is
 * stuck in a kernel): it then simply stops posting. It posts a heartbeat every second; the page treats a silence
 * far longer than any the worker has shown while alive as its death (see silenceLimitMs).
 */
export const HEARTBEAT_INTERVAL_MS = 1_000;
/** The shortest silence that counts as death, whatever the worker reported. */
export const MIN_SILENCE_LIMIT_MS = 10_000;

export interface Heartbeat {
  type: 'heartbeat';
  /** The longest gap between two of this worker's heartbeats so far: how long it legitimately blocks (a long step). */
  longestGapMs: number;
}

export function isHeartbeat(message: unknown): message is Heartbeat {
  return typeof message === 'object' && message !== null && (message as { type?: unknown }).type === 'heartbeat';
}

/** A silence longer than this means the worker is gone: three times its longest known gap, and at least 10 s. */
export function silenceLimitMs(longestGapMs: number): number {
  return Math.max(MIN_SILENCE_LIMIT_MS, 3 * longestGapMs + 2_000);
}

/**
 * Starts posting heartbeats (in the worker). The gap between beats grows while synchronous work blocks the timer.
 * Returns `stop`; `expectGap(ms)`: a gap the worker is about to make knowingly (a GPU backend's first runs compile
 * their shaders, seconds on a software renderer: compileAllowance.ts), announced at once, 0 withdraws it; and
 * `beatIfDue()`: a beat from inside long synchronous work (called at every cell update, src/core/pausePoint.ts),
 * posted once an interval has passed since the last — an evaluation batch of a large model on a busy machine can
 * block the timer for longer than the page waits, yet the worker is working, not stuck.
 */
export function startHeartbeat(
  post: (beat: Heartbeat) => void,
  now: () => number = () => performance.now(),
): { stop(): void; expectGap(ms: number): void; beatIfDue(): void } {
  let last = now();
  let longestGapMs = 0;
  let expectedGapMs = 0;
  const beat = () => post({ type: 'heartbeat', longestGapMs: Math.max(longestGapMs, expectedGapMs) });
  const tick = () => {
    const time = now();
    longestGapMs = Math.max(longestGapMs, time - last);
    last = time;
    beat();
  };
  const timer = setInterval(tick, HEARTBEAT_INTERVAL_MS);
  return {
    stop: () => clearInterval(timer),
    expectGap(ms) {
      expectedGapMs = ms;
      beat();
    },
    beatIfDue() {
      if (now() - last >= HEARTBEAT_INTERVAL_MS) tick();
    },
  };
}
