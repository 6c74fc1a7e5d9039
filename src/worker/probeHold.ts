/**
 * While it trains, the training worker steps aside for an input made by hand: after a probe request it starts no
 * new step until the probe worker has answered ('probeAnswered') or PROBE_HOLD_MS have passed. On a machine with
 * few cores the probe worker's forward pass then has a core of its own instead of sharing one with the next
 * training step (2 cores, training running: click → answer median 53 ms on parity, 77 ms on logic before).
 * Where the page shares memory with its workers, the probe gate (probeGate.ts) also holds a step already under way.
 */
export const PROBE_HOLD_MS = 150;

export class ProbeHold {
  private release: (() => void) | null = null;
  private held: Promise<void> | null = null;
  /** Which hold a timer belongs to: a late timer of an earlier hold does not end a newer one. */
  private generation = 0;

  constructor(private readonly later: (task: () => void, ms: number) => void) {}

  /** A request went to the probe worker: hold until it answers, or PROBE_HOLD_MS at most. */
  hold(): void {
    if (this.held) return;
    const generation = ++this.generation;
    this.held = new Promise((resolve) => (this.release = resolve));
    this.later(() => {
      if (generation === this.generation) this.answered();
    }, PROBE_HOLD_MS);
  }

  /** The probe worker answered (or training stopped): no more holding. */
  answered(): void {
    this.release?.();
    this.release = null;
    this.held = null;
  }

  /** Resolves once nothing is held. */
  wait(): Promise<void> {
    return this.held ?? Promise.resolve();
  }
}
