/** The runs of a sweep: every (τ, seed) with ACT, plus one baseline without ACT per seed. */
import { createHash } from 'node:crypto';
import { encodeConfig, withValue } from '../../config/codec';
import type { Config, ConfigKey } from '../../config/schema';
import { UsageError } from '../args';

export interface PlannedRun {
  /** A short hash of the run's definition (config, steps, evaluation size): the same run, the same id. */
  id: string;
  /** The encoded config. */
  config: string;
  steps: number;
  evalSequences: number;
  /** For progress lines, e.g. "tau=0.001 seed=2" or "no ACT seed=2". */
  label: string;
}

export function experimentId(config: string, steps: number, evalSequences: number): string {
  return createHash('sha256').update(`${config}|steps=${steps}|eval=${evalSequences}`).digest('hex').slice(0, 12);
}

function set(config: Config, key: ConfigKey, value: unknown): Config {
  const result = withValue(config, key, value);
  if ('error' in result) throw new UsageError(`cannot set ${key}=${String(value)}: ${result.error}`, false);
  return result.config;
}

export function planSweep(base: Config, taus: readonly number[], seeds: number, steps: number, evalSequences: number): PlannedRun[] {
  const runs = new Map<string, PlannedRun>();
  const add = (config: Config, label: string) => {
    const text = encodeConfig(config);
    const id = experimentId(text, steps, evalSequences);
    if (!runs.has(id)) runs.set(id, { id, config: text, steps, evalSequences, label });
  };
  for (let i = 0; i < seeds; i++) {
    const seeded = set(base, 'seed', base.seed + i);
    add(set(set(seeded, 'act', false), 'tau', 0), `no ACT seed=${seeded.seed}`);
    for (const tau of taus) add(set(set(seeded, 'act', true), 'tau', tau), `tau=${tau} seed=${seeded.seed}`);
  }
  return [...runs.values()];
}
