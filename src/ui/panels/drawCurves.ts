/**
 * The learning curves: loss, sequence error (bits per character for a task that reads text, where nearly every
 * window has a wrong byte) and ponder against the training step, in three rows sharing the step axis. Each shows
 * the per-step values faintly, an EMA-smoothed line on top, and the held-out
 * evaluations as dots.
 */
import { axisBottom, axisLeft, format, line, scaleLinear, scaleLog, select, type ScaleContinuousNumeric, type Selection } from 'd3';
import type { EvaluationSnapshot } from '../../worker/protocol';
import { CURVE_COLUMNS } from '../../worker/protocol';
import type { CurvePoints } from '../data/curveBuffer';
import { smoothEma } from '../data/smoothing';
import { SEQUENCE_ERROR } from '../../charts/errorMeasure';
import { decadeDomain, finiteExtent, formatValue, paddedDomain, prefersLogScale, zeroBasedDomain } from '../charts/scales';
import { FONT, GRID, MARGIN, MUTED, SERIES, TEXT } from '../charts/theme';

export interface CurveChartData {
  points: CurvePoints;
  smoothing: number;
  evaluations: readonly EvaluationSnapshot[];
  /** The task reads text: its second row is bits per character instead of sequence error. */
  readsText: boolean;
}

interface Series {
  values: Float64Array;
  color: string;
  /** Faint and thin: the unsmoothed values. */
  raw?: boolean;
  dashed?: boolean;
}

interface Row {
  title: string;
  series: Series[];
  evaluated: { step: number; value: number }[];
  log: boolean;
  domain: [number, number];
  format: (value: number) => string;
}

const LEGEND_HEIGHT = 22;
const ROW_HEIGHT = 104;
const ROW_GAP = 18;

const column = (points: CurvePoints, name: (typeof CURVE_COLUMNS)[number]) => points.columns[CURVE_COLUMNS.indexOf(name)];

export function curveRows({ points, smoothing, evaluations, readsText }: CurveChartData): Row[] {
  const smooth = (values: Float64Array) => smoothEma(values, smoothing);
  const loss = column(points, 'loss');
  const taskLoss = column(points, 'taskLoss');
  const ponder = column(points, 'ponder');
  const lossExtent = finiteExtent([...loss, ...taskLoss], true);
  const logLoss = prefersLogScale(lossExtent);
  const evaluated = (pick: (snapshot: EvaluationSnapshot) => number) => evaluations.map((snapshot) => ({ step: snapshot.step, value: pick(snapshot) }));
  const ponderExtent = finiteExtent([...ponder, 1]);
  return [
    {
      title: 'Loss per sequence: L + τ·P (solid), task loss L (dashed)',
      series: [{ values: loss, color: SERIES.loss, raw: true }, { values: smooth(loss), color: SERIES.loss }, { values: smooth(taskLoss), color: SERIES.taskLoss, dashed: true }],
      evaluated: evaluated((snapshot) => snapshot.evaluation.taskLoss),
      log: logLoss,
      domain: logLoss && lossExtent ? decadeDomain(lossExtent) : zeroBasedDomain(lossExtent),
      format: (value) => formatValue(value, 2),
    },
    readsText ? bitsRow(column(points, 'bitsPerTarget'), smooth, evaluated((snapshot) => snapshot.evaluation.bitsPerTarget)) : errorRow(column(points, 'seqError'), smooth, evaluated((snapshot) => snapshot.evaluation.seqError)),
    {
      title: 'Ponder: mean updates N per input step',
      series: [{ values: ponder, color: SERIES.ponder, raw: true }, { values: smooth(ponder), color: SERIES.ponder }],
      evaluated: evaluated((snapshot) => snapshot.evaluation.ponder),
      log: false,
      domain: paddedDomain(ponderExtent && [Math.min(1, ponderExtent[0]), ponderExtent[1]]),
      format: (value) => formatValue(value, 3),
    },
  ];
}

type Smooth = (values: Float64Array) => Float64Array;
type Evaluated = Row['evaluated'];

function errorRow(seqError: Float64Array, smooth: Smooth, evaluated: Evaluated): Row {
  return {
    title: 'Sequence error (any wrong output)',
    series: [{ values: seqError, color: SERIES.seqError, raw: true }, { values: smooth(seqError), color: SERIES.seqError }],
    evaluated,
    log: false,
    domain: zeroBasedDomain(finiteExtent(seqError), 0.5),
    // Exact at every tick: 0.5%, 1%, 1.5% (no decimals would read 0%, 1%, 1%, 2%).
    format: SEQUENCE_ERROR.tick,
  };
}

/** Runs saved before this column existed have no training values for it (NaN): their held-out dots still show. */
function bitsRow(bits: Float64Array, smooth: Smooth, evaluated: Evaluated): Row {
  return {
    title: 'Bits per character: training batches, held out (dots)',
    series: [{ values: bits, color: SERIES.seqError, raw: true }, { values: smooth(bits), color: SERIES.seqError }],
    evaluated,
    log: false,
    domain: zeroBasedDomain(finiteExtent([...bits, ...evaluated.map((point) => point.value)]), 8),
    format: (value) => formatValue(value, 2),
  };
}

/**
 * The step axis: from 0 for a run trained from scratch; from its first point (or an earlier evaluation) for a run
 * that continues a snapshot or saved run, so that its new steps are not squeezed against the right edge.
 */
export function stepDomain(steps: Float64Array, stride: number, evaluations: readonly EvaluationSnapshot[]): [number, number] {
  const extent = finiteExtent([...steps, ...evaluations.map((snapshot) => snapshot.step)]);
  if (!extent) return [0, 1];
  const fromScratch = steps.length === 0 || steps[0] <= stride;
  const start = fromScratch ? 0 : extent[0];
  return [start, Math.max(extent[1], start + 1)];
}

export function curveChartHeight(): number {
  return LEGEND_HEIGHT + 3 * ROW_HEIGHT + 2 * ROW_GAP + MARGIN.bottom;
}

export function drawCurves(element: SVGSVGElement, data: CurveChartData, width: number): void {
  const svg = select(element);
  svg.selectAll('*').remove();
  svg.attr('width', width).attr('height', curveChartHeight()).attr('font-family', FONT);
  const steps = column(data.points, 'step');
  const x = scaleLinear()
    .domain(stepDomain(steps, data.points.stride, data.evaluations))
    .range([MARGIN.left, width - MARGIN.right]);
  drawLegend(svg.append('g'), data.smoothing);
  curveRows(data).forEach((row, index) => {
    const top = LEGEND_HEIGHT + index * (ROW_HEIGHT + ROW_GAP);
    const y: ScaleContinuousNumeric<number, number> = (row.log ? scaleLog() : scaleLinear()).domain(row.domain).range([top + ROW_HEIGHT, top + 18]);
    const group = svg.append('g');
    const ticks = row.log ? y.ticks(4).filter((tick) => Number.isInteger(Math.log10(tick))) : y.ticks(4);
    group
      .append('g')
      .attr('transform', `translate(${MARGIN.left},0)`)
      .call(axisLeft(y).tickValues(ticks).tickFormat((value) => row.format(Number(value))).tickSize(-(width - MARGIN.left - MARGIN.right)))
      .call((axis) => axis.selectAll('line').attr('stroke', GRID))
      .call((axis) => axis.selectAll('text').attr('fill', MUTED))
      .call((axis) => axis.select('.domain').remove());
    group.append('text').attr('x', MARGIN.left + 4).attr('y', top + 6).attr('font-size', 12).attr('font-weight', 600).attr('fill', TEXT).text(row.title);
    for (const series of row.series) {
      const path = line<number>()
        .defined((_, i) => Number.isFinite(series.values[i]) && (!row.log || series.values[i] > 0))
        .x((_, i) => x(steps[i]))
        .y((value) => y(value));
      group
        .append('path')
        .attr('d', path(Array.from(series.values)))
        .attr('fill', 'none')
        .attr('stroke', series.color)
        .attr('stroke-width', series.raw ? 1 : 2)
        .attr('stroke-opacity', series.raw ? 0.25 : 1)
        .attr('stroke-dasharray', series.dashed ? '5 3' : null);
    }
    group
      .selectAll('circle')
      .data(row.evaluated.filter((point) => Number.isFinite(point.value) && (!row.log || point.value > 0)))
      .join('circle')
      .attr('cx', (point) => x(point.step))
      .attr('cy', (point) => y(Math.max(row.domain[0], Math.min(row.domain[1], point.value))))
      .attr('r', 3.5)
      .attr('fill', SERIES.evaluation)
      .attr('stroke', '#fff')
      .append('title')
      .text((point) => `held-out at step ${point.step}: ${row.format(point.value)}`);
  });
  const bottom = LEGEND_HEIGHT + 3 * ROW_HEIGHT + 2 * ROW_GAP;
  svg
    .append('g')
    .attr('transform', `translate(0,${bottom})`)
    // Whole steps only, written out ("10,250", not "1.03e4": a continued run's ticks differ in the last digits).
    .call(axisBottom(x).tickValues(x.ticks(Math.max(2, Math.floor(width / 90))).filter(Number.isInteger)).tickFormat(format(',')))
    .call((axis) => axis.selectAll('text').attr('fill', MUTED));
  svg.append('text').attr('x', width - MARGIN.right).attr('y', bottom + 32).attr('text-anchor', 'end').attr('font-size', 12).attr('fill', MUTED).text('training step');
}

function drawLegend(group: Selection<SVGGElement, unknown, null, undefined>, smoothing: number): void {
  const items: { label: string; draw: (g: typeof group) => void }[] = [
    { label: 'per step', draw: (g) => void g.append('line').attr('x2', 18).attr('stroke', MUTED).attr('stroke-opacity', 0.35) },
    { label: smoothing > 0 ? `smoothed (EMA ${smoothing})` : 'unsmoothed', draw: (g) => void g.append('line').attr('x2', 18).attr('stroke', TEXT).attr('stroke-width', 2) },
    { label: 'held-out evaluation', draw: (g) => void g.append('circle').attr('cx', 9).attr('r', 3.5).attr('fill', SERIES.evaluation) },
  ];
  let offset = MARGIN.left;
  for (const item of items) {
    const entry = group.append('g').attr('transform', `translate(${offset},10)`);
    item.draw(entry);
    entry.append('text').attr('x', 24).attr('y', 4).attr('font-size', 12).attr('fill', MUTED).text(item.label);
    offset += 40 + item.label.length * 6.5;
  }
}
