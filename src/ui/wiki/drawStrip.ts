/**
 * The reading strip on a canvas, drawing only the cells in view (texts of several KB stay smooth): per byte a
 * ponder bar (height and colour: N), the character (the further bytes of a multi-byte character are underlined
 * to it), and bars of the loss and the entropy of its next-byte prediction. Dashed lines mark window starts,
 * where the state was reset.
 */
import { interpolateGreens } from 'd3';
import { GRID, MUTED, SERIES, TEXT } from '../charts/theme';
import type { Reading } from '../../worker/wikiProtocol';
import type { Glyph } from './byteText';

export const CELL_WIDTH = 11;
/** Rows from the top: [top, height] in CSS pixels. */
export const ROWS = { ponder: [6, 54], text: [62, 20], loss: [86, 30], entropy: [120, 30] } as const;
export const STRIP_HEIGHT = 154;
/** Loss and entropy bars reach full height at 8 bits (a uniform guess over 256 bytes); taller losses are capped. */
export const BITS_MAX = 8;

export interface StripView {
  reading: Reading;
  glyphs: readonly Glyph[];
  /** The largest ponder the bars scale to. */
  ponderMax: number;
  scrollLeft: number;
  width: number;
  selected: number;
  hovered: number | null;
}

export const ponderColour = (n: number, max: number): string => interpolateGreens(0.35 + (0.65 * Math.max(0, n - 1)) / Math.max(1, max - 1));

const GLYPH_COLOUR: Record<Glyph['kind'], string> = { char: TEXT, standIn: SERIES.seqError, continuation: MUTED };

/** A bar of `share` of the row's height (capped at the top, with a mark); none for NaN (no next byte). */
function bar(context: CanvasRenderingContext2D, x: number, [top, height]: readonly [number, number], share: number, colour: string): void {
  if (Number.isNaN(share)) return;
  const h = Math.max(share > 0 ? 1 : 0, Math.min(1, share) * height);
  context.fillStyle = colour;
  context.fillRect(x + 1, top + height - h, CELL_WIDTH - 2, h);
  if (share > 1) {
    context.fillStyle = TEXT;
    context.fillRect(x + 1, top, CELL_WIDTH - 2, 2);
  }
}

export function drawStrip(canvas: HTMLCanvasElement, view: StripView): void {
  const context = canvas.getContext('2d');
  if (!context) return;
  const ratio = window.devicePixelRatio || 1;
  canvas.width = Math.round(view.width * ratio);
  canvas.height = Math.round(STRIP_HEIGHT * ratio);
  context.setTransform(ratio, 0, 0, ratio, 0, 0);
  context.clearRect(0, 0, view.width, STRIP_HEIGHT);
  const { reading, glyphs } = view;
  const first = Math.max(0, Math.floor(view.scrollLeft / CELL_WIDTH));
  const last = Math.min(reading.bytes.length, Math.ceil((view.scrollLeft + view.width) / CELL_WIDTH));
  context.font = `13px ui-monospace, "DejaVu Sans Mono", monospace`;
  context.textAlign = 'center';
  context.textBaseline = 'middle';
  for (const [top, height] of [ROWS.ponder, ROWS.loss, ROWS.entropy]) {
    context.fillStyle = GRID;
    context.fillRect(0, top + height, view.width, 1);
  }
  for (let i = first; i < last; i++) {
    const x = i * CELL_WIDTH - view.scrollLeft;
    if (i === view.selected || i === view.hovered) {
      context.fillStyle = i === view.selected ? '#dbe8f5' : '#eef3f8';
      context.fillRect(x, 0, CELL_WIDTH, STRIP_HEIGHT);
    }
    if (i % reading.window === 0 && i > 0) {
      context.fillStyle = MUTED;
      for (let y = 0; y < STRIP_HEIGHT; y += 6) context.fillRect(x, y, 1, 3);
    }
    bar(context, x, ROWS.ponder, reading.ponder[i] / view.ponderMax, ponderColour(reading.ponder[i], view.ponderMax));
    bar(context, x, ROWS.loss, reading.loss[i] / BITS_MAX, SERIES.loss);
    bar(context, x, ROWS.entropy, reading.entropy[i] / BITS_MAX, SERIES.evaluation);
    const glyph = glyphs[i];
    context.fillStyle = GLYPH_COLOUR[glyph.kind];
    if (glyph.kind === 'continuation') context.fillRect(x - 2, ROWS.text[0] + ROWS.text[1] - 3, CELL_WIDTH + 2, 1);
    else context.fillText(glyph.text, x + CELL_WIDTH / 2, ROWS.text[0] + ROWS.text[1] / 2);
  }
}
