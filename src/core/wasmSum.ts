/**
 * A faster Sum kernel for the WASM backend, for sums over leading axes (a bias's gradient: the sum of [rows, units]
 * over its rows).
 *
 * Why: TF.js 4.22's WASM Sum reduces only innermost axes, so for a sum over rows it first transposes the whole
 * tensor with its slow generic Transpose (wasmTranspose.ts) into a temporary: a [128, 256] sum over rows took
 * ≈ 127 µs in Node against ≈ 20 µs over columns — ten of them in each logic training step, three in parity's. This
 * one adds the rows into the output directly, four lanes at a time (simdLoops.ts `addRows`), in the order the
 * backend's kernel adds them (row after row, in float32, from 0), so the sums are the same bits (wasmSum.test.ts).
 * Other sums (innermost axes, all axes, other dtypes) go to the backend's own kernel.
 */
import * as tf from '@tensorflow/tfjs';
import { replaceWasmKernel, simdLoopsOf, type WasmBackend, type WasmTensorInfo } from './wasmKernel';

interface SumArgs {
  inputs: { x: WasmTensorInfo };
  attrs: { axis: number | number[]; keepDims: boolean };
  backend: WasmBackend;
}

/** How many leading axes `axis` names, where it names exactly the first few (in any order) and not all; else 0. */
function leadingAxes(axis: number | number[], shape: readonly number[]): number {
  const axes = tf.util.parseAxisParam(axis, [...shape]);
  const unique = new Set(axes);
  if (unique.size !== axes.length || unique.size >= shape.length) return 0;
  for (let i = 0; i < unique.size; i++) if (!unique.has(i)) return 0;
  return unique.size;
}

function makeSum(original: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { inputs: { x }, attrs: { axis, keepDims }, backend } = args as unknown as SumArgs;
    const loops = simdLoopsOf(backend);
    const reduced = x.dtype === 'float32' ? leadingAxes(axis, x.shape) : 0;
    if (!loops || reduced === 0) return original(args);
    const rows = tf.util.sizeFromShape(x.shape.slice(0, reduced));
    const cols = tf.util.sizeFromShape(x.shape.slice(reduced));
    const kept = x.shape.slice(reduced);
    const out = backend.makeOutput(keepDims ? [...x.shape.slice(0, reduced).map(() => 1), ...kept] : kept, 'float32');
    // Views only after making the output: allocating may grow the heap, which detaches views taken before.
    const [values, sums] = [x, out].map((info) => backend.typedArrayFromHeap(info) as Float32Array);
    sums.fill(0);
    const done = rows > 0 ? loops.addRows([values, 0, cols], [sums, 0, 0], [sums, 0, 0], cols, rows) : cols;
    for (let col = done; col < cols; col++) {
      let sum = 0;
      for (let row = 0; row < rows; row++) sum = Math.fround(sum + values[row * cols + col]);
      sums[col] = sum;
    }
    return out as tf.TensorInfo;
  };
}

/** Replaces the WASM backend's Sum kernel (once; call after the backend is registered). */
export function installWasmSumKernel(): void {
  replaceWasmKernel('Sum', makeSum);
}
