/**
 * The project version that planners and workers compare: package.json's version plus a hash of what decides
 * a run's numbers — the config schema version, the installed TensorFlow.js version and the source of the
 * engine, tasks, config and data code (tests excluded). Two checkouts of the same commit with the same
 * dependencies agree; any change to the engine's code gives another version, so a sweep never mixes results
 * of two engines.
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SCHEMA_VERSION } from '../../config/schema';

const SRC = fileURLToPath(new URL('../../', import.meta.url));
const ENGINE_FOLDERS = ['core', 'tasks', 'config', 'data'];

function sourceFiles(): string[] {
  return ENGINE_FOLDERS.flatMap((folder) =>
    readdirSync(join(SRC, folder), { recursive: true, encoding: 'utf8' })
      .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'))
      .map((name) => join(SRC, folder, name)),
  ).sort();
}

let cached: string | undefined;

export function projectVersion(): string {
  if (cached !== undefined) return cached;
  const require = createRequire(import.meta.url);
  const packageVersion = (require('../../../package.json') as { version: string }).version;
  const tfjsVersion = (require('@tensorflow/tfjs/package.json') as { version: string }).version;
  const hash = createHash('sha256').update(`schema=${SCHEMA_VERSION}|package=${packageVersion}|tfjs=${tfjsVersion}`);
  for (const file of sourceFiles()) hash.update(`|${relative(SRC, file).replaceAll('\\', '/')}|`).update(readFileSync(file, 'utf8').replaceAll('\r\n', '\n'));
  cached = `${packageVersion}+engine.${hash.digest('hex').slice(0, 10)}`;
  return cached;
}
