import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../config/schema';
import { getTask } from '../tasks/registry';
import { joinRows, selectRows, splitRows } from './batchRows';
import type { HostBatch } from './types';
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

describe('joining batches', () => {
  it('gives the batch the generator draws at once when joining the same sequences drawn one at a time', () => {
    const config = { ...defaultConfig('logic'), logicLength: 6, maxGates: 4 };
    const task = getTask('logic');
    const atOnce = task.generate(config, 7, new Rng(5));
    const oneRng = new Rng(5);
    const joined = joinRows(Array.from({ length: 7 }, () => task.generate(config, 1, oneRng)));
    expect(joined).toEqual(atOnce);
    expect(new Set(Array.from({ length: 7 }, (_, b) => sequenceSteps(joined, b))).size).toBeGreaterThan(1);
  });

  it('carries each step\'s own difficulty where the batches have one, when picking rows and when joining them', () => {
    const config = { ...defaultConfig('logic'), logicLength: 6, maxGates: 4 };
    const pool = getTask('logic').generate(config, 9, new Rng(2));
    const picked = selectRows(pool, [7, 1]);
    for (const [b, row] of [7, 1].entries()) {
      for (let t = 0; t < picked.steps; t++) expect(picked.stepDifficulty![t * 2 + b]).toBe(pool.stepDifficulty![t * pool.batch + row]);
    }
    expect(joinRows([picked, selectRows(pool, [3])]).stepDifficulty).toEqual(selectRows(pool, [7, 1, 3]).stepDifficulty);
    const parity = getTask('parity').generate(defaultConfig('parity'), 2, new Rng(1));
    expect(selectRows(parity, [1]).stepDifficulty).toBeUndefined();
  });

  it('refuses batches of different widths, and nothing at all', () => {
    const logic = getTask('logic').generate(defaultConfig('logic'), 1, new Rng(1));
    const parity = getTask('parity').generate(defaultConfig('parity'), 1, new Rng(1));
    expect(() => joinRows([logic, parity])).toThrow(/differ in input or target width/);
    expect(() => joinRows([])).toThrow(/at least one batch/);
  });
});

/** The real steps of row `b`. */
const sequenceSteps = (batch: HostBatch, b: number) => Array.from({ length: batch.steps }, (_, t) => batch.stepMask[t * batch.batch + b]).reduce((a, v) => a + v, 0);
