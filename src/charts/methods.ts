/**
 * Halting methods compared, as chart specs (svg.ts renders them): one chart code for the page's runs panel and
 * the CLI report. Colour encodes the method; each method's knob (τ, λ_p, ρ) labels its points and lines.
 */
import { interpolateLab } from 'd3';
import type { ChartSpec, Series } from './svg';
import { SEQUENCE_ERROR, errorOf, type ErrorMeasure } from './errorMeasure';

/** What a compared run contributes: its method and knob, and its held-out evaluation. */
export interface MethodRun {
  halting: string;
  /** τ for ACT, λ_p for PonderNet, ρ for fixed repetition; unused without pondering. */
  knob: number;
  seqError: number;
  /** Bits per target (per character on text); absent in runs recorded before it was kept. */
  bitsPerTarget?: number;
  ponder: number;
  byDifficulty?: readonly { difficulty: number; seqError: number; ponder: number }[];
}

export const METHOD_COLOURS: Readonly<Record<string, string>> = { act: '#1f6fb4', pondernet: '#c8372d', repeat: '#2e8b3e', none: '#444444' };
const OTHER_COLOUR = '#8a6d3b';

const METHOD_NAMES: Readonly<Record<string, string>> = { act: 'ACT', pondernet: 'PonderNet', repeat: 'repeat', none: 'no pondering' };
const KNOB_NAMES: Readonly<Record<string, string>> = { act: 'τ', pondernet: 'λp', repeat: 'ρ' };

export const methodName = (halting: string): string => METHOD_NAMES[halting] ?? halting;
export const methodColour = (halting: string): string => METHOD_COLOURS[halting] ?? OTHER_COLOUR;

/** "τ=0.001", "λp=0.2", "ρ=3"; '' for a method without a knob. */
export function knobLabel(halting: string, knob: number): string {
  const name = KNOB_NAMES[halting];
  return name ? `${name}=${Number(knob.toPrecision(3))}` : '';
}

/** "ACT τ=0.001", "no pondering". */
export const settingLabel = (run: Pick<MethodRun, 'halting' | 'knob'>): string => `${methodName(run.halting)} ${knobLabel(run.halting, run.knob)}`.trim();

/** The methods present, in the order of METHOD_COLOURS, then any others. */
function methodsOf(runs: readonly MethodRun[]): string[] {
  const present = new Set(runs.map((run) => run.halting));
  return [...Object.keys(METHOD_COLOURS).filter((id) => present.has(id)), ...[...present].filter((id) => !(id in METHOD_COLOURS))];
}

/** Held-out error (under `measure`) against ponder, one dot per run, coloured by method and labelled with its knob. */
export function methodErrorVsPonder(runs: readonly MethodRun[], measure: ErrorMeasure = SEQUENCE_ERROR): ChartSpec {
  const measured = runs.filter((run) => Number.isFinite(errorOf(run, measure)));
  return {
    title: `${measure.title} vs ponder by halting method (one point per run)`,
    xLabel: 'ponder (mean updates per input step; PonderNet: Σ n·p_n)',
    yLabel: measure.axis,
    xScale: 'linear',
    series: methodsOf(measured).map((halting) => ({
      label: methodName(halting),
      color: methodColour(halting),
      points: measured.filter((run) => run.halting === halting).map((run) => ({ x: run.ponder, y: errorOf(run, measure), label: knobLabel(halting, run.knob) || undefined })),
      line: false,
      dots: true,
      opacity: 0.85,
    })),
    yFromZero: true,
  };
}

/**
 * Error or ponder by difficulty, one line per setting (method and knob; the mean over its runs), coloured by
 * method (lighter for larger knobs). `extrapolation`: the difficulties training never saw, shaded.
 */
export function methodByDifficulty(measure: 'seqError' | 'ponder', runs: readonly MethodRun[], difficultyLabel: string, extrapolation?: [number, number]): ChartSpec {
  const series: Series[] = [];
  for (const halting of methodsOf(runs)) {
    const knobs = [...new Set(runs.filter((run) => run.halting === halting).map((run) => run.knob))].sort((a, b) => a - b);
    knobs.forEach((knob, index) => {
      const own = runs.filter((run) => run.halting === halting && run.knob === knob && run.byDifficulty);
      if (own.length === 0) return;
      series.push({
        label: settingLabel({ halting, knob }),
        color: interpolateLab(methodColour(halting), '#ffffff')((0.55 * index) / Math.max(1, knobs.length)),
        points: meanByDifficulty(own, measure),
        line: true,
        dots: true,
        dashed: halting === 'none',
      });
    });
  }
  return {
    title: `${measure === 'seqError' ? 'Sequence error' : 'Ponder'} vs difficulty by halting method (mean over seeds)`,
    xLabel: `difficulty: ${difficultyLabel}`,
    yLabel: measure === 'seqError' ? 'sequence error rate' : 'ponder (mean updates per input step)',
    xScale: 'linear',
    series,
    yFromZero: true,
    xIntegers: true,
    ...(extrapolation ? { band: { from: extrapolation[0] - 0.5, to: extrapolation[1] + 0.5, label: 'extrapolation (never trained on)' } } : {}),
  };
}

function meanByDifficulty(runs: readonly MethodRun[], measure: 'seqError' | 'ponder'): { x: number; y: number }[] {
  const sums = new Map<number, { total: number; count: number }>();
  for (const entry of runs.flatMap((run) => run.byDifficulty ?? [])) {
    const sum = sums.get(entry.difficulty) ?? { total: 0, count: 0 };
    sum.total += entry[measure];
    sum.count += 1;
    sums.set(entry.difficulty, sum);
  }
  return [...sums.entries()].sort(([a], [b]) => a - b).map(([difficulty, { total, count }]) => ({ x: difficulty, y: total / count }));
}
