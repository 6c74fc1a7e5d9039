import { describe, expect, it } from 'vitest';
import type { PonderByStep } from '../core/ponderAlongSequence';
import { MOST_LINES, ponderAlongSequenceChart } from './ponderAlongSequence';
import { renderChart } from './svg';

const sortLike: PonderByStep = {
  rows: [
    { difficulty: 2, count: 5, ponder: [2, 3.8, 2, 2.5], unscoredSteps: 2 },
    { difficulty: 3, count: 5, ponder: [2, 2, 3.5, 2, 2.3, 2.6], unscoredSteps: 3 },
  ],
  endOfInput: { last: 3.6, earlier: 2, ratio: 1.8, sequences: 10 },
};

describe('ponder along the sequence, as a chart', () => {
  it('counts the steps from the last input step where every difficulty reads its input first, and shades the input', () => {
    const chart = ponderAlongSequenceChart(sortLike, 'numbers to sort');
    expect(chart.series.map((s) => s.label)).toEqual(['numbers to sort: 2', 'numbers to sort: 3']);
    expect(chart.series[0].points.map((p) => [p.x, p.y])).toEqual([[-1, 2], [0, 3.8], [1, 2], [2, 2.5]]);
    expect(chart.series[1].points.map((p) => p.x)).toEqual([-2, -1, 0, 1, 2, 3]);
    expect(chart.band).toEqual({ from: -2.5, to: 0.5, label: 'input (no answer yet)' });
    expect(chart.xIntegers).toBe(true);
    expect(chart.title).toContain('the last input step 1.80× the ones before');
    expect(renderChart(chart)).toContain('numbers to sort: 3');
  });

  it('counts from the first step, without shading or a ratio, where the input is not a shared prefix of two steps or more', () => {
    const chart = ponderAlongSequenceChart({ rows: [{ difficulty: 1, count: 3, ponder: [1, 2, 3] }, { difficulty: 2, count: 3, ponder: [2, 2], unscoredSteps: 2 }] }, 'gates per vector (max in sequence)');
    expect(chart.series[0].points.map((p) => p.x)).toEqual([1, 2, 3]);
    expect(chart.series[1].points.map((p) => p.x)).toEqual([1, 2]);
    expect(chart.series[0].label).toBe('gates per vector: 1');
    // Addition: every step answers but the first.
    const addition = ponderAlongSequenceChart({ rows: [{ difficulty: 1, count: 3, ponder: [2, 4, 4.5], unscoredSteps: 1 }] }, 'digits per number (max in sequence)');
    expect(addition.series[0].points.map((p) => p.x)).toEqual([1, 2, 3]);
    expect(addition.band).toBeUndefined();
    // Whole steps only: three steps would otherwise get ticks at 1.5 and 2.5.
    const xTicks = [...renderChart(addition).matchAll(/y="402" text-anchor="middle">([^<]*)</g)].map(([, label]) => label);
    expect(xTicks).toEqual(['1', '2', '3']);
    // Ten steps (logic's vectors): the last tick reads 10, not d3's "~g" 1e+1.
    const tenSteps = renderChart(ponderAlongSequenceChart({ rows: [{ difficulty: 1, count: 3, ponder: Array.from({ length: 10 }, (_, t) => 3 + t) }] }, 'gates per vector (max in sequence)'));
    expect([...tenSteps.matchAll(/y="402" text-anchor="middle">([^<]*)</g)].map(([, label]) => label)).toEqual(['0', '2', '4', '6', '8', '10']);
    expect(tenSteps).not.toMatch(/>\d+e[+-]\d+</);
    expect(chart.band).toBeUndefined();
    expect(chart.title).toBe('Ponder along the sequence');
  });

  it('draws at most MOST_LINES difficulties, evenly spread, the first and the last among them', () => {
    const rows = Array.from({ length: 20 }, (_, i) => ({ difficulty: i + 1, count: 1, ponder: [1, 2], unscoredSteps: 2 }));
    const labels = ponderAlongSequenceChart({ rows }, 'vectors to copy').series.map((s) => s.label);
    expect(labels).toHaveLength(MOST_LINES);
    expect(labels[0]).toBe('vectors to copy: 1');
    expect(labels[MOST_LINES - 1]).toBe('vectors to copy: 20');
    expect(new Set(labels).size).toBe(MOST_LINES);
  });
});
