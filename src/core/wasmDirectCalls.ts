/**
 * Leaner calls into the WASM backend's compiled kernels for the two kinds of kernel a small model's step calls
 * most: the binary elementwise ops (Add, Multiply, Sub, …) and rank-2 BatchMatMul.
 *
 * Why: TF.js 4.22's WASM wrappers of these pass the operands' shapes as arrays — a fresh
 * `new Uint8Array(new Int32Array(shape).buffer)` per operand (its `.buffer` moves the array off V8's heap: an
 * allocation the garbage collector tracks) that Emscripten's `cwrap` copies again to the stack — and BatchMatMul
 * first reshapes both operands to rank 3 through two Reshape kernels. A [16,2]·[2,4] matMul took ≈ 8 µs in
 * Chromium and 6 µs in Node this way, ≈ 3 µs with the shapes written to a scratch area of the heap allocated
 * once and the compiled function (`_BatchMatMul`, `_Add`, …) called with their addresses. The compiled kernels
 * and their operands are the same, so are the results, bit for bit. Batched matMuls, other dtypes and empty
 * tensors go to the backend's own wrappers.
 */
import * as tf from '@tensorflow/tfjs';
import type { WasmBackend, WasmTensorInfo } from './wasmKernel';

interface BinaryArgs {
  inputs: { a: WasmTensorInfo; b: WasmTensorInfo };
  backend: WasmBackend;
}

interface MatMulArgs extends BinaryArgs {
  attrs: { transposeA: boolean; transposeB: boolean };
}

type Compiled = (...pointersIdsAndSizes: number[]) => void;

/** The binary kernels whose wrapper is TF.js's createBinaryKernelConfig, and the dtype of their output where it is not the input's. */
const BINARY_KERNELS: Record<string, 'bool' | undefined> = {
  Add: undefined, Sub: undefined, Multiply: undefined, RealDiv: undefined, Maximum: undefined, Minimum: undefined,
  SquaredDifference: undefined, Pow: undefined, FloorDiv: undefined,
  Greater: 'bool', GreaterEqual: 'bool', Less: 'bool', LessEqual: 'bool', Equal: 'bool', NotEqual: 'bool',
};

/** The wrappers' dtype codes (tfjs-backend-wasm's CppDType). */
const DTYPE_CODES: Partial<Record<tf.DataType, number>> = { float32: 0, int32: 1, bool: 2 };

/** Room for two shapes of up to 8 dimensions, per backend module. */
const SCRATCH_INTS = 16;
const scratchAddresses = new WeakMap<object, number>();

/** Writes the two shapes into the module's scratch area; returns the address of each. */
function writeShapes(backend: WasmBackend, first: readonly number[], second: readonly number[]): [number, number] {
  let address = scratchAddresses.get(backend.wasm);
  if (address === undefined) {
    address = backend.wasm._malloc(4 * SCRATCH_INTS);
    scratchAddresses.set(backend.wasm, address);
  }
  // A view per call: growing the heap (any allocation) detaches views taken before.
  const ints = new Int32Array(backend.wasm.HEAP32.buffer, address, SCRATCH_INTS);
  ints.set(first);
  ints.set(second, SCRATCH_INTS / 2);
  return [address, address + 2 * SCRATCH_INTS];
}

const idOf = (backend: WasmBackend, info: WasmTensorInfo) => backend.dataIdMap.get(info.dataId).id;

function makeBinary(name: string, outputDtype: tf.DataType | undefined, original: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { inputs: { a, b }, backend } = args as unknown as BinaryArgs;
    const compiled = backend.wasm[`_${name}`] as Compiled | undefined;
    const code = DTYPE_CODES[a.dtype];
    if (!compiled || code === undefined || a.shape.length > 8 || b.shape.length > 8) return original(args);
    const shape = tf.backend_util.assertAndGetBroadcastShape(a.shape, b.shape);
    if (shape.some((side) => side === 0)) return original(args);
    const out = backend.makeOutput(shape, outputDtype ?? a.dtype);
    const [aShape, bShape] = writeShapes(backend, a.shape, b.shape);
    compiled(idOf(backend, a), aShape, a.shape.length, idOf(backend, b), bShape, b.shape.length, code, idOf(backend, out));
    return out as tf.TensorInfo;
  };
}

function makeMatMul(original: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { inputs: { a, b }, attrs: { transposeA, transposeB }, backend } = args as unknown as MatMulArgs;
    const compiled = backend.wasm._BatchMatMul as Compiled | undefined;
    if (!compiled || a.shape.length !== 2 || b.shape.length !== 2 || a.dtype !== 'float32' || b.dtype !== 'float32') return original(args);
    const [aRows, aCols] = a.shape;
    const [bRows, bCols] = b.shape;
    const [rows, inner, cols] = [transposeA ? aCols : aRows, transposeA ? aRows : aCols, transposeB ? bRows : bCols];
    if (inner !== (transposeB ? bCols : bRows) || rows * inner * cols === 0) return original(args);
    const out = backend.makeOutput([rows, cols], 'float32');
    // The compiled kernel takes rank-3 shapes (a batch of one).
    const [aShape, bShape] = writeShapes(backend, [1, aRows, aCols], [1, bRows, bCols]);
    compiled(idOf(backend, a), aShape, 3, idOf(backend, b), bShape, 3, transposeA ? 1 : 0, transposeB ? 1 : 0, idOf(backend, out));
    return out as tf.TensorInfo;
  };
}

function replace(name: string, make: (original: tf.KernelFunc) => tf.KernelFunc): void {
  const original = tf.getKernel(name, 'wasm');
  if (!original) return;
  tf.unregisterKernel(name, 'wasm');
  tf.registerKernel({ kernelName: name, backendName: 'wasm', kernelFunc: make(original.kernelFunc), setupFunc: original.setupFunc });
}

let installed = false;

/** Replaces the WASM backend's binary and BatchMatMul kernels (once; call after the backend is registered). */
export function installWasmDirectCalls(): void {
  if (installed) return;
  for (const [name, outputDtype] of Object.entries(BINARY_KERNELS)) replace(name, (original) => makeBinary(name, outputDtype, original));
  replace('BatchMatMul', makeMatMul);
  installed = true;
}
