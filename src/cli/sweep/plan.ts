/**
 * The runs of a sweep: for every seed, every halting method asked for over its own grid (ACT: τ; PonderNet: λ_p;
 * fixed repetition: ρ; none: one run, the baseline).
 */
import { createHash } from 'node:crypto';
import { encodeConfig, withValue } from '../../config/codec';
import type { Config, ConfigKey } from '../../config/schema';
import { getHaltingMethod } from '../../core/halting/registry';
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

/** The methods to run, and the values of each method's knob (its `knob` key: τ, λ_p, ρ; none has none: one run). */
export interface SweepGrids {
  halting: readonly string[];
  knobs: Readonly<Record<string, readonly number[]>>;
}

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
      const key = getHaltingMethod(method).knob as ConfigKey | undefined;
      const values = key ? grids.knobs[key] : undefined;
      if (!key || !values) {
        add(withMethod, `${method} seed=${seeded.seed}`);
        continue;
      }
      for (const value of values) add(set(withMethod, key, value), `${method} ${key}=${value} seed=${seeded.seed}`);
    }
  }
  return [...runs.values()];
}
