import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../config/schema';
import { getTask } from '../tasks/registry';
import { exampleBatch, spreadByDifficulty } from './exampleSet';

describe('example set', () => {
  it('spreads the chosen rows over the difficulties, easiest first', () => {
    const difficulty = [5, 1, 3, 8, 2, 8, 4, 1];
    const rows = spreadByDifficulty(difficulty, 3);
    expect(rows.map((row) => difficulty[row])).toEqual([1, 4, 8]);
    expect(spreadByDifficulty(difficulty, 20)).toHaveLength(difficulty.length);
  });

  it('is the same for the same seed', () => {
    const config = defaultConfig('parity');
    const a = exampleBatch(getTask('parity'), config);
    const b = exampleBatch(getTask('parity'), config);
    expect(Array.from(a.inputs)).toEqual(Array.from(b.inputs));
    expect(a.batch).toBe(8);
  });
});
