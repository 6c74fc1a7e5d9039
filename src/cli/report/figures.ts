/** The paper-style figures of a sweep (Graves 2016, figs. 4–12), as chart specs. */
import { schemeTableau10 } from 'd3';
import { methodByDifficulty, methodErrorVsPonder } from '../../charts/methods';
import type { ErrorMeasure } from '../../charts/errorMeasure';
import type { ChartSpec, Rule, Series } from '../svg';
import type { RunResult } from './load';
import type { RunGroup } from './groups';

export interface Figure {
  file: string;
  caption: string;
  chart: ChartSpec;
}

const BASELINE_COLOR = '#333333';
const colorOf = (index: number) => schemeTableau10[index % schemeTableau10.length];

/** What a figure plots against τ: the error measure or ponder. */
type Plotted = Pick<ErrorMeasure, 'title' | 'axis'> & { key: ErrorMeasure['key'] | 'ponder' };
const PONDER_LABEL = 'ponder (mean updates per input step)';
const PONDER: Plotted = { key: 'ponder', title: 'Ponder', axis: PONDER_LABEL };

function versusTau({ key: measure, title, axis }: Plotted, byTau: readonly RunGroup[], baseline: RunGroup | undefined): ChartSpec {
  const positive = byTau.filter((g) => (g.tau ?? 0) > 0);
  const series: Series[] = [
    { label: 'each seed', color: '#7aa6d6', points: positive.flatMap((g) => g.runs.map((r) => ({ x: r.tau, y: r[measure] ?? Number.NaN }))), line: false, dots: true, opacity: 0.55 },
    { label: 'mean over seeds', color: '#1f4e8c', points: positive.map((g) => ({ x: g.tau ?? 0, y: g[measure].mean })), line: true, dots: true },
  ];
  const rules: Rule[] = baseline ? [{ label: `no ACT (mean of ${baseline.runs.length})`, y: baseline[measure].mean, color: BASELINE_COLOR }] : [];
  return { title: `${title} vs time penalty τ`, xLabel: 'time penalty τ (log scale)', yLabel: axis, xScale: 'log', series, rules, yFromZero: true };
}

function errorVersusPonder(byTau: readonly RunGroup[], baseline: RunGroup | undefined, measure: ErrorMeasure): ChartSpec {
  const groups = [...byTau.map((g, i) => ({ group: g, color: colorOf(i) })), ...(baseline ? [{ group: baseline, color: BASELINE_COLOR }] : [])];
  return {
    title: `${measure.title} vs ponder (one point per run)`,
    xLabel: PONDER_LABEL,
    yLabel: measure.axis,
    xScale: 'linear',
    series: groups.map(({ group, color }) => ({ label: group.label, color, points: group.runs.map((r) => ({ x: r.ponder, y: r[measure.key] ?? Number.NaN })), line: false, dots: true, opacity: 0.8 })),
    yFromZero: true,
  };
}

function versusDifficulty(measure: 'seqError' | 'ponder', byTau: readonly RunGroup[], baseline: RunGroup | undefined, difficultyLabel: string): ChartSpec {
  const lineOf = (group: RunGroup, color: string, dashed: boolean): Series => ({
    label: group.label, color, dashed, line: true, dots: true,
    points: group.byDifficulty.map((d) => ({ x: d.difficulty, y: d[measure] })),
  });
  return {
    title: `${measure === 'seqError' ? 'Sequence error' : 'Ponder'} vs difficulty (mean over seeds)`,
    xLabel: `difficulty: ${difficultyLabel}`,
    yLabel: measure === 'seqError' ? 'sequence error rate' : PONDER_LABEL,
    xScale: 'linear',
    series: [...byTau.map((g, i) => lineOf(g, colorOf(i), false)), ...(baseline ? [lineOf(baseline, BASELINE_COLOR, true)] : [])],
    yFromZero: true,
  };
}

export function sweepFigures(byTau: readonly RunGroup[], baseline: RunGroup | undefined, difficultyLabel: string, measure: ErrorMeasure): Figure[] {
  const figures: Figure[] = [];
  const error = measure.title;
  if (byTau.some((g) => (g.tau ?? 0) > 0)) {
    figures.push(
      { file: 'error_vs_tau.svg', caption: `${error} vs τ: each seed, the mean, and the no-ACT baseline`, chart: versusTau(measure, byTau, baseline) },
      { file: 'ponder_vs_tau.svg', caption: 'Ponder vs τ', chart: versusTau(PONDER, byTau, baseline) },
    );
  }
  figures.push({ file: 'error_vs_ponder.svg', caption: `${error} vs ponder, one point per run`, chart: errorVersusPonder(byTau, baseline, measure) });
  if (measure.byDifficulty) {
    figures.push({ file: 'error_vs_difficulty.svg', caption: 'Sequence error vs difficulty, one line per τ', chart: versusDifficulty('seqError', byTau, baseline, difficultyLabel) });
  }
  figures.push({ file: 'ponder_vs_difficulty.svg', caption: 'Ponder vs difficulty, one line per τ', chart: versusDifficulty('ponder', byTau, baseline, difficultyLabel) });
  return figures;
}

/** The comparison of halting methods (when a sweep has more than ACT and its baseline): the same charts as the page's runs panel. */
export function methodFigures(runs: readonly RunResult[], difficultyLabel: string, measure: ErrorMeasure): Figure[] {
  if (runs.every((run) => run.halting === 'act' || run.halting === 'none')) return [];
  const trained = runs.find((run) => run.trainedMax !== undefined)?.trainedMax;
  const highest = Math.max(...runs.flatMap((run) => run.byDifficulty.map((d) => d.difficulty)));
  const extrapolation: [number, number] | undefined = trained !== undefined && trained < highest ? [trained + 1, highest] : undefined;
  return [
    { file: 'methods_error_vs_ponder.svg', caption: `Halting methods: ${measure.title.toLowerCase()} vs ponder, one point per run`, chart: methodErrorVsPonder(runs, measure) },
    ...(measure.byDifficulty
      ? [{ file: 'methods_error_vs_difficulty.svg', caption: 'Halting methods: sequence error vs difficulty', chart: methodByDifficulty('seqError', runs, difficultyLabel, extrapolation) }]
      : []),
    { file: 'methods_ponder_vs_difficulty.svg', caption: 'Halting methods: ponder vs difficulty', chart: methodByDifficulty('ponder', runs, difficultyLabel, extrapolation) },
  ];
}
