/**
 * Held-out sequence error and ponder against the task's difficulty, side by side: the latest evaluation in
 * full colour, a few earlier ones fading out, so that one sees how training moves the curves.
 */
import { axisBottom, axisLeft, line, scaleLinear, select, type ScaleLinear, type Selection } from 'd3';
import type { DifficultyStats, StepDifficultyStats } from '../../core/evaluate';
import type { EvaluationSnapshot } from '../../worker/protocol';
import { SEQUENCE_ERROR } from '../../charts/errorMeasure';
import { finiteExtent, formatValue, paddedDomain } from '../charts/scales';
import { FONT, GRID, MUTED, SERIES, TEXT } from '../charts/theme';

export const DIFFICULTY_CHART_HEIGHT = 230;
const EARLIER_SHOWN = 4;
const MARGIN = { top: 34, right: 12, bottom: 40, left: 48 };
/** The plots' top when the ponder chart has a step line: its legend's two rows sit above the plot. */
const TOP_WITH_LEGEND = 64;
const TRAINED_FILL = '#e3ecf5';

type Group = Selection<SVGGElement, unknown, null, undefined>;

interface Metric {
  title: string;
  pick: (stats: DifficultyStats) => number;
  colour: string;
  format: (value: number) => string;
  domain: (values: number[]) => [number, number];
}

const PONDER: Metric = {
  title: 'Ponder (mean N)',
  pick: (stats) => stats.ponder,
  colour: SERIES.ponder,
  format: (value) => formatValue(value, 3),
  domain: (values) => paddedDomain(finiteExtent([1, ...values])),
};
const METRICS: Metric[] = [
  { title: 'Sequence error', pick: (stats) => stats.seqError, colour: SERIES.seqError, format: SEQUENCE_ERROR.tick, domain: (values) => [0, Math.max(0.05, ...values)] },
  PONDER,
];

/** The evaluations to draw, oldest first: a few earlier ones, then the latest. */
export function shownEvaluations(evaluations: readonly EvaluationSnapshot[]): EvaluationSnapshot[] {
  return evaluations.slice(-(EARLIER_SHOWN + 1));
}

/** The ponder at input steps by their own difficulty (Task.stepDifficultyLabel), drawn dashed over the ponder chart. */
interface StepLine {
  label: string;
  stats: readonly StepDifficultyStats[];
}

/**
 * `trainedRange`: for a length task evaluated beyond its training lengths, the lengths it trains on (shaded),
 * and the x axis always reaches them. `stepDifficultyLabel`: for a task whose steps have difficulties of their own,
 * the latest evaluation's ponder by them joins the ponder chart, dashed, with a legend.
 */
export function drawDifficulty(
  element: SVGSVGElement, evaluations: readonly EvaluationSnapshot[], difficultyLabel: string, width: number, trainedRange?: [number, number], stepDifficultyLabel?: string,
): void {
  const svg = select(element);
  svg.selectAll('*').remove();
  svg.attr('width', width).attr('height', DIFFICULTY_CHART_HEIGHT).attr('font-family', FONT);
  const shown = shownEvaluations(evaluations);
  const all = shown.flatMap((snapshot) => snapshot.evaluation.byDifficulty);
  const xExtent = finiteExtent([...all.map((stats) => stats.difficulty), ...(trainedRange ?? [])]) ?? [0, 1];
  const half = width / 2;
  const byStep = shown[shown.length - 1]?.evaluation.byStepDifficulty;
  const stepLine = stepDifficultyLabel && byStep ? { label: stepDifficultyLabel, stats: byStep } : undefined;
  METRICS.forEach((metric, index) => {
    const group = svg.append('g').attr('transform', `translate(${index * half},0)`);
    drawOne(group, metric, shown, xExtent, difficultyLabel, half, stepLine ? TOP_WITH_LEGEND : MARGIN.top, trainedRange, metric === PONDER ? stepLine : undefined);
  });
}

function drawOne(
  group: Group, metric: Metric, shown: EvaluationSnapshot[], xExtent: [number, number], difficultyLabel: string, width: number, top: number,
  trainedRange?: [number, number], stepLine?: StepLine,
): void {
  const x = scaleLinear().domain(xExtent[0] === xExtent[1] ? [xExtent[0] - 1, xExtent[1] + 1] : xExtent).range([MARGIN.left, width - MARGIN.right]);
  const values = [...shown.flatMap((snapshot) => snapshot.evaluation.byDifficulty.map(metric.pick)), ...(stepLine?.stats.map((stats) => stats.ponder) ?? [])];
  const y = scaleLinear().domain(metric.domain(values)).range([DIFFICULTY_CHART_HEIGHT - MARGIN.bottom, top]).nice();
  if (trainedRange) drawTrainedRange(group, x, y, trainedRange);
  const integerTicks = x.ticks(Math.min(8, Math.floor(width / 40))).filter(Number.isInteger);
  group.append('g').attr('transform', `translate(0,${DIFFICULTY_CHART_HEIGHT - MARGIN.bottom})`).call(axisBottom(x).tickValues(integerTicks).tickFormat((v) => String(v)))
    .call((axis) => axis.selectAll('text').attr('fill', MUTED));
  group.append('g').attr('transform', `translate(${MARGIN.left},0)`)
    .call(axisLeft(y).ticks(4).tickFormat((value) => metric.format(Number(value))).tickSize(-(width - MARGIN.left - MARGIN.right)))
    .call((axis) => axis.selectAll('line').attr('stroke', GRID))
    .call((axis) => axis.selectAll('text').attr('fill', MUTED))
    .call((axis) => axis.select('.domain').remove());
  group.append('text').attr('x', MARGIN.left).attr('y', 14).attr('font-size', 12).attr('font-weight', 600).attr('fill', TEXT).text(metric.title);
  group.append('text').attr('x', width - MARGIN.right).attr('y', DIFFICULTY_CHART_HEIGHT - 6).attr('text-anchor', 'end').attr('font-size', 11).attr('fill', MUTED)
    .text(difficultyLabel);
  const path = line<DifficultyStats>().x((stats) => x(stats.difficulty)).y((stats) => y(metric.pick(stats)));
  shown.forEach((snapshot, index) => {
    const latest = index === shown.length - 1;
    const opacity = latest ? 1 : 0.15 + (0.4 * (index + 1)) / shown.length;
    group.append('path').attr('d', path(snapshot.evaluation.byDifficulty)).attr('fill', 'none').attr('stroke', latest ? metric.colour : MUTED)
      .attr('stroke-opacity', opacity).attr('stroke-width', latest ? 2 : 1);
    if (!latest) return;
    group.selectAll('circle').data(snapshot.evaluation.byDifficulty).join('circle')
      .attr('cx', (stats) => x(stats.difficulty)).attr('cy', (stats) => y(metric.pick(stats))).attr('r', 3).attr('fill', metric.colour)
      .append('title').text((stats) => `${difficultyLabel} ${stats.difficulty}: ${metric.format(metric.pick(stats))} (${stats.count} sequences)`);
  });
  group.append('text').attr('x', MARGIN.left + 4).attr('y', 28).attr('font-size', 11).attr('fill', MUTED)
    .text(shown.length > 1 ? `step ${shown[shown.length - 1].step} (grey: earlier)` : `step ${shown[0]?.step ?? 0}`);
  if (stepLine) drawStepLine(group, stepLine, x, y, metric.colour);
}

/** The ponder at steps of each own difficulty, dashed, and a two-row legend above the plot telling it from the sequences' line. */
function drawStepLine(group: Group, { label, stats }: StepLine, x: ScaleLinear<number, number>, y: ScaleLinear<number, number>, colour: string): void {
  const path = line<StepDifficultyStats>().x((d) => x(d.difficulty)).y((d) => y(d.ponder));
  const steps = group.append('g').attr('class', 'step-difficulty');
  steps.append('path').attr('d', path([...stats])).attr('fill', 'none').attr('stroke', colour).attr('stroke-width', 1.5).attr('stroke-dasharray', '4 3');
  steps.selectAll('rect').data(stats).join('rect')
    .attr('x', (d) => x(d.difficulty) - 2.5).attr('y', (d) => y(d.ponder) - 2.5).attr('width', 5).attr('height', 5).attr('fill', 'white').attr('stroke', colour)
    .append('title').text((d) => `${label} ${d.difficulty}: ${formatValue(d.ponder, 3)} (${d.steps} input steps)`);
  const legend = group.append('g').attr('transform', `translate(12,${MARGIN.top + 6})`).attr('font-size', 10).attr('fill', MUTED);
  [['each sequence, by the axis below', ''], [`each step, by ${label}`, '4 3']].forEach(([text, dash], row) => {
    legend.append('line').attr('x1', 0).attr('x2', 16).attr('y1', row * 13).attr('y2', row * 13).attr('stroke', colour).attr('stroke-width', 1.5).attr('stroke-dasharray', dash);
    legend.append('text').attr('x', 20).attr('y', row * 13 + 3.5).text(text);
  });
}

/** A shaded band over the lengths the model trains on, labelled, behind the curves. */
function drawTrainedRange(group: Group, x: ScaleLinear<number, number>, y: ScaleLinear<number, number>, [shortest, longest]: [number, number]): void {
  const [top, bottom] = [y.range()[1], y.range()[0]];
  const left = x(shortest);
  group.append('rect').attr('x', left).attr('y', top).attr('width', Math.max(2, x(longest) - left)).attr('height', bottom - top)
    .attr('fill', TRAINED_FILL).append('title').text(`Trained on ${shortest}–${longest}`);
  group.append('text').attr('x', left + 3).attr('y', bottom - 4).attr('font-size', 10).attr('fill', MUTED).text('trained');
}
