/**
 * What the worker reports about the current run, for the panels: curve points (in a bounded buffer, with a
 * version number to subscribe to), the latest example trace, the held-out evaluations, and what the user
 * selected to look at. Cleared on every reset.
 */
import { create } from 'zustand';
import type { TruncationSnapshot } from '../../core/adaptiveTruncation';
import { CURVE_COLUMNS, CURVE_WIDTH, type EvaluationSnapshot, type TraceSnapshot } from '../../worker/protocol';
import { CurveBuffer, type CurveDump } from './curveBuffer';

/** Evaluations kept per run; older ones are thinned (every other dropped) beyond this. */
const MAX_EVALUATIONS = 200;

/** Which example, input step and pondering unit the halting and step-through panels show. */
export interface TraceSelection {
  example: number;
  step: number;
  unit: number;
  /** The step-through position: 1-based ponder step. */
  ponderStep: number;
}

export interface LiveData {
  /** Bumped whenever `curves` changes (the buffer itself is mutable and lives outside the state). */
  curveVersion: number;
  trace: TraceSnapshot | null;
  evaluations: EvaluationSnapshot[];
  /** The step of an evaluation under way, if any. */
  evaluatingStep: number | null;
  selection: TraceSelection;
  /** EMA weight of the learning curves' smoothed line. */
  smoothing: number;
  /** Adaptive truncation: every update of K so far (the newest last, with its decay curve). */
  truncation: TruncationSnapshot[];
}

export const curves = new CurveBuffer(CURVE_WIDTH);

const FIRST_SELECTION: TraceSelection = { example: 0, step: 0, unit: 0, ponderStep: 1 };

export const useLiveData = create<LiveData>()(() => ({
  curveVersion: 0,
  trace: null,
  evaluations: [],
  evaluatingStep: null,
  selection: FIRST_SELECTION,
  smoothing: 0.9,
  truncation: [],
}));

export function clearLiveData(): void {
  curves.clear();
  useLiveData.setState((state) => ({ curveVersion: state.curveVersion + 1, trace: null, evaluations: [], evaluatingStep: null, truncation: [] }));
}

/** A new choice of K (adaptive truncation); only the newest keeps its decay curve (the history is K by step). */
export function addTruncationUpdate(update: TruncationSnapshot): void {
  useLiveData.setState((state) => ({
    truncation: [...state.truncation.filter((entry) => entry.step < update.step).map((entry) => ({ ...entry, phi: [], relativeBias: [] })), update],
  }));
}

/** A saved run's curves and evaluations, in place of the current ones (the curves are checked first: see CurveBuffer.load). */
export function loadRunData(dump: CurveDump, evaluations: EvaluationSnapshot[]): void {
  curves.load(dump);
  useLiveData.setState((state) => ({ curveVersion: state.curveVersion + 1, trace: null, evaluations, evaluatingStep: null }));
}

/** The run went back to `step` (its weights were rolled back): the curve points past it are dropped. */
export function dropCurvesAfter(step: number): void {
  curves.dropAfter(CURVE_COLUMNS.indexOf('step'), step);
  useLiveData.setState((state) => ({ curveVersion: state.curveVersion + 1, evaluations: state.evaluations.filter((entry) => entry.step <= step) }));
}

export function addCurveRows(rows: Float32Array): void {
  curves.pushRows(rows);
  useLiveData.setState((state) => ({ curveVersion: state.curveVersion + 1 }));
}

/** A new trace; the selection is kept where it still exists, else moved to the nearest valid place. */
export function setTrace(trace: TraceSnapshot): void {
  useLiveData.setState((state) => ({ trace, selection: clampSelection(state.selection, trace) }));
}

export function addEvaluation(snapshot: EvaluationSnapshot): void {
  useLiveData.setState((state) => {
    const kept = state.evaluations.filter((entry) => entry.step !== snapshot.step);
    const thinned = kept.length >= MAX_EVALUATIONS ? kept.filter((_, index) => index % 2 === 1) : kept;
    return { evaluations: [...thinned, snapshot], evaluatingStep: null };
  });
}

export function setEvaluating(step: number | null): void {
  useLiveData.setState({ evaluatingStep: step });
}

export function select(change: Partial<TraceSelection>): void {
  useLiveData.setState((state) => {
    const merged = { ...state.selection, ...change };
    // A new example, step or unit starts the step-through from its first ponder step.
    const moved = change.example !== undefined || change.step !== undefined || change.unit !== undefined;
    const next = moved && change.ponderStep === undefined ? { ...merged, ponderStep: 1 } : merged;
    return { selection: state.trace ? clampSelection(next, state.trace) : next };
  });
}

export function setSmoothing(smoothing: number): void {
  useLiveData.setState({ smoothing });
}

export function clampSelection(selection: TraceSelection, trace: TraceSnapshot): TraceSelection {
  const clamp = (value: number, count: number) => Math.max(0, Math.min(value, count - 1));
  const example = clamp(selection.example, trace.examples.length);
  const sequence = trace.examples[example];
  const step = clamp(selection.step, sequence?.length ?? 1);
  const units = sequence?.ponder[step] ?? [];
  const unit = clamp(selection.unit, Math.max(units.length, 1));
  const steps = units[unit]?.steps ?? 1;
  return { example, step, unit, ponderStep: Math.max(1, Math.min(selection.ponderStep, steps)) };
}
