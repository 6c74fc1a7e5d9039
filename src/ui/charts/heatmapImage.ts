/**
 * Dense grids (a state vector per ponder step, up to thousands of units) drawn on a canvas, one pixel per cell,
 * and handed to the SVG as an image: cheap to draw, and it travels with the SVG when the chart is exported.
 */
import { colourOf, type Rgb } from './colourScale';

/** The largest magnitude among the values (at least a tiny floor), to scale a diverging colour map by. */
export function largestMagnitude(rows: readonly (readonly number[])[]): number {
  let largest = 1e-6;
  for (const row of rows) for (const value of row) if (Number.isFinite(value)) largest = Math.max(largest, Math.abs(value));
  return largest;
}

/** A PNG data URL with one pixel per value (coloured as value / range): rows top to bottom, columns left to right. */
export function heatmapDataUrl(rows: readonly (readonly number[])[], range: number): string {
  const width = Math.max(1, ...rows.map((row) => row.length));
  const flat = new Float32Array(Math.max(1, rows.length) * width);
  rows.forEach((row, r) => flat.set(row, r * width));
  const scale = { kind: 'diverging', lo: -range, hi: range } as const;
  return gridDataUrl(flat, Math.max(1, rows.length), width, (value) => colourOf(scale, value));
}

/** A PNG data URL of a rows × cols grid of values (row-major), one pixel per value, coloured by `colour`. */
export function gridDataUrl(values: ArrayLike<number>, rows: number, cols: number, colour: (value: number) => Rgb): string {
  const canvas = document.createElement('canvas');
  canvas.width = cols;
  canvas.height = rows;
  const context = canvas.getContext('2d');
  if (!context) return '';
  const image = context.createImageData(cols, rows);
  for (let i = 0; i < rows * cols; i++) {
    const [r, g, b] = colour(values[i]);
    image.data.set([r, g, b, 255], i * 4);
  }
  context.putImageData(image, 0, 0);
  return canvas.toDataURL('image/png');
}
