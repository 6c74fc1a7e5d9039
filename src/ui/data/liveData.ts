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
  /**
   * What the State panel shows: the state after update `ponderStep` (true: the step-through position), or the
   * state the input step ends with (false). Choosing a ponder step sets it; choosing another step clears it.
   */
  atUpdate: boolean;
}

/** The trace the panels show: the answer to the input made by hand first (when there is one), then the fixed examples. */
export interface ShownTrace extends TraceSnapshot {
  /** How many leading examples are the input made by hand (0 or 1). */
  probed: number;
}

export interface LiveData {
  /** Bumped whenever `curves` changes (the buffer itself is mutable and lives outside the state). */
  curveVersion: number;
  /** The fixed examples' latest trace. */
  fixed: TraceSnapshot | null;
  /** The latest answer to the input made by hand (one sequence). */
  probe: TraceSnapshot | null;
  trace: ShownTrace | null;
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

const FIRST_SELECTION: TraceSelection = { example: 0, step: 0, unit: 0, ponderStep: 1, atUpdate: false };

export const useLiveData = create<LiveData>()(() => ({
  curveVersion: 0,
  fixed: null,
  probe: null,
  trace: null,
  evaluations: [],
  evaluatingStep: null,
  selection: FIRST_SELECTION,
  smoothing: 0.9,
  truncation: [],
}));

const NO_TRACES = { fixed: null, probe: null, trace: null };

export function clearLiveData(): void {
  curves.clear();
  useLiveData.setState((state) => ({ curveVersion: state.curveVersion + 1, ...NO_TRACES, evaluations: [], evaluatingStep: null, truncation: [] }));
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
  useLiveData.setState((state) => ({ curveVersion: state.curveVersion + 1, ...NO_TRACES, evaluations, evaluatingStep: null }));
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

/** The answer to the input made by hand first, then the fixed examples (with the fixed examples' settings and step). */
function shownTrace(fixed: TraceSnapshot | null, probe: TraceSnapshot | null): ShownTrace | null {
  if (!fixed) return probe && { ...probe, probed: probe.examples.length };
  return probe ? { ...fixed, examples: [...probe.examples, ...fixed.examples], probed: probe.examples.length } : { ...fixed, probed: 0 };
}

/** New traces (the fixed examples' or the probe's); the selection is kept where it still exists, else moved to the nearest valid place. */
function setTraces(change: { fixed?: TraceSnapshot | null; probe?: TraceSnapshot | null }): void {
  useLiveData.setState((state) => {
    const fixed = change.fixed === undefined ? state.fixed : change.fixed;
    const probe = change.probe === undefined ? state.probe : change.probe;
    const trace = shownTrace(fixed, probe);
    return { fixed, probe, trace, selection: trace ? clampSelection(state.selection, trace) : state.selection };
  });
}

export const setTrace = (trace: TraceSnapshot): void => setTraces({ fixed: trace });

/** Runs `task` once the next frame has been painted (in Node, where nothing paints: soon). */
function afterNextPaint(task: () => void): void {
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => setTimeout(task, 0));
  else setTimeout(task, 0);
}

let examplesFollowQueued = false;

/**
 * The network's answer to the input made by hand, or null to show none. The probe panel's own answer (`probe`)
 * shows at once; the panels that show it among the examples (`trace`: ponder, halting, step-through, state) follow
 * once that frame is painted, so that an answer is on screen without waiting for their rendering.
 */
export function setProbeTrace(probe: TraceSnapshot | null): void {
  useLiveData.setState({ probe });
  if (examplesFollowQueued) return;
  examplesFollowQueued = true;
  afterNextPaint(() => {
    examplesFollowQueued = false;
    setTraces({});
  });
}

/** How the panels name an example: the input made by hand, or a fixed example by its number. */
export function exampleName(trace: ShownTrace, example: number): string {
  return example < trace.probed ? 'Your input' : `Example ${example - trace.probed + 1}`;
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
    // A new example, step or unit starts the step-through from its first ponder step, and shows its end state.
    const moved = change.example !== undefined || change.step !== undefined || change.unit !== undefined;
    const next = change.ponderStep !== undefined
      ? { ...merged, atUpdate: change.atUpdate ?? true }
      : moved ? { ...merged, ponderStep: 1, atUpdate: change.atUpdate ?? false } : merged;
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
  return { example, step, unit, ponderStep: Math.max(1, Math.min(selection.ponderStep, steps)), atUpdate: selection.atUpdate };
}
