import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config/codec';
import { getTask } from '../tasks/registry';
import { hasCurriculum, trainedDifficultyOfRun } from './taskOptions';

const configOf = (text: string) => parseConfig(text).config;

describe('a run\'s curriculum and trained difficulties', () => {
  it('tells a curriculum the settings turn on from one they leave off', () => {
    const parity = getTask('parity');
    expect(hasCurriculum(parity, configOf('task=parity'))).toBe(true); // the quick preset's
    expect(hasCurriculum(parity, configOf('task=parity&trainNonZero=0'))).toBe(false);
    expect(hasCurriculum(parity, configOf('task=parity&trainNonZero=4&nonZeroEvery=0'))).toBe(false);
    expect(hasCurriculum(parity, configOf('task=parity&trainNonZero=0&nonZeroEvery=100'))).toBe(false);
    expect(hasCurriculum(parity, configOf('task=parity&trainNonZero=1&nonZeroEvery=100'))).toBe(true);
    expect(hasCurriculum(getTask('copy'), configOf('task=copy&copyIncrement=0'))).toBe(false);
    expect(hasCurriculum(getTask('copy'), configOf('task=copy&copyIncrement=1'))).toBe(true);
    expect(hasCurriculum(getTask('logic'), configOf('task=logic'))).toBe(false);
  });

  it('splits interpolation from extrapolation only where training never reaches every difficulty', () => {
    const parity = getTask('parity');
    expect(trainedDifficultyOfRun(parity, configOf('task=parity&bits=16&trainNonZero=8&nonZeroEvery=0'))).toEqual([1, 8]);
    // A curriculum from 1 that reaches all 16 counts: no extrapolation region, at any step.
    expect(trainedDifficultyOfRun(parity, configOf('task=parity&bits=16&trainNonZero=1&nonZeroEvery=100'))).toBeUndefined();
    expect(trainedDifficultyOfRun(parity, configOf('task=parity&bits=16&trainNonZero=0'))).toBeUndefined();
  });
});
