import { afterEach, describe, expect, it, vi } from 'vitest';
import { trainingThreads } from './machine';

describe('trainingThreads', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('takes every logical core but one, at least one', () => {
    expect([1, 2, 3, 4, 8, 16].map((cores) => trainingThreads(cores))).toEqual([1, 1, 2, 3, 7, 15]);
    expect(trainingThreads(0)).toBe(1);
  });

  it('reads the cores the page reports, one when it reports none', () => {
    vi.stubGlobal('navigator', { hardwareConcurrency: 6 });
    expect(trainingThreads()).toBe(5);
    vi.stubGlobal('navigator', {});
    expect(trainingThreads()).toBe(1);
  });
});
