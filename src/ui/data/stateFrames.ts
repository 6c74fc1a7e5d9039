/**
 * Which captured frame of a sequence's state views (core/stateTrace.ts) the State panel shows for the selected
 * input step and ponder update, and what each view's values and colour scale are there. Pure.
 */
import { frameIndex, viewFrame, type StateFrames } from '../../core/stateTrace';
import { colourScale, type ColourScale } from '../charts/colourScale';

export interface ShownFrame {
  /** Index into frames.steps. */
  kept: number;
  /** The input step shown: the selected one, or the nearest kept one before it when the size cap dropped it. */
  step: number;
  /** The ponder update shown (1-based), or null: the state the input step ends with. */
  update: number | null;
  frame: number;
  /** Set when what is shown differs from what was asked (the size cap dropped it). */
  note: string | null;
}

/** The frame for input step `step` after ponder update `update` (null: the state the step ends with). */
export function shownFrame(frames: StateFrames, step: number, update: number | null): ShownFrame | null {
  const { steps, updates } = frames;
  if (steps.length === 0) return null;
  let kept = 0;
  for (let i = 0; i < steps.length; i++) if (steps[i] <= step) kept = i;
  const notes: string[] = [];
  if (steps[kept] !== step) notes.push(`Input step ${step + 1} was not kept (size cap): showing step ${steps[kept] + 1}.`);
  const updateKept = update !== null && update <= updates[kept];
  if (update !== null && !updateKept) notes.push(`Its ponder updates were not kept (size cap): showing the state it ends with.`);
  const shown = updateKept ? update : null;
  return { kept, step: steps[kept], update: shown, frame: frameIndex(frames, kept, shown ?? undefined), note: notes.length > 0 ? notes.join(' ') : null };
}

/** Each view's colour scale over every frame of the sequence, so that colours compare across time. */
export function viewScales(frames: StateFrames): ColourScale[] {
  return frames.views.map((view, v) => colourScale(view.range, frames.values[v]));
}

/** Each view's values in one frame, with its scale: what drawStateViews draws. */
export function viewFigures(frames: StateFrames, scales: readonly ColourScale[], frame: number) {
  return frames.views.map((view, v) => ({ view, values: viewFrame(frames, v, frame), scale: scales[v] }));
}
