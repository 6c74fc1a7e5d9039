/**
 * One input step's halting: per ponder step n the halting unit h^n (outline) and the probability p^n it got
 * (filled; the last one is the remainder R, in orange), the running sum Σh against the 1 − ε line, and on the
 * right the p^n stacked into one bar that sums to 1.
 */
import { axisBottom, axisLeft, interpolateBlues, line, scaleBand, scaleLinear, select, type Selection } from 'd3';
import type { HaltingStep } from '../data/haltingSteps';
import { formatValue } from '../charts/scales';
import { FONT, GRID, MUTED, SERIES, TEXT } from '../charts/theme';

export interface HaltingChartData {
  steps: HaltingStep[];
  eps: number;
  /** Highlighted ponder step (the step-through position), 1-based. */
  current: number;
}

type Svg = Selection<SVGSVGElement, unknown, null, undefined>;
type Group = Selection<SVGGElement, unknown, null, undefined>;

export const HALTING_CHART_HEIGHT = 262;
const TOP = 44;
const BOTTOM = 40;
const LEFT = 44;
const STACK_WIDTH = 110;

/** Ponder-step numbers to label on an axis of `width` pixels: all of them when they fit, else every k-th. */
export function thinnedTicks(count: number, width: number): number[] {
  const every = Math.max(1, Math.ceil((count * 22) / Math.max(width, 1)));
  return Array.from({ length: count }, (_, i) => i + 1).filter((n) => n === 1 || n % every === 0);
}

/** Blue shades by ponder step, darker later; the remainder has its own colour. */
export function probabilityColour(n: number, count: number): string {
  return interpolateBlues(0.3 + (0.6 * n) / Math.max(count, 1));
}

export function drawHalting(element: SVGSVGElement, { steps, eps, current }: HaltingChartData, width: number): void {
  const svg = select(element);
  svg.selectAll('*').remove();
  svg.attr('width', width).attr('height', HALTING_CHART_HEIGHT).attr('font-family', FONT);
  const plotRight = width - STACK_WIDTH - 16;
  const bottom = HALTING_CHART_HEIGHT - BOTTOM;
  const top = Math.max(1, ...steps.map((step) => step.sumAfter));
  const y = scaleLinear().domain([0, top]).range([bottom, TOP]).nice();
  const x = scaleBand<number>().domain(steps.map((step) => step.n)).range([LEFT, plotRight]).padding(0.25);
  svg
    .append('g')
    .attr('transform', `translate(${LEFT},0)`)
    .call(axisLeft(y).ticks(5).tickSize(-(plotRight - LEFT)))
    .call((axis) => axis.selectAll('line').attr('stroke', GRID))
    .call((axis) => axis.selectAll('text').attr('fill', MUTED))
    .call((axis) => axis.select('.domain').remove());
  svg
    .append('g')
    .attr('transform', `translate(0,${bottom})`)
    .call(axisBottom(x).tickValues(thinnedTicks(steps.length, plotRight - LEFT)).tickFormat((n) => String(n)))
    .call((axis) => axis.selectAll('text').attr('fill', MUTED));
  svg.append('text').attr('x', plotRight).attr('y', bottom + 32).attr('text-anchor', 'end').attr('font-size', 11).attr('fill', MUTED).text('ponder step n');

  const threshold = 1 - eps;
  svg.append('line').attr('x1', LEFT).attr('x2', plotRight).attr('y1', y(threshold)).attr('y2', y(threshold))
    .attr('stroke', SERIES.threshold).attr('stroke-dasharray', '6 3');
  svg.append('text').attr('x', LEFT + 4).attr('y', y(threshold) - 4).attr('font-size', 11).attr('fill', SERIES.threshold).text(`1 − ε = ${formatValue(threshold, 4)}`);

  for (const step of steps) {
    const left = x(step.n) ?? 0;
    const band = x.bandwidth();
    const last = step.halt !== null;
    const group = svg.append('g').attr('opacity', step.n === current ? 1 : 0.75);
    group.append('rect').attr('x', left).attr('width', band).attr('y', y(step.halting)).attr('height', y(0) - y(step.halting))
      .attr('fill', 'none').attr('stroke', TEXT).attr('stroke-width', step.n === current ? 2 : 1).attr('stroke-dasharray', last ? '3 2' : null);
    group.append('rect').attr('x', left + 3).attr('width', Math.max(band - 6, 1)).attr('y', y(step.probability)).attr('height', y(0) - y(step.probability))
      .attr('fill', last ? SERIES.remainder : probabilityColour(step.n, steps.length));
    group.append('title').text(
      `n = ${step.n}: h = ${formatValue(step.halting, 4)}, Σh = ${formatValue(step.sumAfter, 4)}, p = ${formatValue(step.probability, 4)}${last ? ' (remainder R)' : ''}`,
    );
  }
  const sumLine = line<HaltingStep>().x((step) => (x(step.n) ?? 0) + x.bandwidth() / 2).y((step) => y(step.sumAfter));
  svg.append('path').attr('d', sumLine(steps)).attr('fill', 'none').attr('stroke', SERIES.cumulative).attr('stroke-width', 1.5);
  svg.selectAll('circle.sum').data(steps).join('circle').attr('class', 'sum')
    .attr('cx', (step) => (x(step.n) ?? 0) + x.bandwidth() / 2).attr('cy', (step) => y(step.sumAfter)).attr('r', 3).attr('fill', SERIES.cumulative);
  drawLegend(svg, LEFT);
  drawStack(svg, steps, width - STACK_WIDTH, bottom);
}

function drawLegend(svg: Svg, left: number): void {
  const items = [
    { label: 'hⁿ (halting unit)', draw: (g: Group) => g.append('rect').attr('width', 10).attr('height', 10).attr('y', -8).attr('fill', 'none').attr('stroke', TEXT) },
    { label: 'pⁿ (probability)', draw: (g: Group) => g.append('rect').attr('width', 10).attr('height', 10).attr('y', -8).attr('fill', probabilityColour(1, 2)) },
    { label: 'remainder R', draw: (g: Group) => g.append('rect').attr('width', 10).attr('height', 10).attr('y', -8).attr('fill', SERIES.remainder) },
    { label: 'running sum Σh', draw: (g: Group) => g.append('circle').attr('cx', 5).attr('cy', -3).attr('r', 3).attr('fill', SERIES.cumulative) },
  ];
  let offset = left;
  for (const item of items) {
    const entry = svg.append('g').attr('transform', `translate(${offset},12)`);
    item.draw(entry);
    entry.append('text').attr('x', 14).attr('font-size', 11).attr('fill', MUTED).text(item.label);
    offset += 30 + item.label.length * 6;
  }
}

function drawStack(svg: Svg, steps: HaltingStep[], left: number, bottom: number): void {
  const y = scaleLinear().domain([0, 1]).range([bottom, TOP]);
  const barLeft = left + 10;
  let below = 0;
  svg.append('text').attr('x', left + 4).attr('y', TOP - 6).attr('font-size', 11).attr('fill', MUTED).text('Σ pⁿ = 1');
  for (const step of steps) {
    const last = step.halt !== null;
    const segment = svg.append('g');
    segment.append('rect').attr('x', barLeft).attr('width', 36).attr('y', y(below + step.probability)).attr('height', y(below) - y(below + step.probability))
      .attr('fill', last ? SERIES.remainder : probabilityColour(step.n, steps.length)).attr('stroke', '#fff');
    segment.append('title').text(`p${step.n} = ${formatValue(step.probability, 4)}${last ? ' = R, the remainder' : ''}`);
    const height = y(below) - y(below + step.probability);
    if (height >= 11) {
      segment.append('text').attr('x', barLeft + 42).attr('y', y(below + step.probability / 2) + 4).attr('font-size', 10).attr('fill', TEXT)
        .text(`${last ? 'R' : `p${step.n}`} ${formatValue(step.probability, 2)}`);
    }
    below += step.probability;
  }
}
