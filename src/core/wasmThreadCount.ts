/**
 * Starting TF.js's threaded WASM backend with as many threads as asked for.
 *
 * The binary caps XNNPACK's thread pool at half of `navigator.hardwareConcurrency` (tfjs-backend-wasm 4.22,
 * src/cc/backend.cc: `num_cores = emscripten_num_logical_cores() / 2`, on the assumption of two hyper-threads
 * per core), whatever `setThreadsCount` says: on a 2-core machine the pool always had 1 thread. The cap is read
 * once, while the module starts; so during the start the module is shown twice the threads wanted, and the real
 * value is back right after.
 */

interface NavigatorLike {
  hardwareConcurrency?: number;
}

/** Runs `start` while `navigator.hardwareConcurrency` reads 2 × `threads` in this scope; restores it after. */
export async function withThreadCap<T>(threads: number, start: () => Promise<T>): Promise<T> {
  const navigator = (globalThis as { navigator?: NavigatorLike }).navigator;
  const own = navigator ? Object.getOwnPropertyDescriptor(navigator, 'hardwareConcurrency') : undefined;
  if (!navigator || own !== undefined || threads <= 1) return start();
  try {
    Object.defineProperty(navigator, 'hardwareConcurrency', { value: 2 * threads, configurable: true });
  } catch {
    return start(); // a navigator that cannot be changed: TF.js's own cap stays
  }
  try {
    return await start();
  } finally {
    delete (navigator as { hardwareConcurrency?: number }).hardwareConcurrency;
  }
}
