import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { createProbeGate, holdAtProbeGate, lowerProbeGate, raiseProbeGate } from './probeGate';

const isRaised = (gate: SharedArrayBuffer) => Atomics.load(new Int32Array(gate), 0) !== 0;

/** Lowers the gate from another thread after `ms`, as the probe worker does once it has answered. */
function lowerLater(gate: SharedArrayBuffer, ms: number): Worker {
  const code = `const { workerData } = require('node:worker_threads');
    setTimeout(() => { const flag = new Int32Array(workerData); Atomics.store(flag, 0, 0); Atomics.notify(flag, 0); }, ${ms});`;
  return new Worker(code, { eval: true, workerData: gate });
}

function timed(hold: () => void): number {
  const start = performance.now();
  hold();
  return performance.now() - start;
}

describe('the probe gate', () => {
  it('does not hold while lowered', () => {
    const gate = new SharedArrayBuffer(4);
    expect(timed(holdAtProbeGate(gate, 5_000))).toBeLessThan(50);
    raiseProbeGate(gate);
    lowerProbeGate(gate);
    expect(timed(holdAtProbeGate(gate, 5_000))).toBeLessThan(50);
  });

  it('holds a raised gate until another thread lowers it', async () => {
    const gate = new SharedArrayBuffer(4);
    raiseProbeGate(gate);
    const worker = lowerLater(gate, 100);
    await new Promise((resolve) => worker.once('online', resolve));
    const held = timed(holdAtProbeGate(gate, 5_000));
    expect(held).toBeGreaterThanOrEqual(50);
    expect(held).toBeLessThan(4_000);
    expect(isRaised(gate)).toBe(false);
    await worker.terminate();
  });

  it('gives up after the cap and lowers the gate itself (a probe worker that died holds no more)', () => {
    const gate = new SharedArrayBuffer(4);
    raiseProbeGate(gate);
    const hold = holdAtProbeGate(gate, 60);
    expect(timed(hold)).toBeGreaterThanOrEqual(55);
    expect(isRaised(gate)).toBe(false);
    expect(timed(hold)).toBeLessThan(50);
  });

  it('is made only where the page is cross-origin isolated', () => {
    const scope = globalThis as { crossOriginIsolated?: boolean };
    const before = scope.crossOriginIsolated;
    try {
      scope.crossOriginIsolated = false;
      expect(createProbeGate()).toBeNull();
      scope.crossOriginIsolated = true;
      expect(createProbeGate()).toBeInstanceOf(SharedArrayBuffer);
    } finally {
      scope.crossOriginIsolated = before;
    }
  });
});
