import type { BackendChoice } from '../config/schema';
import { BACKENDS } from '../config/schema';
import type { BackendInfo } from '../core/backend';
import { initBackend } from '../core/backend';
import type { StringFlag } from './args';
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

/** Starts the backend of the --backend flag, else of the config; `auto` is WASM in Node (no GPU backends here). */
export async function startBackend(flag: string | undefined, configured: BackendChoice): Promise<BackendInfo> {
  checkBackendChoice(flag);
  const choice = (flag ?? configured) as BackendChoice;
  return initBackend(choice === 'auto' ? 'wasm' : choice);
}
