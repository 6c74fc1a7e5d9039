/**
 * Colours and type for the charts, set as SVG attributes (not CSS classes) so that an exported SVG or PNG looks
 * the same as on the page.
 */
export const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", Arial, sans-serif';
export const TEXT = '#1d2430';
export const MUTED = '#5b6472';
export const GRID = '#e6e9ee';

export const SERIES = {
  loss: '#1f4e79',
  taskLoss: '#6a8fb5',
  seqError: '#b03a2e',
  ponder: '#2e7d32',
  evaluation: '#e08e0b',
  remainder: '#e08e0b',
  threshold: '#b03a2e',
  cumulative: '#1d2430',
} as const;

/** Fill of input cells: +1, -1 and 0 (parity vectors and other one-hot inputs). */
export const CELL = { positive: '#1f4e79', negative: '#c75b39', zero: '#eef1f5' } as const;

export const MARGIN = { top: 12, right: 16, bottom: 36, left: 52 } as const;
