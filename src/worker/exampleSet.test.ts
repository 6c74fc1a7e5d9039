import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../config/schema';
import { Rng } from '../core/random';
import { getTask } from '../tasks/registry';
import { exampleBatch, selectRows, spreadByDifficulty } from './exampleSet';

describe('example set', () => {
  it('spreads the chosen rows over the difficulties, easiest first', () => {
    const difficulty = [5, 1, 3, 8, 2, 8, 4, 1];
    const rows = spreadByDifficulty(difficulty, 3);
    expect(rows.map((row) => difficulty[row])).toEqual([1, 4, 8]);
    expect(spreadByDifficulty(difficulty, 20)).toHaveLength(difficulty.length);
  });

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

  it('is the same for the same seed', () => {
    const config = defaultConfig('parity');
    const a = exampleBatch(getTask('parity'), config);
    const b = exampleBatch(getTask('parity'), config);
    expect(Array.from(a.inputs)).toEqual(Array.from(b.inputs));
    expect(a.batch).toBe(8);
  });
});
