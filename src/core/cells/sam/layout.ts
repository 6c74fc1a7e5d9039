/**
 * Sparse Access Memory's sizes, interface split and state layout (SAM; SDNC adds its links in sdnc/).
 * Kept apart from the arithmetic so that tests, docs and panels read one definition.
 */
import type { StateView } from '../cell';

export interface SamSizes {
  /** Controller LSTM size H. */
  hidden: number;
  /** Memory slots N. */
  slots: number;
  /** Memory width W. */
  width: number;
  /** Read heads R. */
  reads: number;
  /** Rows each read head selects, K (already capped at N). */
  sparseReads: number;
}

/**
 * The state and weights start where the port (ixaxaar/pytorch-dnc sparse_memory.py) starts them: every memory
 * entry 0.005 and read weights 0.005 on the first V slots (its initial read positions 0 … V−1). The engine
 * starts every state tensor at zero, so these parts are stored minus their initial value: the memory as
 * M − 0.005 (the step works on it directly, step.ts), the read weights through storedOffset.
 */
export const INITIAL_MEMORY = 0.005;
export const INITIAL_READ_WEIGHT = 0.005;
/** A slot counts as accessed at a step when its read + write weight exceeds this (the port's δ). */
export const ACCESS_THRESHOLD = 0.005;

/** Visible rows of one read: R·K content rows, then (SDNC) 2·K_L temporal rows, then the LRU row. */
export const visibleRows = (sizes: SamSizes, temporalRows = 0): number => sizes.reads * sizes.sparseReads + temporalRows + 1;

/** The interface vector, in this order (width R·W + R + W + 2). */
export function interfaceParts({ width: W, reads: R }: SamSizes): { name: InterfacePart; size: number }[] {
  return [
    { name: 'readKeys', size: R * W },
    { name: 'readStrengths', size: R },
    { name: 'writeVector', size: W },
    { name: 'interpolationGate', size: 1 },
    { name: 'writeGate', size: 1 },
  ];
}

export type InterfacePart = 'readKeys' | 'readStrengths' | 'writeVector' | 'interpolationGate' | 'writeGate';

export const interfaceWidth = (sizes: SamSizes): number => interfaceParts(sizes).reduce((total, part) => total + part.size, 0);

/**
 * The state tensors, in order. `writeWeights` and `lru` are not read by the next step (the LRU row is
 * recomputed from usage): they are carried so that the panels (and ACT's mean field) can show them.
 * `usage` is the number of steps since each slot was last accessed; the LRU row is its argmax.
 */
export const STATE_PARTS = ['controllerH', 'controllerC', 'memory', 'usage', 'readWeights', 'writeWeights', 'readVectors', 'lru'] as const;
export type StatePart = (typeof STATE_PARTS)[number];

export function stateShapes({ hidden: H, slots: N, width: W, reads: R }: SamSizes): Record<StatePart, [number, number]> {
  return {
    controllerH: [1, H], controllerC: [1, H], memory: [N, W], usage: [1, N],
    readWeights: [R, N], writeWeights: [1, N], readVectors: [R, W], lru: [1, N],
  };
}

export function stateWidths(sizes: SamSizes): number[] {
  const shapes = stateShapes(sizes);
  return STATE_PARTS.map((part) => shapes[part][0] * shapes[part][1]);
}

/**
 * What the engine's zero state stands for, per entry of a stored part (undefined: stored as is). The memory's
 * offset is applied inside the step's equations instead (no N·W add and subtract per step).
 */
export function storedOffset(part: StatePart, sizes: SamSizes, temporalRows = 0): Float32Array | undefined {
  const { slots: N, width: W, reads: R } = sizes;
  if (part === 'memory') return new Float32Array(N * W).fill(INITIAL_MEMORY);
  if (part !== 'readWeights') return undefined;
  const offset = new Float32Array(R * N);
  const initiallyVisible = Math.min(N, visibleRows(sizes, temporalRows));
  for (let r = 0; r < R; r++) offset.fill(INITIAL_READ_WEIGHT, r * N, r * N + initiallyVisible);
  return offset;
}

const VIEW_TEXT: Record<StatePart, Pick<StateView, 'label' | 'rowLabel' | 'colLabel' | 'range'>> = {
  controllerH: { label: 'Controller h', rowLabel: '', colLabel: 'unit', range: 'signed' },
  controllerC: { label: 'Controller c', rowLabel: '', colLabel: 'unit', range: 'auto' },
  memory: { label: `Memory (stored minus its initial ${INITIAL_MEMORY})`, rowLabel: 'slot', colLabel: 'width', range: 'auto' },
  usage: { label: 'Steps since last access', rowLabel: '', colLabel: 'slot', range: 'auto' },
  readWeights: { label: `Read weights (the few visible rows; stored minus the initial ${INITIAL_READ_WEIGHT})`, rowLabel: 'head', colLabel: 'slot', range: 'unit' },
  writeWeights: { label: 'Write weights', rowLabel: '', colLabel: 'slot', range: 'unit' },
  readVectors: { label: 'Read vectors', rowLabel: 'head', colLabel: 'width', range: 'auto' },
  lru: { label: 'Least recently used row (the next write\'s fresh row)', rowLabel: '', colLabel: 'slot', range: 'unit' },
};

/** One named view per state part, each its own state tensor (offset 0), from index `first` on. */
export function stateViews(sizes: SamSizes): StateView[] {
  const shapes = stateShapes(sizes);
  return STATE_PARTS.map((part, state) => ({ name: part, state, offset: 0, rows: shapes[part][0], cols: shapes[part][1], ...VIEW_TEXT[part] }));
}
