/**
 * Where along its sequences a model ponders (src/core/ponderAlongSequence.ts), as a chart spec: one line per
 * difficulty, mean ponder at each step. One chart code for the page's panel and `trace --by-step --svg`.
 */
import { interpolateLab } from 'd3';
import type { PonderByStep } from '../core/ponderAlongSequence';
import type { ChartSpec } from './svg';

/** More lines than this crowd the legend: evenly spaced difficulties are drawn, the first and last always. */
export const MOST_LINES = 8;

const lineColour = interpolateLab('#9ecae1', '#08306b');

function spread<T>(items: readonly T[], most: number): T[] {
  if (items.length <= most) return [...items];
  return Array.from({ length: most }, (_, i) => items[Math.round((i * (items.length - 1)) / (most - 1))]);
}

/** "gates per vector (max in sequence)" → "gates per vector": the legend has room for a short label. */
const shortLabel = (difficultyLabel: string): string => difficultyLabel.replace(/\s*\(.*\)\s*$/, '');

/**
 * Where every difficulty reads an input of at least two steps before its first scored one (sort), the steps are
 * counted from the last of them (0), so that the lines meet where the input ends — the paper's sort figure — and
 * the input is shaded; otherwise (every step answers, perhaps but the first) from the first step (1).
 */
export function ponderAlongSequenceChart({ rows, endOfInput }: PonderByStep, difficultyLabel: string): ChartSpec {
  const drawn = spread(rows.filter((row) => row.ponder.length > 0), MOST_LINES);
  const aligned = drawn.length > 0 && drawn.every((row) => row.unscoredSteps !== undefined && row.unscoredSteps >= 2);
  const firstX = (unscored: number | undefined) => (aligned ? 1 - (unscored ?? 0) : 1);
  const series = drawn.map((row, i) => ({
    label: `${shortLabel(difficultyLabel)}: ${row.difficulty}`,
    color: lineColour(drawn.length === 1 ? 1 : i / (drawn.length - 1)),
    points: row.ponder.map((y, t) => ({ x: firstX(row.unscoredSteps) + t, y })),
    line: true,
    dots: true,
  }));
  const earliest = Math.min(...drawn.map((row) => firstX(row.unscoredSteps)));
  const ratio = endOfInput ? `: the last input step ${endOfInput.ratio.toFixed(2)}× the ones before` : '';
  return {
    title: `Ponder along the sequence${ratio}`,
    xLabel: aligned ? 'step, counted from the last input step (0); the answer after it' : 'step',
    yLabel: 'mean ponder (updates per step)',
    xScale: 'linear',
    series,
    yFromZero: true,
    xIntegers: true,
    ...(aligned ? { band: { from: earliest - 0.5, to: 0.5, label: 'input (no answer yet)' } } : {}),
  };
}
