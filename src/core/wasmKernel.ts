/**
 * What the kernels this project registers for TF.js's WASM backend (wasmSlice.ts, wasmTanh.ts, wasmTranspose.ts,
 * wasmSum.ts, wasmIdentity.ts, wasmDirectCalls.ts, jsKernel.ts) use of it: its tensor info and public methods of
 * BackendWasm; and how they take a kernel's place.
 */
import * as tf from '@tensorflow/tfjs';
import { simdLoopsFor, type SimdLoops } from './simdLoops';

export interface WasmTensorInfo {
  dataId: object;
  shape: number[];
  dtype: tf.DataType;
}

export interface WasmBackend {
  makeOutput(shape: number[], dtype: tf.DataType): WasmTensorInfo;
  /** A view of the tensor's values on the WASM heap; allocating may grow the heap, which detaches views taken before. */
  typedArrayFromHeap(info: WasmTensorInfo): Float32Array | Int32Array | Uint8Array;
  disposeData(dataId: object): boolean;
  /** Counts one more tensor sharing this data (disposeData frees it when the last one goes). */
  incRef(dataId: object): void;
  /** The Emscripten module: its heap is `asm.memory` (one thread) or `wasmMemory` (threaded build). */
  wasm: {
    asm?: { memory?: WebAssembly.Memory };
    wasmMemory?: WebAssembly.Memory;
    HEAP32: Int32Array;
    _malloc(bytes: number): number;
    /** The compiled kernels by name, e.g. `_BatchMatMul` (what the backend's wrappers `cwrap`). */
    [compiled: `_${string}`]: unknown;
  };
  /** The backend's own number for each tensor's data, which the compiled kernels take. */
  dataIdMap: { get(dataId: object): { id: number } };
}

/** The loops in WebAssembly SIMD over the backend's heap (simdLoops.ts), where they can run. */
export function simdLoopsOf(backend: WasmBackend): SimdLoops | undefined {
  const memory = backend.wasm.wasmMemory ?? backend.wasm.asm?.memory;
  return memory ? simdLoopsFor(memory) : undefined;
}

/** The WASM kernels replaced so far: each is replaced once, whichever backend instance asks again. */
const replaced = new Set<string>();

/**
 * Registers `make(original)` as the WASM backend's `kernelName` kernel in place of its own (once; call after the
 * backend is registered). The replacement hands what it does not handle to `original`.
 */
export function replaceWasmKernel(kernelName: string, make: (original: tf.KernelFunc) => tf.KernelFunc): void {
  const original = tf.getKernel(kernelName, 'wasm');
  if (replaced.has(kernelName) || !original) return;
  tf.unregisterKernel(kernelName, 'wasm');
  tf.registerKernel({ kernelName, backendName: 'wasm', kernelFunc: make(original.kernelFunc) });
  replaced.add(kernelName);
}
