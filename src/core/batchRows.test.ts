import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../config/schema';
import { getTask } from '../tasks/registry';
import { selectRows, splitRows } from './batchRows';
import { Rng } from './random';

describe('batch rows', () => {
  it('copies the chosen rows of a time-major batch, trimmed to their longest sequence', () => {
    const config = defaultConfig('sort');
    const task = getTask('sort');
    const pool = task.generate(config, 16, new Rng(3));
    const picked = selectRows(pool, [5, 2]);
    expect(picked.batch).toBe(2);
    for (const [b, row] of [5, 2].entries()) {
      expect(picked.difficulty[b]).toBe(pool.difficulty[row]);
      for (let t = 0; t < picked.steps; t++) {
        expect(picked.stepMask[t * 2 + b]).toBe(pool.stepMask[t * pool.batch + row]);
        expect(Array.from(picked.inputs.subarray((t * 2 + b) * 2, (t * 2 + b + 1) * 2))).toEqual(
          Array.from(pool.inputs.subarray((t * pool.batch + row) * 2, (t * pool.batch + row + 1) * 2)),
        );
      }
    }
    expect(picked.steps).toBe(2 * Math.max(picked.difficulty[0], picked.difficulty[1]));
  });

  it('splits a batch into runs of consecutive rows that together are the whole batch', () => {
    const pool = getTask('sort').generate(defaultConfig('sort'), 11, new Rng(4));
    const parts = splitRows(pool, 3);
    expect(parts.map((part) => part.batch)).toEqual([4, 4, 3]);
    let row = 0;
    for (const part of parts) {
      for (let b = 0; b < part.batch; b++, row++) {
        expect(part.difficulty[b]).toBe(pool.difficulty[row]);
        for (let t = 0; t < pool.steps; t++) {
          const mask = t < part.steps ? part.stepMask[t * part.batch + b] : 0;
          expect(mask).toBe(pool.stepMask[t * pool.batch + row]);
          const width = pool.targetWidth;
          const target = (batch: typeof pool, r: number) => Array.from(batch.targets.subarray((t * batch.batch + r) * width, (t * batch.batch + r + 1) * width));
          if (t < part.steps) expect(target(part, b)).toEqual(target(pool, row));
        }
      }
    }
    expect(row).toBe(11);
    expect(() => splitRows(pool, 12)).toThrow(/11 rows into 12 parts/);
  });
});
