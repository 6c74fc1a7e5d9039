/**
 * A faster Transpose kernel for the WASM backend, for matrices.
 *
 * Why: every matMul's weight gradient needs its activation transposed (linear.ts: the backend's transposed-operand
 * matMul is far slower), and TF.js 4.22's WASM Transpose is slow on exactly the small models' shapes: a
 * [128, 128] float32 transpose took ≈ 50 µs in Node (≈ 3 ns an element; 0.4–0.5 ms of a parity bench step of
 * ≈ 6), a [128, 512] one ≈ 240 µs, and a [23, 64] one (ACT's running rows) ≈ 22 µs. This one moves 4 × 4 tiles
 * with WebAssembly SIMD shuffles (simdLoops.ts), and the last 0–3 rows and columns in JavaScript. Values are
 * copied, so results are the same bit for bit. Other ranks, permutations and dtypes go to the backend's own kernel.
 */
import type * as tf from '@tensorflow/tfjs';
import { replaceWasmKernel, simdLoopsOf, type WasmBackend, type WasmTensorInfo } from './wasmKernel';

interface TransposeArgs {
  inputs: { x: WasmTensorInfo };
  attrs: { perm: number[] };
  backend: WasmBackend;
}

function makeTranspose(original: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { inputs: { x }, attrs: { perm }, backend } = args as unknown as TransposeArgs;
    const loops = simdLoopsOf(backend);
    const [rows, cols] = x.shape;
    if (!loops || x.dtype !== 'float32' || x.shape.length !== 2 || perm[0] !== 1) return original(args);
    const out = backend.makeOutput([cols, rows], 'float32');
    // Views only after making the output: allocating may grow the heap, which detaches views taken before.
    loops.transpose(backend.typedArrayFromHeap(x) as Float32Array, backend.typedArrayFromHeap(out) as Float32Array, rows, cols);
    return out as tf.TensorInfo;
  };
}

/** Replaces the WASM backend's Transpose kernel (once; call after the backend is registered). */
export function installWasmTransposeKernel(): void {
  replaceWasmKernel('Transpose', makeTranspose);
}
