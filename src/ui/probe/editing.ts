/**
 * What each editor click does to an input, as pure functions (the editor components only call these), so that
 * tests can build inputs exactly as a person would with the editors.
 */
import type { LogicInput, LogicVector } from '../../tasks/logic';
import type { ProbeEditor } from '../../tasks/probe';

type Grid = Extract<ProbeEditor, { kind: 'grid' }>;

/**
 * A click on a cell: it moves to the next of the task's values, in the editor's order (e.g. 0 → +1 → −1 → 0),
 * skipping values the task refuses there (parity with prefix positions: −1 → +1 in the middle of the prefix).
 * When every value is refused, the next one is returned, for the task to say why.
 */
export function cycleCell(editor: Grid, grid: number[][], row: number, column: number, accepts: (grid: number[][]) => boolean): number[][] {
  const entry = grid[row][column];
  const start = editor.values.indexOf(entry);
  const withValue = (value: number) => grid.map((cells, r) => (r === row ? cells.map((old, c) => (c === column ? value : old)) : cells));
  const candidates = Array.from({ length: editor.values.length - 1 }, (_, i) => withValue(editor.values[(start + 1 + i) % editor.values.length]));
  return candidates.find(accepts) ?? candidates[0];
}

export const addRow = (editor: Grid, grid: number[][]): number[][] => [...grid, new Array<number>(editor.width).fill(editor.values[0])];

export const removeRow = (grid: number[][]): number[][] => grid.slice(0, -1);

/** Changes vector t of a logic input. */
export function changeVector(input: LogicInput, t: number, change: (vector: LogicVector) => LogicVector): LogicInput {
  return { ...input, vectors: input.vectors.map((vector, i) => (i === t ? change(vector) : vector)) };
}

export const setGate = (input: LogicInput, t: number, slot: number, gate: number): LogicInput =>
  changeVector(input, t, (vector) => ({ ...vector, gates: vector.gates.map((old, i) => (i === slot ? gate : old)) }));

/** A new gate (the first kind, NOR) at the end of vector t's chain. */
export const addGate = (input: LogicInput, t: number): LogicInput => changeVector(input, t, (vector) => ({ ...vector, gates: [...vector.gates, 0] }));

export const removeGate = (input: LogicInput, t: number): LogicInput => changeVector(input, t, (vector) => ({ ...vector, gates: vector.gates.slice(0, -1) }));

/** A new vector (b1 = 0, one NOR gate) at the end. */
export const addVector = (input: LogicInput): LogicInput => ({ ...input, vectors: [...input.vectors, { b1: false, gates: [0] }] });

export const removeVector = (input: LogicInput): LogicInput => ({ ...input, vectors: input.vectors.slice(0, -1) });

/** The text of a list editor's items, as the task's parser reads it. */
export const listText = (items: readonly string[]): string => items.join(',');
