/**
 * An independent plain-array DNC step for the tests, written from ../shared/spec/memory.md and docs/weights.md
 * (not from the engine's code): one batch row, float64, loops, an explicit sort and an explicit product.
 */
import type { Rng } from '../../random';

export interface ReferenceSizes {
  hidden: number;
  slots: number;
  width: number;
  reads: number;
}

/** Row-major matrices as number[][] ([in][out] for kernels). */
export interface ReferenceWeights {
  inputKernel: number[][];
  recurrentKernel: number[][];
  readKernel: number[][];
  bias: number[];
  interfaceKernel: number[][];
  interfaceBias: number[];
}

export interface ReferenceState {
  h: number[];
  c: number[];
  memory: number[][];
  links: number[][];
  precedence: number[];
  usage: number[];
  readWeights: number[][];
  writeWeights: number[];
  readVectors: number[][];
  allocation: number[];
  /** Per head: (backward, forward, content). */
  readModes: number[][];
}

export const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
export const oneplus = (x: number) => 1 + Math.log1p(Math.exp(x));
export const clip = (x: number) => Math.max(-20, Math.min(20, x));

export function softmax(values: number[]): number[] {
  const top = Math.max(...values);
  const exps = values.map((v) => Math.exp(v - top));
  const total = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / total);
}

/** x·W + b for a row vector x and a kernel W [x.length][out]. */
export function affine(x: number[], kernel: number[][], bias?: number[]): number[] {
  const out = bias ? [...bias] : new Array<number>(kernel[0].length).fill(0);
  x.forEach((xi, i) => kernel[i].forEach((w, j) => (out[j] += xi * w)));
  return out;
}

/** Softmax over slots of strength × cosine, with deepmind's epsilons. */
export function referenceContentWeights(memory: number[][], key: number[], strength: number): number[] {
  const norm = (v: number[]) => Math.sqrt(v.reduce((a, x) => a + x * x, 0) + 1e-6);
  return softmax(memory.map((row) => {
    const dot = row.reduce((a, x, i) => a + x * key[i], 0);
    return strength * (dot / (norm(row) * norm(key) + 1e-6));
  }));
}

/**
 * Sort allocation: ascending sort of the squashed usage (ties: lower index first), exclusive product. The sort
 * compares usages rounded to float32, as the engine holds them: slots that differ only below float32 precision
 * (e.g. never-written slots after the first write, whose usages differ by ~1e-12) are tied, as in the engine.
 */
export function referenceSortAllocation(usage: number[]): number[] {
  const u = usage.map((x) => 1e-6 + (1 - 1e-6) * x);
  const key = u.map(Math.fround);
  const order = u.map((_, i) => i).sort((a, b) => key[a] - key[b] || a - b);
  const out = new Array<number>(u.length).fill(0);
  let product = 1;
  for (const slot of order) {
    out[slot] = (1 - u[slot]) * product;
    product *= u[slot];
  }
  return out;
}

export function referenceSoftmaxAllocation(usage: number[]): number[] {
  const strength = Math.log1p(Math.exp(2));
  return softmax(usage.map((x) => strength * (1 - (1e-6 + (1 - 1e-6) * x))));
}

/** One DNC step of one batch row; x is the cell input (with the flag when ACT is on). */
export function referenceStep(
  { hidden: H, width: W, reads: R }: ReferenceSizes,
  weights: ReferenceWeights,
  allocationMode: 'sort' | 'softmax',
  x: number[],
  previous: ReferenceState,
): ReferenceState {
  // Controller LSTM on [x, r_{t−1}], gate order i, f, g, o; h and c clipped to ±20.
  const gates = affine([...x, ...previous.h, ...previous.readVectors.flat()],
    [...weights.inputKernel, ...weights.recurrentKernel, ...weights.readKernel], weights.bias);
  const gate = (block: number, k: number) => gates[block * H + k];
  const cRaw = previous.c.map((c, k) => sigmoid(gate(1, k)) * c + sigmoid(gate(0, k)) * Math.tanh(gate(2, k)));
  const h = cRaw.map((c, k) => clip(sigmoid(gate(3, k)) * Math.tanh(c)));
  const c = cRaw.map(clip);

  // Interface: read keys R×W, read strengths R, write key W, write strength 1, erase W, write vector W,
  // free gates R, allocation gate 1, write gate 1, read modes R×3.
  const v = affine(h, weights.interfaceKernel, weights.interfaceBias);
  let at = 0;
  const take = (n: number) => v.slice(at, (at += n));
  const readKeys = Array.from({ length: R }, () => take(W));
  const readStrengths = take(R).map(oneplus);
  const writeKey = take(W);
  const writeStrength = oneplus(take(1)[0]);
  const erase = take(W).map(sigmoid);
  const writeVector = take(W);
  const freeGates = take(R).map(sigmoid);
  const allocationGate = sigmoid(take(1)[0]);
  const writeGate = sigmoid(take(1)[0]);
  const readModes = Array.from({ length: R }, () => softmax(take(3)));

  // 1. Usage from the previous weights and the current free gates.
  const usage = previous.usage.map((u, i) => {
    const ww = previous.writeWeights[i];
    let psi = 1;
    for (let r = 0; r < R; r++) psi *= 1 - freeGates[r] * previous.readWeights[r][i];
    return (u + ww - u * ww) * psi;
  });
  // 2. Allocation; 3. write weights (content against the previous memory).
  const allocation = allocationMode === 'sort' ? referenceSortAllocation(usage) : referenceSoftmaxAllocation(usage);
  const writeContent = referenceContentWeights(previous.memory, writeKey, writeStrength);
  const writeWeights = allocation.map((a, i) => writeGate * (allocationGate * a + (1 - allocationGate) * writeContent[i]));
  // 4. Erase and write.
  const memory = previous.memory.map((row, i) => row.map((m, k) => m * (1 - writeWeights[i] * erase[k]) + writeWeights[i] * writeVector[k]));
  // 5. Links (diagonal 0), then precedence.
  const links = previous.links.map((row, i) => row.map((l, j) =>
    i === j ? 0 : (1 - writeWeights[i] - writeWeights[j]) * l + writeWeights[i] * previous.precedence[j]));
  const written = writeWeights.reduce((a, b) => a + b, 0);
  const precedence = previous.precedence.map((p, i) => (1 - written) * p + writeWeights[i]);
  // 6. Reads: forward L·w, backward Lᵀ·w from the previous read weights; content on the new memory.
  const readWeights = previous.readWeights.map((w, r) => {
    const forward = links.map((row) => row.reduce((a, l, j) => a + l * w[j], 0));
    const backward = links.map((_, i) => links.reduce((a, row, j) => a + row[i] * w[j], 0));
    const content = referenceContentWeights(memory, readKeys[r], readStrengths[r]);
    const [pb, pf, pc] = readModes[r];
    return content.map((cw, i) => pb * backward[i] + pf * forward[i] + pc * cw);
  });
  const readVectors = readWeights.map((w) => Array.from({ length: W }, (_, k) => memory.reduce((a, row, i) => a + w[i] * row[k], 0)));
  return { h, c, memory, links, precedence, usage, readWeights, writeWeights, readVectors, allocation, readModes };
}

/** The all-zero state a sequence starts from. */
export function referenceZeroState({ hidden: H, slots: N, width: W, reads: R }: ReferenceSizes): ReferenceState {
  const zeros = (rows: number, cols: number) => Array.from({ length: rows }, () => new Array<number>(cols).fill(0));
  return {
    h: new Array(H).fill(0), c: new Array(H).fill(0), memory: zeros(N, W), links: zeros(N, N),
    precedence: new Array(N).fill(0), usage: new Array(N).fill(0), readWeights: zeros(R, N),
    writeWeights: new Array(N).fill(0), readVectors: zeros(R, W), allocation: new Array(N).fill(0), readModes: zeros(R, 3),
  };
}

/** The state as the documented list of flat state tensors' rows (docs/weights.md order). */
export function flattenReferenceState(s: ReferenceState): number[][] {
  return [s.h, s.c, s.memory.flat(), s.links.flat(), s.precedence, s.usage, s.readWeights.flat(), s.writeWeights,
    s.readVectors.flat(), s.allocation, s.readModes.flat()];
}

/** A random state that a DNC could be in: weightings that sum to ≤ 1, links with a zero diagonal. */
export function randomReferenceState({ hidden: H, slots: N, width: W, reads: R }: ReferenceSizes, rng: Rng): ReferenceState {
  const values = (n: number, lo: number, hi: number) => Array.from({ length: n }, () => rng.uniform(lo, hi));
  const distribution = (n: number, mass: number) => {
    const raw = values(n, 0, 1);
    const total = raw.reduce((a, b) => a + b, 0);
    return raw.map((x) => (mass * x) / total);
  };
  return {
    h: values(H, -1, 1),
    c: values(H, -2, 2),
    memory: Array.from({ length: N }, () => values(W, -1, 1)),
    links: Array.from({ length: N }, (_, i) => distribution(N, 0.9).map((x, j) => (i === j ? 0 : x / N))),
    precedence: distribution(N, 0.8),
    usage: values(N, 0, 1),
    readWeights: Array.from({ length: R }, () => distribution(N, 1)),
    writeWeights: distribution(N, 0.7),
    readVectors: Array.from({ length: R }, () => values(W, -1, 1)),
    allocation: distribution(N, 1),
    readModes: Array.from({ length: R }, () => distribution(3, 1)),
  };
}
