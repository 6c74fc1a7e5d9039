/**
 * The DNC's sizes, its interface vector split and its state layout: what lives where in the flat tensors.
 * Kept apart from the arithmetic so that tests, docs and panels read one definition.
 */
import type { StateView } from '../cell';

export interface DncSizes {
  /** Controller LSTM size H. */
  hidden: number;
  /** Memory slots N. */
  slots: number;
  /** Memory width W. */
  width: number;
  /** Read heads R. */
  reads: number;
}

/**
 * The interface vector, in this order (width R·W + 3W + 5R + 3). Read modes per head are in the order of
 * READ_MODES.
 */
export function interfaceParts({ width: W, reads: R }: DncSizes): { name: InterfacePart; size: number }[] {
  return [
    { name: 'readKeys', size: R * W },
    { name: 'readStrengths', size: R },
    { name: 'writeKey', size: W },
    { name: 'writeStrength', size: 1 },
    { name: 'erase', size: W },
    { name: 'writeVector', size: W },
    { name: 'freeGates', size: R },
    { name: 'allocationGate', size: 1 },
    { name: 'writeGate', size: 1 },
    { name: 'readModes', size: 3 * R },
  ];
}

export type InterfacePart =
  | 'readKeys' | 'readStrengths' | 'writeKey' | 'writeStrength' | 'erase' | 'writeVector'
  | 'freeGates' | 'allocationGate' | 'writeGate' | 'readModes';

export const interfaceWidth = (sizes: DncSizes): number => interfaceParts(sizes).reduce((total, part) => total + part.size, 0);

/** The three read modes of each head, in the order of the softmax's three logits (deepmind's code order). */
export const READ_MODES = ['backward', 'forward', 'content'] as const;

/**
 * The state tensors, in order. `allocation` and `readModes` are not read by the next step: they are carried
 * so that the panels (and ACT's mean field) can show them.
 */
export const STATE_PARTS = [
  'controllerH', 'controllerC', 'memory', 'links', 'precedence', 'usage',
  'readWeights', 'writeWeights', 'readVectors', 'allocation', 'readModes',
] as const;
export type StatePart = (typeof STATE_PARTS)[number];

/** Each state part as a matrix [rows, cols]; its state tensor is [batch, rows·cols], row-major. */
export function stateShapes({ hidden: H, slots: N, width: W, reads: R }: DncSizes): Record<StatePart, [number, number]> {
  return {
    controllerH: [1, H],
    controllerC: [1, H],
    memory: [N, W],
    links: [N, N],
    precedence: [1, N],
    usage: [1, N],
    readWeights: [R, N],
    writeWeights: [1, N],
    readVectors: [R, W],
    allocation: [1, N],
    readModes: [R, 3],
  };
}

export function stateWidths(sizes: DncSizes): number[] {
  const shapes = stateShapes(sizes);
  return STATE_PARTS.map((part) => shapes[part][0] * shapes[part][1]);
}

const VIEW_TEXT: Record<StatePart, Pick<StateView, 'label' | 'rowLabel' | 'colLabel' | 'range'>> = {
  controllerH: { label: 'Controller h', rowLabel: '', colLabel: 'unit', range: 'signed' },
  controllerC: { label: 'Controller c', rowLabel: '', colLabel: 'unit', range: 'auto' },
  memory: { label: 'Memory', rowLabel: 'slot', colLabel: 'width', range: 'auto' },
  links: { label: 'Temporal links L[i, j] (i written after j)', rowLabel: 'slot i', colLabel: 'slot j', range: 'unit' },
  precedence: { label: 'Precedence', rowLabel: '', colLabel: 'slot', range: 'unit' },
  usage: { label: 'Usage', rowLabel: '', colLabel: 'slot', range: 'unit' },
  readWeights: { label: 'Read weights', rowLabel: 'head', colLabel: 'slot', range: 'unit' },
  writeWeights: { label: 'Write weights', rowLabel: '', colLabel: 'slot', range: 'unit' },
  readVectors: { label: 'Read vectors', rowLabel: 'head', colLabel: 'width', range: 'auto' },
  allocation: { label: 'Allocation weights', rowLabel: '', colLabel: 'slot', range: 'unit' },
  readModes: { label: `Read modes (${READ_MODES.join(', ')})`, rowLabel: 'head', colLabel: 'mode', range: 'unit' },
};

/** One named view per state part: every part is its own state tensor, so offset 0. */
export function stateViews(sizes: DncSizes): StateView[] {
  const shapes = stateShapes(sizes);
  return STATE_PARTS.map((part, state) => ({
    name: part,
    state,
    offset: 0,
    rows: shapes[part][0],
    cols: shapes[part][1],
    ...VIEW_TEXT[part],
  }));
}
