/**
 * Ponder per input step of the fixed examples: N(t) as bars, the input alongside. One-step tasks (parity) put
 * the examples side by side, each with its input vector as a column of ±1/0 cells; sequence tasks give each
 * example a row of steps with the input written under each bar. ✓/✗ marks whether the output at a step was right.
 */
import { axisLeft, scaleBand, scaleLinear, select, type Selection } from 'd3';
import type { SequenceTrace } from '../../core/trace';
import type { TraceSnapshot } from '../../worker/protocol';
import { exampleName, type ShownTrace } from '../data/liveData';
import { describeInput, describeOutputs } from '../data/inputText';
import { headOutputs, predictedOutputs, stepResults, targetOutputs } from '../data/predictions';
import { formatValue } from '../charts/scales';
import { CELL, FONT, GRID, MUTED, SERIES, TEXT } from '../charts/theme';

export interface PonderChartData {
  trace: ShownTrace;
  task: string;
  unit: number;
  selected: { example: number; step: number };
  onSelect: (example: number, step: number) => void;
}

type Svg = Selection<SVGSVGElement, unknown, null, undefined>;

const BAR_AREA = 110;
const LEFT = 44;

const stepsOf = (sequence: SequenceTrace, t: number, unit: number) => sequence.ponder[t]?.[unit]?.steps ?? 0;

/** The largest N among the examples, at least 2, so that the bars' scale is shared and readable. */
export function ponderScaleMax(examples: readonly SequenceTrace[], unit: number): number {
  let max = 2;
  for (const sequence of examples) for (let t = 0; t < sequence.length; t++) max = Math.max(max, stepsOf(sequence, t, unit));
  return max;
}

function mark(result: boolean | null): string {
  return result === null ? '' : result ? '✓' : '✗';
}

function barTitle(data: PonderChartData, sequence: SequenceTrace, example: number, t: number): string {
  const unit = sequence.ponder[t]?.[data.unit];
  const head = data.trace.head;
  const target = sequence.targetMask[t] > 0 ? `target ${describeOutputs(data.task, targetOutputs(head, sequence.targets[t]))}, ` : '';
  const said = sequence.targetMask[t] > 0 ? `output ${describeOutputs(data.task, predictedOutputs(head, headOutputs(head, sequence.logits, t)))}` : 'no target';
  const ponder = unit ? `N = ${unit.steps}, R = ${formatValue(unit.remainder)}, ρ = N + R = ${formatValue(unit.steps + unit.remainder)}` : '';
  return `${exampleName(data.trace, example)}, step ${t + 1}: ${ponder}; ${target}${said}. Click to inspect.`;
}

export function ponderChartHeight(trace: TraceSnapshot): number {
  const oneStep = trace.examples.every((sequence) => sequence.length === 1);
  if (oneStep) return 28 + BAR_AREA + cellSize(trace) * (trace.examples[0]?.inputs[0]?.length ?? 0) + 44;
  return 20 + trace.examples.length * 96;
}

function cellSize(trace: TraceSnapshot): number {
  const bits = trace.examples[0]?.inputs[0]?.length ?? 1;
  return Math.max(3, Math.min(12, Math.floor(160 / bits)));
}

export function drawPonder(element: SVGSVGElement, data: PonderChartData, width: number): void {
  const svg = select(element);
  svg.selectAll('*').remove();
  svg.attr('width', width).attr('height', ponderChartHeight(data.trace)).attr('font-family', FONT);
  if (data.trace.examples.every((sequence) => sequence.length === 1)) drawSideBySide(svg, data, width);
  else drawRows(svg, data, width);
}

function bar(svg: Svg | Selection<SVGGElement, unknown, null, undefined>, data: PonderChartData, example: number, t: number) {
  const selected = data.selected.example === example && data.selected.step === t;
  return svg
    .append('rect')
    .attr('fill', SERIES.ponder)
    .attr('fill-opacity', selected ? 1 : 0.7)
    .attr('stroke', selected ? TEXT : 'none')
    .attr('stroke-width', 2)
    .attr('cursor', 'pointer')
    .on('click', () => data.onSelect(example, t));
}

function drawSideBySide(svg: Svg, data: PonderChartData, width: number): void {
  const { examples } = data.trace;
  const x = scaleBand<number>().domain(examples.map((_, i) => i)).range([LEFT, width - 8]).padding(0.3);
  const y = scaleLinear().domain([0, ponderScaleMax(examples, data.unit)]).range([20 + BAR_AREA, 20]).nice();
  svg
    .append('g')
    .attr('transform', `translate(${LEFT},0)`)
    .call(axisLeft(y).ticks(Math.min(5, y.domain()[1])).tickFormat((value) => String(value)).tickSize(-(width - LEFT - 8)))
    .call((axis) => axis.selectAll('line').attr('stroke', GRID))
    .call((axis) => axis.selectAll('text').attr('fill', MUTED))
    .call((axis) => axis.select('.domain').remove());
  svg.append('text').attr('x', 4).attr('y', 12).attr('font-size', 11).attr('fill', MUTED).text('N (updates)');
  const size = cellSize(data.trace);
  const cellTop = 20 + BAR_AREA + 8;
  examples.forEach((sequence, example) => {
    const left = x(example) ?? 0;
    const steps = stepsOf(sequence, 0, data.unit);
    bar(svg, data, example, 0).attr('x', left).attr('width', x.bandwidth()).attr('y', y(steps)).attr('height', y(0) - y(steps))
      .append('title').text(barTitle(data, sequence, example, 0));
    svg.append('text').attr('x', left + x.bandwidth() / 2).attr('y', y(steps) - 3).attr('text-anchor', 'middle').attr('font-size', 11).attr('fill', TEXT).text(steps);
    const cellLeft = left + x.bandwidth() / 2 - size / 2;
    const column = svg.append('g');
    column.append('title').text(`Input: ${describeInput(data.task, sequence.inputs[0], 0)}`);
    sequence.inputs[0].forEach((value, i) => {
      column.append('rect').attr('x', cellLeft).attr('y', cellTop + i * size).attr('width', size).attr('height', size - (size > 4 ? 1 : 0))
        .attr('fill', value > 0 ? CELL.positive : value < 0 ? CELL.negative : CELL.zero);
    });
    const below = cellTop + sequence.inputs[0].length * size + 14;
    const result = stepResults(data.trace.head, sequence)[0];
    svg.append('text').attr('x', left + x.bandwidth() / 2).attr('y', below).attr('text-anchor', 'middle').attr('font-size', 11).attr('fill', MUTED)
      .text(example < data.trace.probed ? `yours k=${sequence.difficulty}` : `k=${sequence.difficulty}`);
    svg.append('text').attr('x', left + x.bandwidth() / 2).attr('y', below + 15).attr('text-anchor', 'middle').attr('font-size', 12)
      .attr('fill', result ? SERIES.ponder : SERIES.seqError).text(mark(result));
  });
}

function drawRows(svg: Svg, data: PonderChartData, width: number): void {
  const { examples } = data.trace;
  const longest = Math.max(...examples.map((sequence) => sequence.length));
  const left = 86;
  const x = scaleBand<number>().domain(Array.from({ length: longest }, (_, t) => t)).range([left, width - 8]).padding(0.15);
  const max = ponderScaleMax(examples, data.unit);
  examples.forEach((sequence, example) => {
    const top = 20 + example * 96;
    const y = scaleLinear().domain([0, max]).range([top + 50, top]);
    const row = svg.append('g');
    const results = stepResults(data.trace.head, sequence);
    const allRight = results.every((result) => result !== false);
    row.append('text').attr('x', 4).attr('y', top + 16).attr('font-size', 12).attr('font-weight', 600).attr('fill', TEXT).text(exampleName(data.trace, example));
    row.append('text').attr('x', 4).attr('y', top + 32).attr('font-size', 11).attr('fill', MUTED).text(`difficulty ${sequence.difficulty}`);
    row.append('text').attr('x', 4).attr('y', top + 48).attr('font-size', 11).attr('fill', allRight ? SERIES.ponder : SERIES.seqError).text(allRight ? '✓ all right' : '✗ wrong');
    row.append('line').attr('x1', left).attr('x2', width - 8).attr('y1', y(0)).attr('y2', y(0)).attr('stroke', GRID);
    for (let t = 0; t < sequence.length; t++) {
      const steps = stepsOf(sequence, t, data.unit);
      const cx = (x(t) ?? 0) + x.bandwidth() / 2;
      bar(row, data, example, t).attr('x', x(t) ?? 0).attr('width', x.bandwidth()).attr('y', y(steps)).attr('height', y(0) - y(steps))
        .append('title').text(barTitle(data, sequence, example, t));
      row.append('text').attr('x', cx).attr('y', y(steps) - 2).attr('text-anchor', 'middle').attr('font-size', 10).attr('fill', TEXT).text(steps);
      const input = describeInput(data.task, sequence.inputs[t], t);
      const fits = Math.max(2, Math.floor(x.bandwidth() / 5.5));
      row.append('text').attr('x', cx).attr('y', y(0) + 14).attr('text-anchor', 'middle').attr('font-size', 10).attr('fill', TEXT)
        .text(input.length > fits ? `${input.slice(0, fits - 1)}…` : input)
        .append('title').text(input);
      row.append('text').attr('x', cx).attr('y', y(0) + 28).attr('text-anchor', 'middle').attr('font-size', 11)
        .attr('fill', results[t] ? SERIES.ponder : SERIES.seqError).text(mark(results[t]));
    }
  });
}
