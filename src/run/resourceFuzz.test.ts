/**
 * Property test: random resource-heavy configs (every size drawn up to its schema maximum, every cell kind)
 * against several machines. The guard never throws, answers fast, refuses exactly what its own estimate says does
 * not fit, and every refusal names a setting to lower (or says that no single one suffices).
 */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config/codec';
import { CONFIG_KEYS, SCHEMA } from '../config/schema';
import { CELL_IDS } from '../core/cells/registry';
import { Rng } from '../core/random';
import { TASK_IDS } from '../tasks/registry';
import { MAX_STEP_SECONDS, budgetFor, checkResources } from './resourceGuard';

const GB = 2 ** 30;
const MACHINES = [0.5, 2, 8, 64].map((gigabytes) => ({ memoryBytes: gigabytes * GB }));
const BACKENDS = ['wasm', 'cpu', 'webgl', 'webgpu'] as const;

function heavyConfigText(rng: Rng): string {
  const parts = [`task=${TASK_IDS[rng.int(0, TASK_IDS.length - 1)]}`, `cell=${CELL_IDS[rng.int(0, CELL_IDS.length - 1)]}`];
  for (const key of CONFIG_KEYS) {
    const field = SCHEMA[key];
    if (field.kind !== 'int' || key === 'seed' || rng.next() < 0.3) continue;
    // Mostly the top of the range: that is where machines run out.
    const value = rng.bool() ? field.max : rng.int(field.min, field.max);
    parts.push(`${key}=${value}`);
  }
  return parts.join('&');
}

describe('resource guard under hostile configs', () => {
  it('never throws, and refuses exactly what does not fit, naming what to lower', () => {
    const rng = new Rng(17);
    let refused = 0;
    const started = performance.now();
    for (let i = 0; i < 400; i++) {
      const { config } = parseConfig(heavyConfigText(rng));
      const backend = BACKENDS[rng.int(0, BACKENDS.length - 1)];
      const budget = budgetFor(backend, MACHINES[rng.int(0, MACHINES.length - 1)]);
      const check = checkResources(config, budget);
      const fits = check.peakBytes <= budget.bytes && check.stepSeconds <= MAX_STEP_SECONDS;
      expect(check.ok).toBe(fits);
      if (!check.ok) {
        refused++;
        expect(check.message).toMatch(/Lower \w+ \(.+\) from \d+ to at most \d+|No single setting brings it within the limit/);
      }
    }
    expect(refused).toBeGreaterThan(100);
    expect(performance.now() - started).toBeLessThan(20_000);
  });
});
