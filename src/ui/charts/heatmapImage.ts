/**
 * Dense grids (a state vector per ponder step, up to thousands of units) drawn on a canvas, one pixel per cell,
 * and handed to the SVG as an image: cheap to draw, and it travels with the SVG when the chart is exported.
 */
import { interpolateRdBu, rgb } from 'd3';

/** Cell colour for a value in [-1, 1] (tanh-range states): red negative, blue positive, white 0. */
export function divergingColour(value: number): string {
  return interpolateRdBu((Math.max(-1, Math.min(1, value)) + 1) / 2);
}

/** The largest magnitude among the values (at least a tiny floor), to scale a diverging colour map by. */
export function largestMagnitude(rows: readonly (readonly number[])[]): number {
  let largest = 1e-6;
  for (const row of rows) for (const value of row) if (Number.isFinite(value)) largest = Math.max(largest, Math.abs(value));
  return largest;
}

/** A PNG data URL with one pixel per value (coloured as value / range): rows top to bottom, columns left to right. */
export function heatmapDataUrl(rows: readonly (readonly number[])[], range: number): string {
  const width = Math.max(1, ...rows.map((row) => row.length));
  const height = Math.max(1, rows.length);
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d');
  if (!context) return '';
  const image = context.createImageData(width, height);
  rows.forEach((row, r) =>
    row.forEach((value, c) => {
      const colour = rgb(divergingColour(value / range));
      const at = (r * width + c) * 4;
      image.data[at] = colour.r;
      image.data[at + 1] = colour.g;
      image.data[at + 2] = colour.b;
      image.data[at + 3] = 255;
    }),
  );
  context.putImageData(image, 0, 0);
  return canvas.toDataURL('image/png');
}
