/**
 * Runs compared: held-out error (sequence error; bits per character on text) of each recorded run against its
 * ponder (or its τ on a log axis, as in the paper's figures). Colour encodes τ; runs without ACT are squares. The
 * current run is a hollow ring.
 */
import { axisBottom, axisLeft, interpolateViridis, scaleLinear, scaleLog, select, symbol, symbolCircle, symbolSquare, type ScaleContinuousNumeric, type Selection } from 'd3';
import type { RunRecord } from '../data/runHistory';
import { errorOf, type ErrorMeasure } from '../../charts/errorMeasure';
import { finiteExtent, formatValue, paddedDomain } from '../charts/scales';
import { FONT, GRID, MUTED, TEXT } from '../charts/theme';

export type RunsAxis = 'ponder' | 'tau';

type Svg = Selection<SVGSVGElement, unknown, null, undefined>;

export interface RunPoint {
  tau: number;
  act: boolean;
  ponder: number;
  /** Held-out error under the panel's measure (NaN for a record kept before the measure was). */
  error: number;
  step: number;
  current: boolean;
}

export const RUNS_CHART_HEIGHT = 260;
const MARGIN = { top: 16, right: 16, bottom: 40, left: 52 };
/** Where τ = 0 sits on a log τ axis: a decade below the smallest slider stop. */
export const TAU_ZERO_AT = 1e-5;

export function tauColour(tau: number): string {
  if (tau <= 0) return '#8a94a3';
  const t = (Math.log10(tau) + 4) / 4;
  return interpolateViridis(Math.max(0, Math.min(1, t)) * 0.9);
}

export function runPoint(record: RunRecord, measure: ErrorMeasure, current = false): RunPoint {
  return { tau: record.tau, act: record.act, ponder: record.ponder, error: errorOf(record, measure), step: record.step, current };
}

export function drawRuns(element: SVGSVGElement, allPoints: readonly RunPoint[], axis: RunsAxis, measure: ErrorMeasure, width: number): void {
  const points = allPoints.filter((point) => Number.isFinite(point.error));
  const svg = select(element);
  svg.selectAll('*').remove();
  // The methods view shows a rendered chart scaled by a viewBox (svgText.ts); this one is drawn at pixel size.
  svg.attr('viewBox', null).attr('width', width).attr('height', RUNS_CHART_HEIGHT).attr('font-family', FONT);
  const xValue = (point: RunPoint) => (axis === 'tau' ? Math.max(point.tau, TAU_ZERO_AT) : point.ponder);
  const x: ScaleContinuousNumeric<number, number> =
    axis === 'tau'
      ? scaleLog().domain([TAU_ZERO_AT, 1]).range([MARGIN.left, width - MARGIN.right])
      : scaleLinear().domain(paddedDomain(finiteExtent([1, ...points.map(xValue)]))).range([MARGIN.left, width - MARGIN.right]).nice();
  const y = scaleLinear().domain([0, Math.max(measure.axisFloor, ...points.map((point) => point.error))]).range([RUNS_CHART_HEIGHT - MARGIN.bottom, MARGIN.top]).nice();
  const bottom = RUNS_CHART_HEIGHT - MARGIN.bottom;
  const ticks = axis === 'tau' ? [TAU_ZERO_AT, 1e-4, 1e-3, 1e-2, 1e-1, 1] : x.ticks(6);
  svg.append('g').attr('transform', `translate(0,${bottom})`)
    .call(axisBottom(x).tickValues(ticks).tickFormat((value) => (axis === 'tau' && Number(value) === TAU_ZERO_AT ? '0' : formatValue(Number(value)))))
    .call((g) => g.selectAll('text').attr('fill', MUTED));
  svg.append('g').attr('transform', `translate(${MARGIN.left},0)`)
    .call(axisLeft(y).ticks(5).tickFormat((value) => measure.tick(Number(value))).tickSize(-(width - MARGIN.left - MARGIN.right)))
    .call((g) => g.selectAll('line').attr('stroke', GRID))
    .call((g) => g.selectAll('text').attr('fill', MUTED))
    .call((g) => g.select('.domain').remove());
  svg.append('text').attr('x', width - MARGIN.right).attr('y', bottom + 34).attr('text-anchor', 'end').attr('font-size', 11).attr('fill', MUTED)
    .text(axis === 'tau' ? 'time penalty τ (log; 0 at the left end)' : 'ponder: mean updates N per input step');
  svg.append('text').attr('x', MARGIN.left + 4).attr('y', MARGIN.top + 4).attr('font-size', 11).attr('fill', MUTED).text(`held-out ${measure.title.toLowerCase()}`);
  if (axis === 'tau') drawBaselines(svg, points.filter((point) => !point.act), y, measure, width);
  for (const point of points) {
    const shape = symbol(point.act ? symbolCircle : symbolSquare, point.current ? 90 : 60)();
    // Without ACT, τ means nothing: on the τ axis such runs sit at the left end, with their error as a baseline.
    const at = axis === 'tau' && !point.act ? MARGIN.left : x(xValue(point));
    const mark = svg.append('path').attr('d', shape).attr('transform', `translate(${at},${y(point.error)})`)
      .attr('fill', point.current ? 'none' : point.act ? tauColour(point.tau) : TEXT).attr('stroke', point.current ? TEXT : '#fff').attr('stroke-width', point.current ? 2 : 1);
    mark.append('title').text(
      `${point.current ? 'current run, ' : ''}${point.act ? `τ = ${formatValue(point.tau)}` : 'no ACT'}: ${measure.title.toLowerCase()} ${measure.format(point.error)}, ponder ${formatValue(point.ponder)}, step ${point.step}`,
    );
  }
}

/** The runs without ACT as dashed horizontal lines: the baseline every τ is to beat, as in the paper's figures. */
function drawBaselines(svg: Svg, baselines: readonly RunPoint[], y: ScaleContinuousNumeric<number, number>, measure: ErrorMeasure, width: number): void {
  for (const point of baselines) {
    svg.append('line').attr('x1', MARGIN.left).attr('x2', width - MARGIN.right).attr('y1', y(point.error)).attr('y2', y(point.error))
      .attr('stroke', TEXT).attr('stroke-opacity', 0.5).attr('stroke-dasharray', '4 4');
    svg.append('text').attr('x', width - MARGIN.right).attr('y', y(point.error) - 4).attr('text-anchor', 'end').attr('font-size', 11).attr('fill', MUTED)
      .text(`no ACT${point.current ? ' (current)' : ''}: ${measure.format(point.error)}`);
  }
}
