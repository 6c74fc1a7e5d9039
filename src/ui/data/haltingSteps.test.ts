import { describe, expect, it } from 'vitest';
import type { UnitPonder } from '../../core/trace';
import { haltingSteps, meanField } from './haltingSteps';

/** The worked example of the spec: ε = 0.1, h = 0.1, 0.3, 0.5 → N = 3, R = 0.6, p = (0.1, 0.3, 0.6). */
const worked: UnitPonder = {
  steps: 3,
  remainder: 0.6,
  halting: [0.1, 0.3, 0.5],
  probability: [0.1, 0.3, 0.6],
  cumulative: [0.1, 0.4, 0.4],
  outputs: [
    [1, 0],
    [0, 1],
    [1, 1],
  ],
};

describe('haltingSteps', () => {
  it('walks the worked example: continue, continue, halt at the threshold with the remainder', () => {
    const steps = haltingSteps(worked, 0.1, 100);
    expect(steps.map((step) => step.halt)).toEqual([null, null, 'threshold']);
    expect(steps[2].sumBefore).toBeCloseTo(0.4, 12);
    expect(steps[2].sumAfter).toBeCloseTo(0.9, 12);
    expect(steps.map((step) => step.probability)).toEqual([0.1, 0.3, 0.6]);
  });

  it('says when pondering stopped at the limit M instead', () => {
    const limited: UnitPonder = { ...worked, steps: 2, remainder: 0.9, halting: [0.05, 0.05], probability: [0.05, 0.95], outputs: worked.outputs.slice(0, 2) };
    expect(haltingSteps(limited, 0.01, 2)[1].halt).toBe('limit');
  });

  it('mixes the outputs by their probabilities for the mean field', () => {
    const field = meanField(worked);
    expect(field[0]).toBeCloseTo(0.1 + 0.6, 12);
    expect(field[1]).toBeCloseTo(0.3 + 0.6, 12);
  });
});
