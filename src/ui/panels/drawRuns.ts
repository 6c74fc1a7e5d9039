/**
 * Runs compared: held-out sequence error of each recorded run against its ponder (or its τ on a log axis, as
 * in the paper's figures). Colour encodes τ; runs without ACT are squares. The current run is a hollow ring.
 */
import { axisBottom, axisLeft, interpolateViridis, scaleLinear, scaleLog, select, symbol, symbolCircle, symbolSquare, type ScaleContinuousNumeric, type Selection } from 'd3';
import type { RunRecord } from '../data/runHistory';
import { finiteExtent, formatPercent, formatValue, paddedDomain } from '../charts/scales';
import { FONT, GRID, MUTED, TEXT } from '../charts/theme';

export type RunsAxis = 'ponder' | 'tau';

type Svg = Selection<SVGSVGElement, unknown, null, undefined>;

export interface RunPoint {
  tau: number;
  act: boolean;
  ponder: number;
  seqError: number;
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

export function runPoint(record: RunRecord, current = false): RunPoint {
  return { tau: record.tau, act: record.act, ponder: record.ponder, seqError: record.seqError, step: record.step, current };
}

export function drawRuns(element: SVGSVGElement, points: readonly RunPoint[], axis: RunsAxis, width: number): void {
  const svg = select(element);
  svg.selectAll('*').remove();
  svg.attr('width', width).attr('height', RUNS_CHART_HEIGHT).attr('font-family', FONT);
  const xValue = (point: RunPoint) => (axis === 'tau' ? Math.max(point.tau, TAU_ZERO_AT) : point.ponder);
  const x: ScaleContinuousNumeric<number, number> =
    axis === 'tau'
      ? scaleLog().domain([TAU_ZERO_AT, 1]).range([MARGIN.left, width - MARGIN.right])
      : scaleLinear().domain(paddedDomain(finiteExtent([1, ...points.map(xValue)]))).range([MARGIN.left, width - MARGIN.right]).nice();
  const y = scaleLinear().domain([0, Math.max(0.1, ...points.map((point) => point.seqError))]).range([RUNS_CHART_HEIGHT - MARGIN.bottom, MARGIN.top]).nice();
  const bottom = RUNS_CHART_HEIGHT - MARGIN.bottom;
  const ticks = axis === 'tau' ? [TAU_ZERO_AT, 1e-4, 1e-3, 1e-2, 1e-1, 1] : x.ticks(6);
  svg.append('g').attr('transform', `translate(0,${bottom})`)
    .call(axisBottom(x).tickValues(ticks).tickFormat((value) => (axis === 'tau' && Number(value) === TAU_ZERO_AT ? '0' : formatValue(Number(value)))))
    .call((g) => g.selectAll('text').attr('fill', MUTED));
  svg.append('g').attr('transform', `translate(${MARGIN.left},0)`)
    .call(axisLeft(y).ticks(5).tickFormat((value) => formatPercent(Number(value), 0)).tickSize(-(width - MARGIN.left - MARGIN.right)))
    .call((g) => g.selectAll('line').attr('stroke', GRID))
    .call((g) => g.selectAll('text').attr('fill', MUTED))
    .call((g) => g.select('.domain').remove());
  svg.append('text').attr('x', width - MARGIN.right).attr('y', bottom + 34).attr('text-anchor', 'end').attr('font-size', 11).attr('fill', MUTED)
    .text(axis === 'tau' ? 'time penalty τ (log; 0 at the left end)' : 'ponder: mean updates N per input step');
  svg.append('text').attr('x', MARGIN.left + 4).attr('y', MARGIN.top + 4).attr('font-size', 11).attr('fill', MUTED).text('held-out sequence error');
  if (axis === 'tau') drawBaselines(svg, points.filter((point) => !point.act), y, width);
  for (const point of points) {
    const shape = symbol(point.act ? symbolCircle : symbolSquare, point.current ? 90 : 60)();
    // Without ACT, τ means nothing: on the τ axis such runs sit at the left end, with their error as a baseline.
    const at = axis === 'tau' && !point.act ? MARGIN.left : x(xValue(point));
    const mark = svg.append('path').attr('d', shape).attr('transform', `translate(${at},${y(point.seqError)})`)
      .attr('fill', point.current ? 'none' : point.act ? tauColour(point.tau) : TEXT).attr('stroke', point.current ? TEXT : '#fff').attr('stroke-width', point.current ? 2 : 1);
    mark.append('title').text(
      `${point.current ? 'current run, ' : ''}${point.act ? `τ = ${formatValue(point.tau)}` : 'no ACT'}: error ${formatPercent(point.seqError)}, ponder ${formatValue(point.ponder)}, step ${point.step}`,
    );
  }
}

/** The runs without ACT as dashed horizontal lines: the baseline every τ is to beat, as in the paper's figures. */
function drawBaselines(svg: Svg, baselines: readonly RunPoint[], y: ScaleContinuousNumeric<number, number>, width: number): void {
  for (const point of baselines) {
    svg.append('line').attr('x1', MARGIN.left).attr('x2', width - MARGIN.right).attr('y1', y(point.seqError)).attr('y2', y(point.seqError))
      .attr('stroke', TEXT).attr('stroke-opacity', 0.5).attr('stroke-dasharray', '4 4');
    svg.append('text').attr('x', width - MARGIN.right).attr('y', y(point.seqError) - 4).attr('text-anchor', 'end').attr('font-size', 11).attr('fill', MUTED)
      .text(`no ACT${point.current ? ' (current)' : ''}: ${formatPercent(point.seqError)}`);
  }
}
