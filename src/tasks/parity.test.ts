import { describe, expect, it } from 'vitest';
import { Rng } from '../core/random';
import { parityTask } from './parity';
import { Checks, defaultOptions, expectCovers, expectSeeded, expectWellFormed, inputAt, maskAt, targetAt } from './testing';

const SAMPLES = 4000;

describe('parity', () => {
  for (const layout of ['random', 'prefix'] as const) {
    it(`re-derives every target from the raw input (${layout} positions)`, () => {
      const options = { bits: 16, layout, trainNonZero: 0, nonZeroEvery: 0 };
      const batch = parityTask.generate(options, SAMPLES, new Rng(1));
      expectWellFormed(parityTask, options, batch);
      expect(batch.steps).toBe(1);
      const checks = new Checks();
      const counts: number[] = [];
      let scattered = 0;
      for (let b = 0; b < SAMPLES; b++) {
        const input = Array.from(inputAt(batch, 0, b));
        const nonZero = input.flatMap((x, i) => (x === 0 ? [] : [i]));
        const isPrefix = nonZero.every((position, rank) => position === rank);
        const plusOnes = input.filter((x) => x === 1).length;
        checks.that(nonZero.every((i) => input[i] === 1 || input[i] === -1), () => `${b}: entries other than ±1`);
        checks.that(batch.difficulty[b] === nonZero.length, () => `${b}: difficulty is not the non-zero count`);
        checks.that(layout === 'random' || isPrefix, () => `${b}: non-zero entries not the first k`);
        checks.that(targetAt(batch, 0, b)[0] === plusOnes % 2, () => `${b}: wrong parity`);
        checks.that(maskAt(batch.targetMask, batch, 0, b) === 1, () => `${b}: no target`);
        if (!isPrefix) scattered++;
        counts.push(nonZero.length);
      }
      checks.expectNone();
      expectCovers(counts, 1, 16);
      if (layout === 'random') expect(scattered).toBeGreaterThan(SAMPLES / 2);
    });
  }

  it('draws the stream it always drew: k, then a Fisher–Yates permutation of the positions, then a sign for each of the first k', () => {
    // The generator's definition, written out with the generator's own draws, so that seeds keep their batches
    // (saved runs resume on them, shipped snapshots' recorded numbers are measured on them).
    const reference = (bits: number, layout: 'random' | 'prefix', most: number, rows: number, rng: Rng): Float32Array => {
      const inputs = new Float32Array(rows * bits);
      for (let b = 0; b < rows; b++) {
        const k = rng.int(1, most);
        const order = Array.from({ length: bits }, (_, i) => i);
        if (layout === 'random') {
          for (let i = bits - 1; i > 0; i--) {
            const j = rng.int(0, i);
            [order[i], order[j]] = [order[j], order[i]];
          }
        }
        for (let i = 0; i < k; i++) inputs[b * bits + order[i]] = rng.bool() ? 1 : -1;
      }
      return inputs;
    };
    for (const [bits, layout, trainNonZero] of [[64, 'random', 1], [10, 'random', 0], [16, 'prefix', 0], [12, 'random', 5]] as const) {
      const batch = parityTask.generate({ bits, layout, trainNonZero, nonZeroEvery: 0 }, 300, new Rng(bits));
      expect(batch.inputs, `${bits} bits, ${layout}`).toEqual(reference(bits, layout, trainNonZero || bits, 300, new Rng(bits)));
    }
  });

  it('balances the two classes', () => {
    const batch = parityTask.generate({ bits: 64, layout: 'random', trainNonZero: 0, nonZeroEvery: 0 }, SAMPLES, new Rng(2));
    const odd = Array.from(batch.targets).filter((x) => x === 1).length;
    expect(odd / SAMPLES).toBeGreaterThan(0.45);
    expect(odd / SAMPLES).toBeLessThan(0.55);
  });

  it('trains on 1..trainNonZero non-zero entries and evaluates on 1..bits (extrapolation)', () => {
    const options = { bits: 16, layout: 'random' as const, trainNonZero: 8, nonZeroEvery: 0 };
    const difficulties = (purpose?: 'train' | 'evaluate') => Array.from(parityTask.generate(options, SAMPLES, new Rng(3), undefined, purpose).difficulty);
    expect(Math.max(...difficulties())).toBe(8);
    expectCovers(difficulties('train'), 1, 8);
    expectCovers(difficulties('evaluate'), 1, 16);
    expect(parityTask.trainedDifficulty?.(options)).toEqual([1, 8]);
    expect(parityTask.trainedDifficulty?.({ ...options, trainNonZero: 0, nonZeroEvery: 0 })).toBeUndefined();
    expect(parityTask.trainedDifficulty?.({ ...options, trainNonZero: 40 })).toBeUndefined();
  });

  it('raises the trained non-zero count by one every nonZeroEvery steps, up to bits, with a curriculum', () => {
    const options = { bits: 8, layout: 'random' as const, trainNonZero: 2, nonZeroEvery: 100 };
    const trainedAt = (step: number) => parityTask.curriculum?.(options, step).trainNonZero;
    expect([0, 99, 100, 250, 599, 600, 10_000].map(trainedAt)).toEqual([2, 2, 3, 4, 7, 8, 8]);
    const drawnAt = (step: number) => Array.from(parityTask.generate(parityTask.curriculum!(options, step), SAMPLES, new Rng(4)).difficulty);
    expectCovers(drawnAt(0), 1, 2);
    expectCovers(drawnAt(250), 1, 4);
    expect(parityTask.trainedDifficulty?.(parityTask.curriculum!(options, 250))).toEqual([1, 4]);
    // Without a starting count, or with k = 0, there is no curriculum.
    expect(parityTask.curriculum?.({ ...options, trainNonZero: 0 }, 10_000)).toEqual({ ...options, trainNonZero: 0 });
    expect(parityTask.curriculum?.({ ...options, nonZeroEvery: 0 }, 10_000)).toEqual({ ...options, nonZeroEvery: 0 });
  });

  it('is seeded', () => {
    expectSeeded(parityTask, defaultOptions(parityTask));
    expectSeeded(parityTask, { bits: 64, layout: 'prefix', trainNonZero: 0, nonZeroEvery: 0 });
  });
});
