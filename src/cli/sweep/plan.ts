/**
 * The runs of a sweep: for every seed, every halting method asked for over its own grid (ACT: τ; PonderNet: λ_p;
 * fixed repetition: ρ; none: one run, the baseline).
 */
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
  /** For progress lines, e.g. "act tau=0.001 seed=2" or "none seed=2". */
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

/** Each method's grid: the config key it sweeps and its values (none: no key, one run). */
export interface SweepGrids {
  halting: readonly string[];
  tau: readonly number[];
  lambdaP: readonly number[];
  repeats: readonly number[];
}

const GRID_KEY: Record<string, keyof Omit<SweepGrids, 'halting'> | undefined> = { act: 'tau', pondernet: 'lambdaP', repeat: 'repeats' };

export function planSweep(base: Config, grids: SweepGrids, seeds: number, steps: number, evalSequences: number): PlannedRun[] {
  const runs = new Map<string, PlannedRun>();
  const add = (config: Config, label: string) => {
    const text = encodeConfig(config);
    const id = experimentId(text, steps, evalSequences);
    if (!runs.has(id)) runs.set(id, { id, config: text, steps, evalSequences, label });
  };
  for (let i = 0; i < seeds; i++) {
    const seeded = set(base, 'seed', base.seed + i);
    for (const method of grids.halting) {
      const withMethod = set(seeded, 'halting', method);
      const key = GRID_KEY[method];
      if (!key) {
        add(withMethod, `${method} seed=${seeded.seed}`);
        continue;
      }
      for (const value of grids[key]) add(set(withMethod, key, value), `${method} ${key}=${value} seed=${seeded.seed}`);
    }
  }
  return [...runs.values()];
}
