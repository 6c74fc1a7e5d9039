import { describe, expect, it } from 'vitest';
import type { Evaluation } from '../../core/evaluate';
import type { EvaluationSnapshot } from '../../worker/protocol';
import { CURVE_COLUMNS, CURVE_WIDTH } from '../../worker/protocol';
import { CurveBuffer } from '../data/curveBuffer';
import { curveRows, stepDomain } from './drawCurves';

/** Training steps from `first` on, each a row of CURVE_COLUMNS with seqError 1 and bitsPerTarget 8 − step/100. */
function points(first: number, count: number) {
  const buffer = new CurveBuffer(CURVE_WIDTH, 64);
  for (let step = first; step < first + count; step++) {
    const row: Record<(typeof CURVE_COLUMNS)[number], number> = { step, loss: 100, taskLoss: 90, seqError: 1, ponder: 2, gradNorm: 1, msPerStep: 5, bitsPerTarget: 8 - step / 100 };
    buffer.push(CURVE_COLUMNS.map((column) => row[column]));
  }
  return buffer.points();
}

const snapshot = (step: number, seqError: number, bitsPerTarget: number): EvaluationSnapshot =>
  ({ step, final: true, evaluation: { count: 10, seqError, ponder: 2, taskLoss: 1, bitsPerTarget, byDifficulty: [] } as unknown as Evaluation });

describe('learning curves', () => {
  it('draw bits per character in the second row for a task that reads text, sequence error otherwise', () => {
    const evaluations = [snapshot(10, 0.97, 3.25)];
    const [, text] = curveRows({ points: points(1, 10), smoothing: 0, evaluations, readsText: true });
    expect(text.title).toMatch(/^Bits per character/);
    expect(Array.from(text.series[0].values)).toEqual(Array.from({ length: 10 }, (_, i) => 8 - (i + 1) / 100));
    expect(text.evaluated).toEqual([{ step: 10, value: 3.25 }]);
    const [, error] = curveRows({ points: points(1, 10), smoothing: 0, evaluations, readsText: false });
    expect(error.title).toMatch(/^Sequence error/);
    expect(error.evaluated).toEqual([{ step: 10, value: 0.97 }]);
  });

  it('start the step axis at 0 for a run from scratch, at its first step for one that continues a snapshot', () => {
    expect(stepDomain(points(1, 20).columns[0], 1, [])).toEqual([0, 20]);
    const continued = points(10_251, 20);
    expect(stepDomain(continued.columns[0], 1, [])).toEqual([10_251, 10_270]);
    // The snapshot's own evaluation (at the step it was saved) stays in view.
    expect(stepDomain(continued.columns[0], 1, [snapshot(10_250, 0, 2.26)])).toEqual([10_250, 10_270]);
  });
});
