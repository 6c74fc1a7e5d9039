/**
 * "Only the touched slots": a memory of 1,024 slots drawn whole gives each slot a pixel or less, and the few rows
 * a sparse memory reads and writes at a step vanish. This cuts every view's slot axis down to the slots some
 * weight puts weight on in the shown frame, so the read rows, the written rows and the LRU pointer are drawn as
 * rows of their own, labelled with their slot numbers. Generic: it reads only the views' axis names and ranges
 * (an axis named `slot`, `slot i` …; weights are views of range `unit`), never which cell drew them. Pure.
 */
import type { ViewShape } from '../../core/cells/cell';
import type { ViewFigure } from './drawStateViews';

/** A slot counts as touched when some weight view puts at least this much on it (1%). */
export const TOUCHED_WEIGHT = 0.01;
/** From this many slots on, the State panel shows only the touched ones unless the user asks for all. */
export const CUT_FROM_SLOTS = 128;

const isSlotAxis = (label: string): boolean => /^slot\b/.test(label);

/** The number of slots the views address: the largest slot axis (0 when no view has one). */
export function slotCount(views: readonly ViewShape[]): number {
  let slots = 0;
  for (const view of views) {
    if (isSlotAxis(view.rowLabel)) slots = Math.max(slots, view.rows);
    if (isSlotAxis(view.colLabel)) slots = Math.max(slots, view.cols);
  }
  return slots;
}

/** The slots (0-based, ascending) on which some `unit` view along a slot axis has at least TOUCHED_WEIGHT. */
export function touchedSlots(figures: readonly ViewFigure[]): number[] {
  const slots = slotCount(figures.map((figure) => figure.view));
  const touched = new Uint8Array(slots);
  for (const { view, values } of figures) {
    if (view.range !== 'unit') continue;
    const rowsAreSlots = isSlotAxis(view.rowLabel) && view.rows === slots;
    const colsAreSlots = isSlotAxis(view.colLabel) && view.cols === slots;
    if (!rowsAreSlots && !colsAreSlots) continue;
    for (let r = 0; r < view.rows; r++) {
      for (let c = 0; c < view.cols; c++) {
        if (!(values[r * view.cols + c] >= TOUCHED_WEIGHT)) continue;
        if (rowsAreSlots) touched[r] = 1;
        if (colsAreSlots) touched[c] = 1;
      }
    }
  }
  const out: number[] = [];
  touched.forEach((flag, slot) => flag && out.push(slot));
  return out;
}

/**
 * The figures with every full-length slot axis cut to `slots` (0-based, ascending); the title says how many of
 * how many slots are shown. Views without a slot axis are returned as they are; so is everything when `slots`
 * is empty (nothing to cut to).
 */
export function cutToSlots(figures: readonly ViewFigure[], slots: readonly number[]): ViewFigure[] {
  const total = slotCount(figures.map((figure) => figure.view));
  if (slots.length === 0) return [...figures];
  const all = (count: number) => Array.from({ length: count }, (_, i) => i);
  return figures.map((figure) => {
    const { view, values } = figure;
    const cutRows = isSlotAxis(view.rowLabel) && view.rows === total;
    const cutCols = isSlotAxis(view.colLabel) && view.cols === total;
    if (!cutRows && !cutCols) return figure;
    const rows = cutRows ? slots : all(view.rows);
    const cols = cutCols ? slots : all(view.cols);
    const cut = new Float32Array(rows.length * cols.length);
    rows.forEach((r, i) => cols.forEach((c, j) => (cut[i * cols.length + j] = values[r * view.cols + c])));
    return {
      view: { ...view, rows: rows.length, cols: cols.length, label: `${view.label}: the ${slots.length} touched of ${total} slots` },
      values: cut,
      scale: figure.scale,
      ...(cutRows ? { rowIndex: slots } : {}),
      ...(cutCols ? { colIndex: slots } : {}),
    };
  });
}
