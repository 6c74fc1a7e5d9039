import type { Machine } from '../run/resourceGuard';

/** What this browser says of the machine: Chrome's navigator.deviceMemory (GB, rounded, at most 8); others say nothing. */
export function browserMachine(): Machine {
  const gigabytes = (globalThis.navigator as { deviceMemory?: number } | undefined)?.deviceMemory;
  return { memoryBytes: gigabytes === undefined ? undefined : gigabytes * 2 ** 30 };
}

/**
 * How many WASM threads training takes: every logical core but one, which the page keeps for drawing its panels
 * and for the worker that answers probes. XNNPACK's thread pool waits for its slowest thread at every kernel, so a
 * pool that shares its last core with the page stalls: on a 2-core machine the built app trained the quick presets
 * of parity, logic, addition and sort 1.4–2.5× slower on two threads than on one, and the Wikipedia LSTM 256 no
 * faster (docs/benchmarks.md, "Threads in the app").
 */
export function trainingThreads(logicalCores = (globalThis.navigator as { hardwareConcurrency?: number } | undefined)?.hardwareConcurrency): number {
  return Math.max(1, Math.floor(logicalCores ?? 1) - 1);
}
