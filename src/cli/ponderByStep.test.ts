import { describe, expect, it } from 'vitest';
import type { SequenceTrace, UnitPonder } from '../core/trace';
import { formatPonderByStep, ponderByStep } from './ponderByStep';

const unit = (steps: number): UnitPonder => ({ steps, remainder: 0, halting: [], probability: [], cumulative: [], outputs: [] });

/** A sequence of `inputs` unscored steps then `outputs` scored ones, N per step as given (one unit each, or two). */
function sequence(difficulty: number, inputs: number, steps: (number | [number, number])[]): SequenceTrace {
  return {
    length: steps.length, difficulty, inputs: [], targets: [], logits: [],
    targetMask: steps.map((_, t) => (t < inputs ? 0 : 1)),
    ponder: steps.map((n) => (Array.isArray(n) ? n.map(unit) : [unit(n)])),
  };
}

describe('trace --by-step: where a model ponders along a sequence', () => {
  const traces = [
    sequence(2, 2, [2, 4, 1, 1]),
    sequence(2, 2, [2, 2, 1, 3]),
    sequence(3, 3, [1, 1, 5, 1, 1, 1]),
    sequence(3, 3, [[2, 4], 1, 3, 1, 1, 1]), // two pondering units (ponderMode=layer): their mean, 3
  ];

  it('averages N at each step per difficulty and finds where the scored steps start', () => {
    const { rows } = ponderByStep(traces);
    expect(rows).toEqual([
      { difficulty: 2, count: 2, ponder: [2, 3, 1, 2], unscoredSteps: 2 },
      { difficulty: 3, count: 2, ponder: [2, 1, 4, 1, 1, 1], unscoredSteps: 3 },
    ]);
  });

  it('pools the last input step against the input steps before it, sequence by sequence', () => {
    // Last input steps: 4, 2, 5, 3 → 3.5; earlier: 2, 2, 1, 1, 3, 1 → 10 / 6.
    const { endOfInput } = ponderByStep(traces);
    expect(endOfInput?.last).toBeCloseTo(3.5, 12);
    expect(endOfInput?.earlier).toBeCloseTo(10 / 6, 12);
    expect(endOfInput?.ratio).toBeCloseTo(3.5 / (10 / 6), 12);
    expect(endOfInput?.sequences).toBe(4);
  });

  it('leaves the input ratio out where no sequence has two input steps, and marks no split where the masks differ', () => {
    const summary = ponderByStep([sequence(1, 1, [3, 1]), sequence(1, 0, [2, 2, 2])]);
    expect(summary.endOfInput).toBeUndefined();
    expect(summary.rows).toEqual([{ difficulty: 1, count: 2, ponder: [2.5, 1.5, 2], unscoredSteps: undefined }]);
    expect(formatPonderByStep(summary, 'ones')).not.toContain('End of the input');
  });

  it('prints the table with the input steps apart', () => {
    const text = formatPonderByStep(ponderByStep(traces), 'numbers to sort');
    expect(text).toContain('2.00 3.00 · 1.00 2.00');
    expect(text).toContain('= 2.10 (4 sequences');
  });

  it('refuses a model that does not ponder', () => {
    expect(() => ponderByStep([{ ...sequence(1, 1, [1, 1]), ponder: [] }])).toThrow(/does not ponder/);
  });
});
