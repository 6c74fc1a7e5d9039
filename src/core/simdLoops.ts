/**
 * Elementwise loops in WebAssembly SIMD, run on the WASM backend's own heap, for the kernels this project
 * writes in JavaScript (wasmTanh.ts, adamKernel.ts, haltingUpdate.ts, cells/lstmKernel.ts, …).
 *
 * Why: a JavaScript loop over float32 arrays costs ≈ 1.7 ns an element and operation here; four lanes at a time
 * in WebAssembly cost a fraction of that. On the parity bench step (RNN 128, batch 128) the tanh's two loops
 * and the optimizer's took ≈ 0.8 ms of ≈ 7.
 *
 * The module is assembled here, byte by byte (a few dozen instructions: no toolchain, no file to fetch; the
 * encoding and the loop shapes are in wasmAssembly.ts), and imports the backend's memory, so it reads and writes
 * tensors in place. It handles whole groups of four
 * elements; the caller finishes the last 0–3 in JavaScript. float32 +, −, ×, ÷ and √ are correctly rounded in
 * both, so the results are the same bits either way (simdLoops.test.ts).
 */
import {
  I32, F32, F64, F64_ADD, I32_ADD, I32_SHL, I32_GE_U,
  unsigned, vector, name, section, get, set, simd, load, store, splat, sqrt, add,
  sub, mul, div, promoteLow, addF64x2, upperHalf, lane, groupLoop, rowLoop, type LoopResult,
} from './wasmAssembly';

/** The loops, on float32 views of the heap they were made for (simdLoopsFor). */
export interface SimdLoops {
  /** dst[i] = src[i]·scale + shift for i < src.length rounded down to a multiple of 4; returns that many. */
  affine(src: Float32Array, dst: Float32Array, scale: number, shift: number): number;
  /** Adam's update (adamKernel.ts, same order of operations) for the same first elements; returns their number. */
  adam(arrays: AdamArrays, constants: readonly number[]): number;
  /**
   * dst[dstAt + i] = d[dAt + i]·scale for i below count rounded down to a multiple of 4, and returns the sum of the
   * float32 products d[dAt + i]·w[wAt + i] in float64 (summed four lanes apart, not in order: equal to the ordered
   * sum to float64 rounding). (Rows of ACT's mean field: haltingUpdate.ts.)
   */
  scaledDot(d: Float32Array, dAt: number, w: Float32Array, wAt: number, dst: Float32Array, dstAt: number, count: number, scale: number): number;
  /** The sum of the float32 products a[aAt + i]·b[bAt + i] in float64 over the same elements, as scaledDot sums them. */
  dot(a: Float32Array, aAt: number, b: Float32Array, bAt: number, count: number): number;
  /** tanh's gradient from its output y: dst[i] = dy[i]·(1 − y[i]·y[i]), for the groups of four; returns how many it did. */
  tanhGrad(dy: Float32Array, y: Float32Array, dst: Float32Array): number;
  /** dst = srcᵀ for src [rows, cols]: in tiles of 4 × 4, the last 0–3 rows and columns in JavaScript. */
  transpose(src: Float32Array, dst: Float32Array, rows: number, cols: number): void;
  /**
   * dst = x over `rows` rows of `count` elements (each array from its offset, its rows `stride` elements apart), for
   * each row's first count rounded down to a multiple of 4; returns that many.
   */
  copyRows(x: RowsOf, dst: RowsOf, count: number, rows: number): number;
  /**
   * dst = y + x over `rows` rows of `count` elements (each array from its offset, its rows `stride` elements apart),
   * for each row's first count rounded down to a multiple of 4; returns that many.
   */
  addRows(x: RowsOf, y: RowsOf, dst: RowsOf, count: number, rows: number): number;
  /** The same with x scaled: dst = y + x·scale, a row's scale the element of `scales` for it (stride 0: one for all). */
  scaledAddRows(x: RowsOf, y: RowsOf, dst: RowsOf, scales: RowsOf, count: number, rows: number): number;
  /**
   * The LSTM update after the gates' sigmoid (cells/lstmKernel.ts) on `rows` rows, for each row's first units
   * rounded down to a multiple of 4; returns how many. `gates` [rows, 4·units] holds [i f g o] a row, g as σ(2g);
   * the others are [rows, units]: g ← 2g − 1 (tanh g), c' = f·c + i·g, doubled = 2c'.
   */
  lstmCell(gates: Float32Array, c: Float32Array, nextC: Float32Array, doubled: Float32Array, units: number, rows: number): number;
  /** Then, with tanhC holding σ(2c'): tanhC ← 2·tanhC − 1 (tanh c'), h = o·tanhC, over the same elements. */
  lstmOutput(gates: Float32Array, tanhC: Float32Array, h: Float32Array, units: number, rows: number): number;
  /**
   * The backward pass, from the activated gates and tanh c' (cells/lstmKernel.ts says the formulas): dPre
   * [rows, 4·units] and dc [rows, units], over the same elements.
   */
  lstmBackward(arrays: LstmBackwardArrays, units: number, rows: number): number;
  /**
   * Σ x[i]·x[i] over all of x, in order, each product and sum rounded to float32: not four lanes at a time, since
   * the order is what TF.js's Square and Sum kernels give (globalNorm.ts). In WebAssembly for its speed.
   */
  sumOfSquares(x: Float32Array): number;
}

/** An array's rows: the array, where its first row starts, and how many elements apart its rows start. */
export type RowsOf = readonly [array: Float32Array, at: number, stride: number];

/** The LSTM backward pass's arrays: the upstream gradients, what the forward pass saved, and the outputs. */
export interface LstmBackwardArrays {
  dh: Float32Array;
  dNextC: Float32Array;
  c: Float32Array;
  gates: Float32Array;
  tanhC: Float32Array;
  dPre: Float32Array;
  dc: Float32Array;
}

/** One variable's arrays for Adam's update, all of one length: inputs, then outputs. */
export interface AdamArrays {
  variable: Float32Array;
  gradient: Float32Array;
  first: Float32Array;
  second: Float32Array;
  nextVariable: Float32Array;
  nextFirst: Float32Array;
  nextSecond: Float32Array;
}

/** dst = src·scale + shift. Params: src, dst, count, scale, shift. */
const affine = groupLoop(2, 2, 0, (address) => [
  ...address(1),
  ...address(0), ...load, ...get(3), ...splat, ...mul, ...get(4), ...splat, ...add,
  ...store,
]);

/**
 * Adam. Params: variable, gradient, first, second, nextVariable, nextFirst, nextSecond (pointers), count, then
 * scale, β1, 1 − β1, β2, 1 − β2, ε, step, keep (f32). Locals: clipped, m, v (v128).
 */
const adam = groupLoop(7, 8, 3, (address, local) => {
  const constant = (i: number) => [...get(8 + i), ...splat];
  const [clipped, m, v] = [local, local + 1, local + 2];
  return [
    ...address(1), ...load, ...constant(0), ...mul, ...set(clipped),
    ...address(2), ...load, ...constant(1), ...mul, ...get(clipped), ...constant(2), ...mul, ...add, ...set(m),
    ...address(3), ...load, ...constant(3), ...mul, ...get(clipped), ...get(clipped), ...mul, ...constant(4), ...mul, ...add, ...set(v),
    ...address(5), ...get(m), ...store,
    ...address(6), ...get(v), ...store,
    ...address(4),
    ...address(0), ...load, ...constant(7), ...mul,
    ...constant(6), ...get(m), ...get(v), ...sqrt, ...constant(5), ...add, ...div, ...mul,
    ...sub, ...store,
  ];
});

/**
 * Σ a·b in float64 over the groups, from the product of the arrays at `a` and `b` (the locals' first three v128:
 * product, low, high): the float32 products promoted two lanes at a time into two float64x2 sums (lanes 0 and
 * 1, then 2 and 3), added up after the loop.
 */
const dotInto = (a: number[], b: number[], local: number): number[] => {
  const [product, low, high] = [local, local + 1, local + 2];
  return [
    ...a, ...load, ...b, ...load, ...mul, ...set(product),
    ...get(low), ...get(product), ...promoteLow, ...addF64x2, ...set(low),
    ...get(high), ...get(product), ...get(product), ...upperHalf, ...promoteLow, ...addF64x2, ...set(high),
  ];
};
const DOT_RESULT: LoopResult = {
  type: F64,
  value: ({ firstFree }) => [
    ...get(firstFree + 1), ...lane(0), ...get(firstFree + 1), ...lane(1), F64_ADD,
    ...get(firstFree + 2), ...lane(0), F64_ADD, ...get(firstFree + 2), ...lane(1), F64_ADD,
  ],
};

/** dst = d·scale, and returns Σ d·w in float64. Params: d, w, dst, count, scale. */
const scaledDot = groupLoop(3, 1, 3, (address, local) => [
  ...address(2), ...address(0), ...load, ...get(4), ...splat, ...mul, ...store,
  ...dotInto(address(0), address(1), local),
], DOT_RESULT);

/** Σ a·b in float64. Params: a, b, count. */
const dot = groupLoop(2, 0, 3, (address, local) => dotInto(address(0), address(1), local), DOT_RESULT);

/** 1.0 in every lane (f32.const, little-endian bits of 1.0f, then splat). */
const ONES = [0x43, 0x00, 0x00, 0x80, 0x3f, ...splat];

/** dst = dy·(1 − y·y). Params: dy, y, dst, count. */
const tanhGrad = groupLoop(3, 0, 0, (address) => [
  ...address(2),
  ...address(0), ...load, ...ONES, ...address(1), ...load, ...address(1), ...load, ...mul, ...sub, ...mul,
  ...store,
]);

/** dst = x, row by row. Params: x, dst, count, rows, their row strides. */
const copyRows = rowLoop(2, 0, (address) => [...address(1), ...address(0), ...load, ...store]);

/** dst = y + x, row by row. Params: x, y, dst, count, rows, their row strides. */
const addRows = rowLoop(3, 0, (address) => [...address(2), ...address(1), ...load, ...address(0), ...load, ...add, ...store]);

/** f32.load at the address on the stack (alignment hint 1 byte). */
const loadScalar = [0x2a, 0, 0];

/**
 * dst = y + x·scale, row by row, each row's scale the float32 at the 4th pointer (its stride: the next row's).
 * Params: x, y, dst, scales, count, rows, their row strides.
 */
const scaledAddRows = rowLoop(4, 0, (address) => [
  ...address(2),
  ...address(1), ...load, ...address(0), ...load, ...get(3), ...loadScalar, ...splat, ...mul, ...add,
  ...store,
]);

/**
 * The LSTM cell update after the gates' sigmoid, row by row. Params: i, f, g (σ(2g), rewritten as tanh g), c,
 * nextC, doubled, count, rows, their row strides. Locals: candidate, cell.
 */
const lstmCell = rowLoop(6, 2, (address, local) => {
  const [candidate, cell] = [local, local + 1];
  return [
    ...address(2), ...load, ...address(2), ...load, ...add, ...ONES, ...sub, ...set(candidate),
    ...address(2), ...get(candidate), ...store,
    ...address(1), ...load, ...address(3), ...load, ...mul, ...address(0), ...load, ...get(candidate), ...mul, ...add, ...set(cell),
    ...address(4), ...get(cell), ...store,
    ...address(5), ...get(cell), ...get(cell), ...add, ...store,
  ];
});

/** The LSTM output, row by row. Params: o, tanhC (σ(2c'), rewritten as tanh c'), h, count, rows, their row strides. Local: t. */
const lstmOutput = rowLoop(3, 1, (address, t) => [
  ...address(1), ...load, ...address(1), ...load, ...add, ...ONES, ...sub, ...set(t),
  ...address(1), ...get(t), ...store,
  ...address(2), ...address(0), ...load, ...get(t), ...mul, ...store,
]);

/**
 * The LSTM backward pass, in the JavaScript kernel's order of operations, row by row. Params: i, f, g, o, tanhC,
 * c, dh, dNextC, then dc, dI, dF, dG, dO, count, rows, their row strides. Locals: vi, vf, vg, vo, t, gradH, gradC.
 */
const lstmBackward = rowLoop(13, 7, (address, local) => {
  const [vi, vf, vg, vo, t, gradH, gradC] = Array.from({ length: 7 }, (_, k) => local + k);
  const oneMinus = (a: number, b: number) => [...ONES, ...get(a), ...get(b), ...mul, ...sub];
  return [
    ...address(0), ...load, ...set(vi), ...address(1), ...load, ...set(vf),
    ...address(2), ...load, ...set(vg), ...address(3), ...load, ...set(vo),
    ...address(4), ...load, ...set(t), ...address(6), ...load, ...set(gradH),
    // gradC = dNextC + gradH·o·(1 − t²)
    ...address(7), ...load, ...get(gradH), ...get(vo), ...mul, ...oneMinus(t, t), ...mul, ...add, ...set(gradC),
    ...address(8), ...get(gradC), ...get(vf), ...mul, ...store,
    ...address(9), ...get(gradC), ...get(vg), ...mul, ...get(vi), ...mul, ...ONES, ...get(vi), ...sub, ...mul, ...store,
    ...address(10), ...get(gradC), ...address(5), ...load, ...mul, ...get(vf), ...mul, ...ONES, ...get(vf), ...sub, ...mul, ...store,
    ...address(11), ...get(gradC), ...get(vi), ...mul, ...oneMinus(vg, vg), ...mul, ...store,
    ...address(12), ...get(gradH), ...get(t), ...mul, ...get(vo), ...mul, ...ONES, ...get(vo), ...sub, ...mul, ...store,
  ];
});

/**
 * Four rows of a matrix transposed, in 4 × 4 tiles: each tile's four rows loaded as vectors, regrouped by
 * shuffles into its four columns, and stored as four rows of the output. Params: src (the first of the four rows),
 * dst (the output's element [0, r]), cols (how many of the rows' first columns: a multiple of 4), the output's row
 * length in bytes, the input's row length in bytes. No result.
 */
const transposeStrip = (() => {
  const [src, dst, cols, outRow, inRow] = [0, 1, 2, 3, 4];
  const [byteIndex, end, out, row1, row2, row3, outRow2, outRow3, outRow4] = [5, 6, 7, 8, 9, 10, 11, 12, 13];
  const [a0, a1, a2, a3, t0, t1, t2, t3] = [14, 15, 16, 17, 18, 19, 20, 21];
  const shuffle = (first: number, second: number, lanes: number[]) => [...get(first), ...get(second), ...simd(0x0d), ...lanes];
  const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);
  // Lanes of two vectors a, b by byte (b's bytes are 16–31): a0 b0 a1 b1, a2 b2 a3 b3, then the 64-bit halves.
  const interleaveLow = [...range(0, 4), ...range(16, 4), ...range(4, 4), ...range(20, 4)];
  const interleaveHigh = [...range(8, 4), ...range(24, 4), ...range(12, 4), ...range(28, 4)];
  const lowHalves = [...range(0, 8), ...range(16, 8)];
  const highHalves = [...range(8, 8), ...range(24, 8)];
  const plus = (a: number, b: number) => [...get(a), ...get(b), I32_ADD];
  const instructions = [
    ...get(cols), 0x41, 2, I32_SHL, ...set(end), // the bytes of a row's columns to move
    ...plus(src, inRow), ...set(row1), ...plus(row1, inRow), ...set(row2), ...plus(row2, inRow), ...set(row3),
    ...get(outRow), 0x41, 1, I32_SHL, ...set(outRow2), ...plus(outRow2, outRow), ...set(outRow3),
    ...get(outRow), 0x41, 2, I32_SHL, ...set(outRow4),
    ...get(dst), ...set(out),
    0x02, 0x40, 0x03, 0x40, // block, loop
    ...get(byteIndex), ...get(end), I32_GE_U, 0x0d, 1,
    ...plus(src, byteIndex), ...load, ...set(a0),
    ...plus(row1, byteIndex), ...load, ...set(a1),
    ...plus(row2, byteIndex), ...load, ...set(a2),
    ...plus(row3, byteIndex), ...load, ...set(a3),
    ...shuffle(a0, a1, interleaveLow), ...set(t0),
    ...shuffle(a0, a1, interleaveHigh), ...set(t1),
    ...shuffle(a2, a3, interleaveLow), ...set(t2),
    ...shuffle(a2, a3, interleaveHigh), ...set(t3),
    ...get(out), ...shuffle(t0, t2, lowHalves), ...store,
    ...plus(out, outRow), ...shuffle(t0, t2, highHalves), ...store,
    ...plus(out, outRow2), ...shuffle(t1, t3, lowHalves), ...store,
    ...plus(out, outRow3), ...shuffle(t1, t3, highHalves), ...store,
    ...get(byteIndex), 0x41, 16, I32_ADD, ...set(byteIndex),
    ...plus(out, outRow4), ...set(out),
    0x0c, 0, 0x0b, 0x0b, // br to the loop, end loop, end block
    0x0b,
  ];
  const code = [...vector([[9, I32], [8, 0x7b /* v128 */]]), ...instructions];
  return { type: [0x60, ...vector([[I32], [I32], [I32], [I32], [I32]]), 0x00], code: [...unsigned(code.length), ...code] };
})();

/** Σ x·x in float32, element after element. Params: x (pointer), count. Locals: end, sum (f32). */
const sumOfSquares = (() => {
  const [x, count, end, sum] = [0, 1, 2, 3];
  const F32_LOAD = [0x2a, 2, 0]; // f32.load, 4-byte alignment hint, offset 0
  const [F32_ADD, F32_MUL] = [0x92, 0x94];
  const instructions = [
    ...get(count), 0x41, 2, I32_SHL, ...get(x), I32_ADD, ...set(end),
    0x02, 0x40, 0x03, 0x40, // block, loop
    ...get(x), ...get(end), I32_GE_U, 0x0d, 1,
    ...get(sum), ...get(x), ...F32_LOAD, ...get(x), ...F32_LOAD, F32_MUL, F32_ADD, ...set(sum),
    ...get(x), 0x41, 4, I32_ADD, ...set(x),
    0x0c, 0, 0x0b, 0x0b, // br to the loop, end loop, end block
    ...get(sum),
    0x0b,
  ];
  const code = [...vector([[1, I32], [1, F32]]), ...instructions];
  return { type: [0x60, ...vector([[I32], [I32]]), ...vector([[F32]])], code: [...unsigned(code.length), ...code] };
})();

/** The functions' export names, in the order of `functions` below. */
const EXPORTS = ['affine', 'adam', 'scaledDot', 'dot', 'tanhGrad', 'transposeStrip', 'copyRows', 'addRows', 'scaledAddRows', 'lstmCell', 'lstmOutput', 'lstmBackward', 'sumOfSquares'];

function moduleBytes(shared: boolean): Uint8Array<ArrayBuffer> {
  const functions = [affine, adam, scaledDot, dot, tanhGrad, transposeStrip, copyRows, addRows, scaledAddRows, lstmCell, lstmOutput, lstmBackward, sumOfSquares];
  // Memory limits: shared memories must declare a maximum (4 GiB, the backend's); others declare none.
  const limits = shared ? [0x03, 0, ...unsigned(65536)] : [0x00, 0];
  const bytes = [
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vector(functions.map((f) => f.type))),
    ...section(2, vector([[...name('env'), ...name('memory'), 0x02, ...limits]])),
    ...section(3, vector(functions.map((_, i) => [i]))),
    ...section(7, vector(EXPORTS.map((exported, i) => [...name(exported), 0x00, i]))),
    ...section(10, vector(functions.map((f) => f.code))),
  ];
  return new Uint8Array(bytes);
}

const instances = new WeakMap<WebAssembly.Memory, SimdLoops | null>();

/**
 * The loops over this memory (the WASM backend's heap), or undefined where WebAssembly SIMD is missing. One
 * instance per memory, made on first use (synchronously: the module is a few hundred bytes).
 */
export function simdLoopsFor(memory: WebAssembly.Memory): SimdLoops | undefined {
  if (!instances.has(memory)) instances.set(memory, instantiate(memory));
  return instances.get(memory) ?? undefined;
}

function instantiate(memory: WebAssembly.Memory): SimdLoops | null {
  const shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
  const bytes = moduleBytes(shared);
  if (!WebAssembly.validate(bytes)) return null;
  const exports = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } }).exports as {
    affine(src: number, dst: number, count: number, scale: number, shift: number): number;
    adam(...pointersCountAndConstants: number[]): number;
    scaledDot(d: number, w: number, dst: number, count: number, scale: number): number;
    dot(a: number, b: number, count: number): number;
    tanhGrad(dy: number, y: number, dst: number, count: number): number;
    transposeStrip(src: number, dst: number, cols: number, outRowBytes: number, inRowBytes: number): void;
    copyRows(...pointersCountRowsAndStrides: number[]): number;
    addRows(...pointersCountRowsAndStrides: number[]): number;
    scaledAddRows(...pointersCountRowsAndStrides: number[]): number;
    lstmCell(...pointersCountRowsAndStrides: number[]): number;
    lstmOutput(...pointersCountRowsAndStrides: number[]): number;
    lstmBackward(...pointersCountRowsAndStrides: number[]): number;
    sumOfSquares(x: number, count: number): number;
  };
  const at = (array: Float32Array, offset: number) => array.byteOffset + 4 * offset;
  return {
    affine: (src, dst, scale, shift) => exports.affine(src.byteOffset, dst.byteOffset, src.length, scale, shift),
    adam: (a, constants) => exports.adam(
      ...[a.variable, a.gradient, a.first, a.second, a.nextVariable, a.nextFirst, a.nextSecond].map((array) => array.byteOffset),
      a.variable.length, ...constants,
    ),
    scaledDot: (d, dAt, w, wAt, dst, dstAt, count, scale) => exports.scaledDot(at(d, dAt), at(w, wAt), at(dst, dstAt), count, scale),
    dot: (a, aAt, b, bAt, count) => exports.dot(at(a, aAt), at(b, bAt), count),
    tanhGrad: (dy, y, dst) => exports.tanhGrad(dy.byteOffset, y.byteOffset, dst.byteOffset, dy.length),
    copyRows: ([x, xAt, xStride], [dst, dstAt, dstStride], count, rows) => exports.copyRows(at(x, xAt), at(dst, dstAt), count, rows, 4 * xStride, 4 * dstStride),
    addRows: ([x, xAt, xStride], [y, yAt, yStride], [dst, dstAt, dstStride], count, rows) => exports.addRows(
      at(x, xAt), at(y, yAt), at(dst, dstAt), count, rows, 4 * xStride, 4 * yStride, 4 * dstStride,
    ),
    scaledAddRows: ([x, xAt, xStride], [y, yAt, yStride], [dst, dstAt, dstStride], [scales, scalesAt, scalesStride], count, rows) => exports.scaledAddRows(
      at(x, xAt), at(y, yAt), at(dst, dstAt), at(scales, scalesAt), count, rows, 4 * xStride, 4 * yStride, 4 * dstStride, 4 * scalesStride,
    ),
    lstmCell: (gates, c, nextC, doubled, units, rows) => {
      const [gateRow, cellRow] = [16 * units, 4 * units];
      return exports.lstmCell(
        at(gates, 0), at(gates, units), at(gates, 2 * units), c.byteOffset, nextC.byteOffset, doubled.byteOffset, units, rows,
        gateRow, gateRow, gateRow, cellRow, cellRow, cellRow,
      );
    },
    lstmOutput: (gates, tanhC, h, units, rows) => exports.lstmOutput(at(gates, 3 * units), tanhC.byteOffset, h.byteOffset, units, rows, 16 * units, 4 * units, 4 * units),
    lstmBackward: ({ dh, dNextC, c, gates, tanhC, dPre, dc }, units, rows) => {
      const [gateRow, cellRow] = [16 * units, 4 * units];
      return exports.lstmBackward(
        at(gates, 0), at(gates, units), at(gates, 2 * units), at(gates, 3 * units), tanhC.byteOffset, c.byteOffset, dh.byteOffset, dNextC.byteOffset,
        dc.byteOffset, at(dPre, 0), at(dPre, units), at(dPre, 2 * units), at(dPre, 3 * units), units, rows,
        gateRow, gateRow, gateRow, gateRow, cellRow, cellRow, cellRow, cellRow, cellRow, gateRow, gateRow, gateRow, gateRow,
      );
    },
    sumOfSquares: (x) => exports.sumOfSquares(x.byteOffset, x.length),
    transpose: (src, dst, rows, cols) => {
      const [tiledRows, tiledCols] = [rows & ~3, cols & ~3];
      if (tiledCols > 0) for (let row = 0; row < tiledRows; row += 4) exports.transposeStrip(at(src, row * cols), at(dst, row), tiledCols, 4 * rows, 4 * cols);
      // The last 0–3 columns of the tiled rows, then the last 0–3 rows whole.
      for (let row = 0; row < tiledRows; row++) for (let col = tiledCols; col < cols; col++) dst[col * rows + row] = src[row * cols + col];
      for (let row = tiledRows; row < rows; row++) for (let col = 0; col < cols; col++) dst[col * rows + row] = src[row * cols + col];
    },
  };
}
