/**
 * A cell's named state views (memory [N, W], links [N, N], usage [1, N], an LSTM's h and c …) at one moment,
 * one heatmap per view, stacked: the values as a canvas image (one pixel per value, scaled up), d3 axes named
 * by the view's rowLabel / colLabel (1-based indices), and the colour ramp with the values its ends stand for.
 * Vectors (rows = 1) are strips. Knows nothing about the cell: only the views.
 */
import { axisBottom, axisLeft, scaleLinear, select, type NumberValue, type Selection } from 'd3';
import type { ViewShape } from '../../core/cells/cell';
import { colourOf, type ColourScale } from '../charts/colourScale';
import { gridDataUrl } from '../charts/heatmapImage';
import { formatValue } from '../charts/scales';
import { FONT, GRID, MUTED, TEXT } from '../charts/theme';
import { thinnedTicks } from './drawHalting';

export interface ViewFigure {
  view: ViewShape;
  /** rows·cols values, row-major. */
  values: ArrayLike<number>;
  scale: ColourScale;
  /** When the rows were cut (touchedSlots.ts): each shown row's index in the whole view, 0-based. */
  rowIndex?: readonly number[];
  /** When the columns were cut: each shown column's index in the whole view, 0-based. */
  colIndex?: readonly number[];
}

/** Where one view's heatmap goes. */
export interface ViewBlock {
  /** Top of the heatmap itself (its title sits above). */
  y: number;
  width: number;
  height: number;
}

export interface StateViewsLayout {
  blocks: ViewBlock[];
  height: number;
}

const LEFT = 52;
const RIGHT = 10;
const TITLE = 20;
const AXIS = 34;
const GAP = 10;
const STRIP_HEIGHT = 18;
const MAX_CELL = 20;
const MAX_MATRIX_HEIGHT = 320;
const MIN_MATRIX_WIDTH = 96;
const LEGEND_WIDTH = 80;
/** Room right of the ramp for the value of its high end. */
const LEGEND_LABEL = 34;

/**
 * A vector is an 18 px strip across the plot width. A matrix has square cells, as large as the plot width allows
 * but at most 20 px, and at most 320 px tall in all (a tall matrix gets smaller cells, at least 1 px per row);
 * it is never narrower than 96 px (or the plot), so that a tall, thin one stays readable.
 */
export function stateViewsLayout(views: readonly Pick<ViewShape, 'rows' | 'cols'>[], width: number): StateViewsLayout {
  const plotWidth = Math.max(1, width - LEFT - RIGHT);
  let y = 0;
  const blocks = views.map(({ rows, cols }) => {
    const cell = Math.min(plotWidth / cols, MAX_CELL, MAX_MATRIX_HEIGHT / rows);
    const block = rows === 1
      ? { y: y + TITLE, width: plotWidth, height: STRIP_HEIGHT }
      : { y: y + TITLE, width: Math.max(Math.min(plotWidth, MIN_MATRIX_WIDTH), Math.round(cols * cell)), height: Math.max(rows, Math.round(rows * cell)) };
    y += TITLE + block.height + AXIS + GAP;
    return block;
  });
  return { blocks, height: Math.max(y - GAP, 1) };
}

type Svg = Selection<SVGSVGElement, unknown, null, undefined>;

export function drawStateViews(element: SVGSVGElement, figures: readonly ViewFigure[], width: number): void {
  const svg = select(element);
  svg.selectAll('*').remove();
  const layout = stateViewsLayout(figures.map((figure) => figure.view), width);
  svg.attr('width', width).attr('height', layout.height).attr('font-family', FONT);
  figures.forEach((figure, index) => drawView(svg, figure, layout.blocks[index], width));
}

/** Tick text of the 1-based index i: its own number, or the number of the whole view's row or column it shows. */
const indexLabel = (index: readonly number[] | undefined) => (i: NumberValue) => String(index ? index[Number(i) - 1] + 1 : i);

/** Which indices get a tick: every one of a cut axis (its numbers are not in sequence) when 12 px each fit. */
function axisTicks(count: number, length: number, index: readonly number[] | undefined): number[] {
  return index && length / count >= 12 ? Array.from({ length: count }, (_, i) => i + 1) : thinnedTicks(count, length);
}

function drawView(svg: Svg, { view, values, scale, rowIndex, colIndex }: ViewFigure, block: ViewBlock, width: number): void {
  const group = svg.append('g').attr('class', 'state-view').attr('data-view', view.name);
  const shape = view.rows === 1 ? `${view.cols}` : `${view.rows} × ${view.cols}`;
  group.append('text').attr('x', LEFT).attr('y', block.y - 6).attr('font-size', 12).attr('font-weight', 600).attr('fill', TEXT).text(`${view.label} [${shape}]`);
  drawLegend(group, scale, width - RIGHT - LEGEND_LABEL, block.y - 6);
  group
    .append('image')
    .attr('class', 'state-heatmap')
    .attr('href', gridDataUrl(values, view.rows, view.cols, (value) => colourOf(scale, value)))
    .attr('x', LEFT)
    .attr('y', block.y)
    .attr('width', block.width)
    .attr('height', block.height)
    .attr('preserveAspectRatio', 'none')
    .style('image-rendering', 'pixelated');
  group.append('rect').attr('x', LEFT).attr('y', block.y).attr('width', block.width).attr('height', block.height).attr('fill', 'none').attr('stroke', GRID);
  const bottom = block.y + block.height;
  // Index i (1-based) sits at the middle of its cell.
  const x = scaleLinear().domain([0.5, view.cols + 0.5]).range([LEFT, LEFT + block.width]);
  group
    .append('g')
    .attr('transform', `translate(0,${bottom})`)
    .call(axisBottom(x).tickValues(axisTicks(view.cols, block.width, colIndex)).tickFormat(indexLabel(colIndex)).tickSizeOuter(0))
    .call((axis) => axis.selectAll('text').attr('fill', MUTED));
  group.append('text').attr('x', LEFT + block.width).attr('y', bottom + 30).attr('text-anchor', 'end').attr('font-size', 11).attr('fill', MUTED).text(view.colLabel);
  if (view.rows > 1) {
    const y = scaleLinear().domain([0.5, view.rows + 0.5]).range([block.y, bottom]);
    group
      .append('g')
      .attr('transform', `translate(${LEFT},0)`)
      .call(axisLeft(y).tickValues(axisTicks(view.rows, block.height, rowIndex)).tickFormat(indexLabel(rowIndex)).tickSizeOuter(0))
      .call((axis) => axis.selectAll('text').attr('fill', MUTED));
  }
  if (view.rowLabel) {
    group.append('text').attr('transform', `translate(12,${block.y + block.height / 2}) rotate(-90)`).attr('text-anchor', 'middle').attr('font-size', 11).attr('fill', MUTED).text(view.rowLabel);
  }
}

/** The ramp as a small image, right-aligned at (right, baseline), with the values of its ends. */
function drawLegend(group: Selection<SVGGElement, unknown, null, undefined>, scale: ColourScale, right: number, baseline: number): void {
  const ramp = Float32Array.from({ length: 64 }, (_, i) => scale.lo + ((scale.hi - scale.lo) * i) / 63);
  const left = right - LEGEND_WIDTH;
  group.append('image').attr('href', gridDataUrl(ramp, 1, ramp.length, (value) => colourOf(scale, value)))
    .attr('x', left).attr('y', baseline - 9).attr('width', LEGEND_WIDTH).attr('height', 9).attr('preserveAspectRatio', 'none');
  group.append('text').attr('x', left - 4).attr('y', baseline).attr('text-anchor', 'end').attr('font-size', 11).attr('fill', MUTED).text(formatValue(scale.lo, 2));
  group.append('text').attr('x', right + 4).attr('y', baseline).attr('font-size', 11).attr('fill', MUTED).text(formatValue(scale.hi, 2));
}
