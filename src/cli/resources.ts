/** The resource guard in the CLI: a config too big for this machine is refused before any model is built. */
import { totalmem } from 'node:os';
import type { Config } from '../config/schema';
import type { BackendName } from '../core/backend';
import { budgetFor, checkResources } from '../run/resourceGuard';
import { UsageError } from './args';
import { printError } from './output';

export const resourceCheckFlag = {
  kind: 'bool',
  help: 'Build the model even when the resource guard estimates it will not fit this machine (a quarter of its memory, 2 GB on WASM) or takes over 30 s a step',
} as const;

/** Throws a UsageError (exit 2) naming what to lower, unless `override`; prints a warning for a config that fits only at low ponder. */
export function guardResources(config: Config, backend: BackendName, override: boolean | undefined): void {
  const check = checkResources(config, budgetFor(backend, { memoryBytes: totalmem() }));
  if (!check.ok && !override) throw new UsageError(`${check.message} (--ignore-resources builds it anyway.)`, false);
  if (!check.ok) printError(`warning: ${check.message}`);
  else if (check.warning) printError(`warning: ${check.warning}`);
}
