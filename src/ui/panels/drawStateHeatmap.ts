/**
 * The state vector h (top layer) after each ponder update so far, one row per update, as a heatmap; the
 * current update is outlined, and the mean field Σ p^n h^n is added below once the step has halted.
 */
import { select } from 'd3';
import { heatmapDataUrl, largestMagnitude } from '../charts/heatmapImage';
import { formatValue } from '../charts/scales';
import { FONT, MUTED, TEXT } from '../charts/theme';

export interface HeatmapRow {
  label: string;
  values: readonly number[];
}

const ROW_HEIGHT = 16;
const LEFT = 96;
const TOP = 18;

export function heatmapHeight(rows: number): number {
  return TOP + Math.max(rows, 1) * ROW_HEIGHT + 26;
}

export function drawStateHeatmap(element: SVGSVGElement, rows: readonly HeatmapRow[], current: number, width: number): void {
  const svg = select(element);
  svg.selectAll('*').remove();
  svg.attr('width', width).attr('height', heatmapHeight(rows.length)).attr('font-family', FONT);
  const units = rows[0]?.values.length ?? 0;
  const plotWidth = width - LEFT - 8;
  const values = rows.map((row) => row.values);
  const range = largestMagnitude(values);
  svg.append('text').attr('x', LEFT).attr('y', 12).attr('font-size', 11).attr('fill', MUTED)
    .text(`state h, ${units} units: red −${formatValue(range, 2)}, white 0, blue +${formatValue(range, 2)}`);
  svg
    .append('image')
    .attr('href', heatmapDataUrl(values, range))
    .attr('x', LEFT)
    .attr('y', TOP)
    .attr('width', plotWidth)
    .attr('height', rows.length * ROW_HEIGHT)
    .attr('preserveAspectRatio', 'none')
    .style('image-rendering', 'pixelated');
  rows.forEach((row, index) => {
    svg.append('text').attr('x', LEFT - 6).attr('y', TOP + index * ROW_HEIGHT + 12).attr('text-anchor', 'end').attr('font-size', 11)
      .attr('fill', index === current ? TEXT : MUTED).attr('font-weight', index === current ? 600 : 400).text(row.label);
  });
  if (current >= 0 && current < rows.length) {
    svg.append('rect').attr('x', LEFT - 1).attr('y', TOP + current * ROW_HEIGHT - 1).attr('width', plotWidth + 2).attr('height', ROW_HEIGHT + 2)
      .attr('fill', 'none').attr('stroke', TEXT).attr('stroke-width', 2);
  }
  svg.append('text').attr('x', LEFT).attr('y', TOP + rows.length * ROW_HEIGHT + 16).attr('font-size', 11).attr('fill', MUTED).text('unit 1');
  svg.append('text').attr('x', width - 8).attr('y', TOP + rows.length * ROW_HEIGHT + 16).attr('text-anchor', 'end').attr('font-size', 11).attr('fill', MUTED).text(`unit ${units}`);
}
