/**
 * Faster Slice and SplitV kernels for the WASM backend.
 *
 * Why: TF.js 4.22's WASM Slice reads its input with `backend.readSync`, which copies the WHOLE input out of the
 * WASM heap before copying out the slice; SplitV calls that Slice once per part. Splitting an LSTM's gates
 * [32, 2048] into four took 525 µs (measured in Node), most of a ponder update's non-matMul time at that size.
 * These versions copy the slice's rows straight from a view of the heap: same results, bit for bit.
 */
import * as tf from '@tensorflow/tfjs';
import type { WasmBackend, WasmTensorInfo } from './wasmKernel';

interface SliceArgs {
  inputs: { x: WasmTensorInfo };
  attrs: { begin: number | number[]; size: number | number[] };
  backend: WasmBackend;
}

type KernelFunc = (args: never) => unknown;

let installed = false;

/** Copies x[begin : begin + size] into out: one contiguous run of the last axis at a time. */
function copySlice(x: ArrayLike<number> & { subarray(a: number, b: number): ArrayLike<number> }, shape: number[],
  out: { set(values: ArrayLike<number>, offset: number): void }, begin: number[], size: number[]): void {
  const rank = shape.length;
  const strides = tf.util.computeStrides(shape);
  const run = size[rank - 1];
  const outer = size.slice(0, rank - 1);
  const runs = outer.reduce((a, b) => a * b, 1);
  const index = new Array<number>(rank - 1).fill(0);
  for (let r = 0; r < runs; r++) {
    let offset = begin[rank - 1];
    for (let axis = 0; axis < rank - 1; axis++) offset += (begin[axis] + index[axis]) * strides[axis];
    out.set(x.subarray(offset, offset + run), r * run);
    for (let axis = rank - 2; axis >= 0; axis--) {
      if (++index[axis] < outer[axis]) break;
      index[axis] = 0;
    }
  }
}

function makeSlice(original: KernelFunc) {
  return (args: SliceArgs): WasmTensorInfo => {
    const { inputs: { x }, attrs, backend } = args;
    if (x.dtype === 'string' || x.shape.length === 0) return original(args as never) as WasmTensorInfo;
    const [begin, size] = tf.slice_util.parseSliceParams(x as unknown as tf.TensorInfo, attrs.begin, attrs.size);
    const out = backend.makeOutput(size, x.dtype);
    if (tf.util.sizeFromShape(size) === 0) return out;
    // Views only after makeOutput: allocating may grow the heap, which detaches views taken before.
    copySlice(backend.typedArrayFromHeap(x), x.shape, backend.typedArrayFromHeap(out), begin, size);
    return out;
  };
}

function makeSplitV(slice: (args: SliceArgs) => WasmTensorInfo) {
  return (args: { inputs: { x: WasmTensorInfo }; attrs: { numOrSizeSplits: number | number[]; axis: number }; backend: WasmBackend }) => {
    const { inputs: { x }, attrs: { numOrSizeSplits, axis }, backend } = args;
    const [splitAxis] = tf.util.parseAxisParam(axis, x.shape);
    const sizes = tf.backend_util.prepareSplitSize(x as unknown as tf.Tensor, numOrSizeSplits, splitAxis);
    const begin = new Array<number>(x.shape.length).fill(0);
    return sizes.map((part) => {
      const size = [...x.shape];
      size[splitAxis] = part;
      const out = slice({ inputs: { x }, attrs: { begin: [...begin], size }, backend });
      begin[splitAxis] += part;
      return out;
    });
  };
}

/** Replaces the WASM backend's Slice and SplitV kernels (once; call after the backend is registered). */
export function installWasmSliceKernels(): void {
  if (installed) return;
  const original = tf.getKernel('Slice', 'wasm');
  if (!original) return;
  const slice = makeSlice(original.kernelFunc as KernelFunc);
  tf.unregisterKernel('Slice', 'wasm');
  tf.registerKernel({ kernelName: 'Slice', backendName: 'wasm', kernelFunc: slice as unknown as tf.KernelFunc });
  tf.unregisterKernel('SplitV', 'wasm');
  tf.registerKernel({ kernelName: 'SplitV', backendName: 'wasm', kernelFunc: makeSplitV(slice) as unknown as tf.KernelFunc });
  installed = true;
}
