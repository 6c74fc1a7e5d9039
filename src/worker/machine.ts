import type { Machine } from '../run/resourceGuard';

/** What this browser says of the machine: Chrome's navigator.deviceMemory (GB, rounded, at most 8); others say nothing. */
export function browserMachine(): Machine {
  const gigabytes = (globalThis.navigator as { deviceMemory?: number } | undefined)?.deviceMemory;
  return { memoryBytes: gigabytes === undefined ? undefined : gigabytes * 2 ** 30 };
}
