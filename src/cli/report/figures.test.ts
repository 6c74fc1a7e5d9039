import { describe, expect, it } from 'vitest';
import { BITS_PER_CHARACTER, SEQUENCE_ERROR } from '../../charts/errorMeasure';
import { methodFigures, sweepFigures } from './figures';
import { groupRuns } from './groups';
import type { RunResult } from './load';
import { reportMarkdown } from './markdown';

/** A run of the characters task: sequence error ≈ 100% whatever the model, bits per character telling them apart. */
const textRun = (id: string, halting: string, tau: number, seed: number, bitsPerTarget: number): RunResult => ({
  id, task: 'wiki', halting, knob: tau, act: halting === 'act', tau, seed, seqError: 1, ponder: halting === 'act' ? 2 + tau * 100 : 1, bitsPerTarget,
  byDifficulty: [{ difficulty: 3, count: 10, seqError: 1, ponder: 2 }],
});

const RUNS = [textRun('a', 'act', 0.01, 1, 2.5), textRun('b', 'act', 0.01, 2, 2.7), textRun('c', 'act', 0.001, 1, 2.4), textRun('d', 'none', 0, 1, 2.6)];

describe('the sweep report of a task that reads text', () => {
  it('plots bits per character where other tasks plot sequence error, and no error by difficulty', () => {
    const { baseline, byTau } = groupRuns(RUNS);
    const figures = sweepFigures(byTau, baseline, 'markup bytes', BITS_PER_CHARACTER);
    expect(figures.map((figure) => figure.file)).toEqual(['error_vs_tau.svg', 'ponder_vs_tau.svg', 'error_vs_ponder.svg', 'ponder_vs_difficulty.svg']);
    const [versusTau] = figures;
    expect(versusTau.caption).toMatch(/^Bits per character vs τ/);
    expect(versusTau.chart.yLabel).toBe('held-out bits per character');
    expect(versusTau.chart.series[1].points).toEqual([{ x: 0.001, y: 2.4 }, { x: 0.01, y: 2.6 }]);
    expect(versusTau.chart.rules).toEqual([expect.objectContaining({ y: 2.6 })]);
    const markdown = reportMarkdown('sweep-dir', 'wiki', [baseline!, ...byTau], figures, [], BITS_PER_CHARACTER);
    expect(markdown).toContain('| setting | runs | bits per character | ponder |');
    expect(markdown).toMatch(/\| τ = 0\.01 \| 2 \| 2\.6 ± 0\.1414/);
  });

  it('keeps sequence error, and error by difficulty, for the algorithmic tasks', () => {
    const { baseline, byTau } = groupRuns(RUNS);
    const files = sweepFigures(byTau, baseline, 'markup bytes', SEQUENCE_ERROR).map((figure) => figure.file);
    expect(files).toContain('error_vs_difficulty.svg');
    expect(sweepFigures(byTau, baseline, 'markup bytes', SEQUENCE_ERROR)[0].chart.series[1].points).toEqual([{ x: 0.001, y: 1 }, { x: 0.01, y: 1 }]);
  });

  it('compares halting methods by bits per character too', () => {
    const runs = [...RUNS, { ...textRun('e', 'repeat', 2, 1, 2.55), act: false }];
    const figures = methodFigures(runs, 'markup bytes', BITS_PER_CHARACTER);
    expect(figures.map((figure) => figure.file)).toEqual(['methods_error_vs_ponder.svg', 'methods_ponder_vs_difficulty.svg']);
    const scatter = figures[0].chart;
    expect(scatter.title).toMatch(/^Bits per character vs ponder/);
    expect(scatter.series.flatMap((series) => series.points.map((point) => point.y)).sort()).toEqual([2.4, 2.5, 2.55, 2.6, 2.7]);
  });
});
