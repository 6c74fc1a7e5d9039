/**
 * The probe gate: one shared integer, raised by the page when it sends an input made by hand to the probe worker
 * and lowered by the probe worker once it has answered everything asked. While it is raised, the training worker
 * holds at its next pause point (src/core/pausePoint.ts: every cell update, forward and backward), so the probe
 * worker's forward pass has the CPU to itself instead of sharing it with the rest of a training step — without
 * it, on 2 cores, a click on logic waited ≈ 3 frames for its answer while training. ProbeHold (between steps)
 * still applies where a page cannot share memory with its workers (not cross-origin isolated): then there is no gate.
 */
export const PROBE_GATE_CAP_MS = 150;

const RAISED = 1;
const LOWERED = 0;

/** A new gate, or null where memory cannot be shared with workers (no SharedArrayBuffer, not cross-origin isolated). */
export function createProbeGate(): SharedArrayBuffer | null {
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
  return isolated && typeof SharedArrayBuffer === 'function' ? new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT) : null;
}

export function raiseProbeGate(gate: SharedArrayBuffer): void {
  Atomics.store(new Int32Array(gate), 0, RAISED);
}

export function lowerProbeGate(gate: SharedArrayBuffer): void {
  const flag = new Int32Array(gate);
  Atomics.store(flag, 0, LOWERED);
  Atomics.notify(flag, 0);
}

/**
 * The training worker's hold at a pause point: returns at once unless the gate is raised, else once it is lowered,
 * or after PROBE_GATE_CAP_MS, when it lowers the gate itself (a probe worker that died or is slow holds no more).
 */
export function holdAtProbeGate(gate: SharedArrayBuffer, capMs = PROBE_GATE_CAP_MS): () => void {
  const flag = new Int32Array(gate);
  return () => {
    if (Atomics.load(flag, 0) === LOWERED) return;
    if (Atomics.wait(flag, 0, RAISED, capMs) === 'timed-out') lowerProbeGate(gate);
  };
}

/** What the training worker does at every pause point: hold at the probe gate (once there is one), and show life. */
export function trainingPausePoint(gateHold: (() => void) | null, signOfLife: (() => void) | undefined): (() => void) | null {
  if (gateHold && signOfLife) {
    return () => {
      gateHold();
      signOfLife();
    };
  }
  return gateHold ?? signOfLife ?? null;
}
