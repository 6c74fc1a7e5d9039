import { describe, expect, it } from 'vitest';
import { trainingThreads } from './machine';

describe('trainingThreads', () => {
  it('takes every logical core but one, at least one', () => {
    expect([1, 2, 3, 4, 8, 16].map((cores) => trainingThreads(cores))).toEqual([1, 1, 2, 3, 7, 15]);
    expect(trainingThreads(0)).toBe(1);
  });

  it('reads the cores the page reports, one when it reports none', () => {
    expect(trainingThreads()).toBe(Math.max(1, ((globalThis.navigator as { hardwareConcurrency?: number } | undefined)?.hardwareConcurrency ?? 1) - 1));
  });
});
