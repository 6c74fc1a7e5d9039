/**
 * An independent plain-array SAM step for the tests, written from ../shared/spec/memory.md and the equations
 * in step.ts's header (not from the engine's code): one batch row, float64, loops, an explicit sort for the
 * top-K and an explicit scan for the LRU row. State values are the true ones (no stored offsets).
 */
import type { ReferenceWeights as SamReferenceWeights } from '../dnc/reference.testing';
import { affine, clip, oneplus, sigmoid, softmax } from '../dnc/reference.testing';

export type { SamReferenceWeights };

export interface SamReferenceSizes {
  hidden: number;
  slots: number;
  width: number;
  reads: number;
  sparseReads: number;
}

export interface SamReferenceState {
  h: number[];
  c: number[];
  memory: number[][];
  /** Steps since last access. */
  usage: number[];
  readWeights: number[][];
  writeWeights: number[];
  readVectors: number[][];
  /** One-hot of the least recently used row. */
  lru: number[];
}

const oneHot = (n: number, i: number) => Array.from({ length: n }, (_, k) => (k === i ? 1 : 0));

/** deepmind's cosine: dot / (sqrt(Σa² + 1e-6)·sqrt(Σb² + 1e-6) + 1e-6). */
export function referenceCosine(a: number[], b: number[]): number {
  const norm = (v: number[]) => Math.sqrt(v.reduce((s, x) => s + x * x, 0) + 1e-6);
  return a.reduce((s, x, i) => s + x * b[i], 0) / (norm(a) * norm(b) + 1e-6);
}

/** The first index of the largest value (the LRU row: the longest unused, ties to the lowest slot). */
export function firstArgmax(values: number[]): number {
  let best = 0;
  values.forEach((v, i) => (v > values[best] ? (best = i) : undefined));
  return best;
}

/** The K indices of the largest values, largest first; ties to the lower index (values compared in float32). */
export function referenceTopK(values: number[], k: number): number[] {
  const key = values.map(Math.fround);
  return values.map((_, i) => i).sort((a, b) => key[b] - key[a] || a - b).slice(0, k);
}

/** The port's initial state: memory 0.005, read weights 0.005 on slots 0 … V−1, usage 0. */
export function referenceInitialState(sizes: SamReferenceSizes, visible: number): SamReferenceState {
  const { hidden: H, slots: N, width: W, reads: R } = sizes;
  return {
    h: new Array<number>(H).fill(0), c: new Array<number>(H).fill(0),
    memory: Array.from({ length: N }, () => new Array<number>(W).fill(0.005)),
    usage: new Array<number>(N).fill(0),
    readWeights: Array.from({ length: R }, () => Array.from({ length: N }, (_, n) => (n < visible ? 0.005 : 0))),
    writeWeights: new Array<number>(N).fill(0),
    readVectors: Array.from({ length: R }, () => new Array<number>(W).fill(0)),
    lru: new Array<number>(N).fill(0),
  };
}

export interface ReferenceWrite {
  memory: number[][];
  write: number[];
  usage: number[];
  lru: number;
}

/** Write, usage and LRU of one step (shared with the SDNC reference). */
export function referenceWrite(state: SamReferenceState, writeVector: number[], interpolation: number, writeGate: number): ReferenceWrite {
  const N = state.memory.length;
  const previousLru = firstArgmax(state.usage);
  const readTotal = Array.from({ length: N }, (_, n) => state.readWeights.reduce((s, head) => s + head[n], 0));
  const write = readTotal.map((total, n) => writeGate * (interpolation * (total / state.readWeights.length) + (1 - interpolation) * (n === previousLru ? 1 : 0)));
  const memory = state.memory.map((row, n) => row.map((x, j) => (n === previousLru ? 0 : x) + write[n] * writeVector[j]));
  const usage = state.usage.map((age, n) => (readTotal[n] + write[n] > 0.005 ? 0 : age + 1));
  return { memory, write, usage, lru: firstArgmax(usage) };
}

/** Softmax over the visible rows (duplicates count twice) → weights over slots and read vectors. */
export function referenceRead(memory: number[][], visible: number[], key: number[], strength: number): { weights: number[]; vector: number[] } {
  const visibleWeights = softmax(visible.map((slot) => strength * referenceCosine(key, memory[slot])));
  const weights = new Array<number>(memory.length).fill(0);
  const vector = new Array<number>(memory[0].length).fill(0);
  visible.forEach((slot, v) => {
    weights[slot] += visibleWeights[v];
    memory[slot].forEach((x, j) => (vector[j] += visibleWeights[v] * x));
  });
  return { weights, vector };
}

/** Controller and interface: (h, c) and the heads' parameters. */
export function referenceController(sizes: SamReferenceSizes, weights: SamReferenceWeights, x: number[], state: SamReferenceState) {
  const { hidden: H, width: W, reads: R } = sizes;
  const gates = affine(x, weights.inputKernel, weights.bias);
  const fromH = affine(state.h, weights.recurrentKernel);
  const fromReads = affine(state.readVectors.flat(), weights.readKernel);
  const g = gates.map((v, i) => v + fromH[i] + fromReads[i]);
  const c = state.c.map((cj, j) => sigmoid(g[H + j]) * cj + sigmoid(g[j]) * Math.tanh(g[2 * H + j]));
  const h = c.map((cj, j) => clip(sigmoid(g[3 * H + j]) * Math.tanh(cj)));
  const clippedC = c.map(clip);
  const xi = affine(h, weights.interfaceKernel, weights.interfaceBias);
  let at = 0;
  const take = (n: number) => xi.slice(at, (at += n));
  const keys = Array.from({ length: R }, () => take(W));
  const strengths = take(R).map(oneplus);
  const writeVector = take(W);
  const interpolation = sigmoid(take(1)[0]);
  const writeGate = sigmoid(take(1)[0]);
  return { h, c: clippedC, keys, strengths, writeVector, interpolation, writeGate };
}

/** One SAM step; `temporal` (the SDNC reference) returns the slots to append before the LRU row. */
export function referenceSamStep(sizes: SamReferenceSizes, weights: SamReferenceWeights, x: number[], state: SamReferenceState, temporal?: (written: ReferenceWrite) => number[]): SamReferenceState {
  const heads = referenceController(sizes, weights, x, state);
  const written = referenceWrite(state, heads.writeVector, heads.interpolation, heads.writeGate);
  const visible = [
    ...heads.keys.flatMap((key) => referenceTopK(written.memory.map((row) => referenceCosine(key, row)), sizes.sparseReads)),
    ...(temporal?.(written) ?? []),
    written.lru,
  ];
  const reads = heads.keys.map((key, r) => referenceRead(written.memory, visible, key, heads.strengths[r]));
  return {
    h: heads.h, c: heads.c, memory: written.memory, usage: written.usage,
    readWeights: reads.map((read) => read.weights), writeWeights: written.write,
    readVectors: reads.map((read) => read.vector), lru: oneHot(sizes.slots, written.lru),
  };
}
