import type { BackendChoice } from '../config/schema';
import { BACKENDS } from '../config/schema';
import type { BackendInfo } from '../core/backend';
import { initBackend } from '../core/backend';
import type { IntFlag, StringFlag } from './args';
import { nodeWasmThreads } from './wasmThreads';
import { UsageError } from './args';

export const backendFlag = {
  kind: 'string',
  placeholder: BACKENDS.filter((name) => name !== 'auto').join('|'),
  help: 'TF.js backend; overrides the config\'s backend key (auto means wasm in Node)',
} as const satisfies StringFlag;

export function checkBackendChoice(flag: string | undefined): void {
  if (flag !== undefined && !(BACKENDS as readonly string[]).includes(flag)) {
    throw new UsageError(`--backend must be one of ${BACKENDS.join(', ')}, got "${flag}"`);
  }
}

export const threadsFlag = {
  kind: 'int',
  placeholder: 'N',
  min: 1,
  default: 1,
  help: 'WASM threads (TF.js runs one in Node; wasmThreads.ts starts more). Pays off for large models only: 2 threads on 2 cores made an LSTM 512 step 1.38x faster, the quick presets no faster (docs/benchmarks.md)',
} as const satisfies IntFlag;

/**
 * Starts the backend of the --backend flag, else of the config; `auto` is WASM in Node (no GPU backends here),
 * on `threads` threads.
 */
export async function startBackend(flag: string | undefined, configured: BackendChoice, threads = 1): Promise<BackendInfo> {
  checkBackendChoice(flag);
  const choice = (flag ?? configured) as BackendChoice;
  return initBackend(choice === 'auto' ? 'wasm' : choice, nodeWasmThreads(threads));
}
