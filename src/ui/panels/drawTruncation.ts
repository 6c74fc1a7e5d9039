/**
 * Adaptive truncation (tbpttDelta): three small charts side by side. K over training steps; the newest probe's
 * gradient decay φ̄_k by lag k on a log scale with the fitted geometric decay β̂^k, the tail start τ and the
 * chosen K marked; and the estimated relative bias δ̂(K) against K with the tolerance δ.
 */
import { axisBottom, axisLeft, line, scaleLinear, scaleLog, select, type ScaleContinuousNumeric, type Selection } from 'd3';
import type { TruncationSnapshot } from '../../core/adaptiveTruncation';
import { formatValue } from '../charts/scales';
import { FONT, GRID, MUTED, SERIES, TEXT } from '../charts/theme';

export const TRUNCATION_CHART_HEIGHT = 220;
const MARGIN = { top: 22, right: 12, bottom: 36, left: 48 };
const GAP = 16;

type Group = Selection<SVGGElement, unknown, null, undefined>;
type Scale = ScaleContinuousNumeric<number, number>;

export function drawTruncation(element: SVGSVGElement, history: readonly TruncationSnapshot[], width: number): void {
  const svg = select(element);
  svg.selectAll('*').remove();
  svg.attr('width', width).attr('height', TRUNCATION_CHART_HEIGHT).attr('font-family', FONT);
  const latest = history[history.length - 1];
  const third = (width - 2 * GAP) / 3;
  const areas = [0, 1, 2].map((i) => svg.append('g').attr('transform', `translate(${i * (third + GAP)},0)`) as Group);
  drawKOverSteps(areas[0], history, third);
  drawDecay(areas[1], latest, third);
  drawRelativeBias(areas[2], latest, third);
}

function frame(group: Group, x: Scale, y: Scale, width: number, title: string, xLabel: string, yFormat: (v: number) => string): void {
  const bottom = TRUNCATION_CHART_HEIGHT - MARGIN.bottom;
  group.append('g').attr('transform', `translate(0,${bottom})`).call(axisBottom(x).ticks(4).tickFormat((v) => formatValue(Number(v))))
    .call((g) => g.selectAll('text').attr('fill', MUTED));
  group.append('g').attr('transform', `translate(${MARGIN.left},0)`)
    .call(axisLeft(y).ticks(4).tickFormat((v) => yFormat(Number(v))).tickSize(-(width - MARGIN.left - MARGIN.right)))
    .call((g) => g.selectAll('line').attr('stroke', GRID))
    .call((g) => g.selectAll('text').attr('fill', MUTED))
    .call((g) => g.select('.domain').remove());
  group.append('text').attr('x', MARGIN.left).attr('y', 13).attr('font-size', 12).attr('fill', TEXT).text(title);
  group.append('text').attr('x', width - MARGIN.right).attr('y', bottom + 32).attr('text-anchor', 'end').attr('font-size', 11).attr('fill', MUTED).text(xLabel);
}

function marker(group: Group, x: number, label: string, colour: string, dashed: boolean): void {
  const bottom = TRUNCATION_CHART_HEIGHT - MARGIN.bottom;
  group.append('line').attr('x1', x).attr('x2', x).attr('y1', MARGIN.top).attr('y2', bottom).attr('stroke', colour)
    .attr('stroke-dasharray', dashed ? '4 3' : null);
  group.append('text').attr('x', x + 3).attr('y', MARGIN.top + 10).attr('font-size', 11).attr('fill', colour).text(label);
}

function path(group: Group, points: [number, number][], colour: string, dashed = false): void {
  group.append('path').attr('d', line()(points)).attr('fill', 'none').attr('stroke', colour).attr('stroke-width', 1.5)
    .attr('stroke-dasharray', dashed ? '5 3' : null);
}

function drawKOverSteps(group: Group, history: readonly TruncationSnapshot[], width: number): void {
  const last = history[history.length - 1];
  const x = scaleLinear().domain([0, Math.max(1, last.step)]).range([MARGIN.left, width - MARGIN.right]);
  const y = scaleLinear().domain([0, Math.max(...history.map((entry) => entry.K)) * 1.1]).range([TRUNCATION_CHART_HEIGHT - MARGIN.bottom, MARGIN.top]).nice();
  frame(group, x, y, width, `K over training (now ${last.K})`, 'training step', (v) => formatValue(v));
  // K holds from one update to the next: a step line.
  const points = history.flatMap((entry, i) => {
    const next = history[i + 1]?.step ?? entry.step;
    return [[x(entry.step), y(entry.K)], [x(next), y(entry.K)]] as [number, number][];
  });
  path(group, points, SERIES.loss);
}

function drawDecay(group: Group, latest: TruncationSnapshot, width: number): void {
  const lags = latest.phi.map((_, k) => k);
  const positive = latest.phi.filter((value) => value > 0);
  const low = Math.min(...positive);
  const high = Math.max(...positive);
  const x = scaleLinear().domain([0, lags.length]).range([MARGIN.left, width - MARGIN.right]);
  const y = scaleLog().domain([low / 2, high * 2]).range([TRUNCATION_CHART_HEIGHT - MARGIN.bottom, MARGIN.top]).clamp(true);
  frame(group, x, y, width, `Gradient decay φ_k, β̂ = ${Math.exp(latest.logBeta).toPrecision(3)}`, 'lag k (steps back)', (v) => v.toExponential(0));
  path(group, latest.phi.flatMap((value, k) => (value > 0 ? [[x(k), y(value)] as [number, number]] : [])), SERIES.loss);
  // The fitted line through the same points as the OLS: log φ̂_k = mean(log φ) + log β̂ · (k − mean k).
  const used = latest.phi.flatMap((value, k) => (Math.log(value) >= -50 ? [[k, Math.log(value)]] : []));
  const meanK = used.reduce((sum, [k]) => sum + k, 0) / used.length;
  const meanLog = used.reduce((sum, [, v]) => sum + v, 0) / used.length;
  const fitted = (k: number) => Math.exp(meanLog + latest.logBeta * (k - meanK));
  path(group, [0, lags.length - 1].map((k) => [x(k), y(fitted(k))] as [number, number]), SERIES.evaluation, true);
  marker(group, x(latest.tau), 'τ', MUTED, true);
  marker(group, x(latest.K), `K = ${latest.K}`, SERIES.threshold, false);
}

function drawRelativeBias(group: Group, latest: TruncationSnapshot, width: number): void {
  const finite = latest.relativeBias.flatMap((value, i) => (Number.isFinite(value) && value > 0 ? [[i + 1, value] as [number, number]] : []));
  const x = scaleLinear().domain([1, latest.relativeBias.length]).range([MARGIN.left, width - MARGIN.right]);
  const values = [...finite.map(([, v]) => v), latest.delta];
  const y = scaleLog().domain([Math.min(...values) / 2, Math.max(...values) * 2]).range([TRUNCATION_CHART_HEIGHT - MARGIN.bottom, MARGIN.top]).clamp(true);
  frame(group, x, y, width, latest.noDecay ? 'Relative bias δ̂(K): unbounded (β̂ ≥ 1)' : 'Relative bias δ̂(K)', 'truncation K', (v) => v.toExponential(0));
  path(group, finite.map(([K, value]) => [x(K), y(value)] as [number, number]), SERIES.loss);
  const atDelta = y(latest.delta);
  group.append('line').attr('x1', MARGIN.left).attr('x2', width - MARGIN.right).attr('y1', atDelta).attr('y2', atDelta).attr('stroke', SERIES.evaluation).attr('stroke-dasharray', '5 3');
  group.append('text').attr('x', width - MARGIN.right).attr('y', atDelta - 4).attr('text-anchor', 'end').attr('font-size', 11).attr('fill', SERIES.evaluation).text(`δ = ${latest.delta}`);
  marker(group, x(Math.min(latest.K, latest.relativeBias.length)), `K = ${latest.K}`, SERIES.threshold, false);
}
