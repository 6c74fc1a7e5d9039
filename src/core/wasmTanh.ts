/**
 * A faster Tanh kernel for the WASM backend.
 *
 * Why: TF.js 4.22's WASM Tanh is a plain per-element loop (≈ 30 ns an element here: a [128, 128] tanh took 0.5 ms,
 * 17% of the parity step's kernel time), while its Sigmoid runs XNNPACK's vectorised kernel, about 7× faster.
 * tanh x = 2σ(2x) − 1, so this Tanh doubles x, runs the backend's own Sigmoid and maps the result back. The
 * doubling and the mapping back run four lanes at a time (simdLoops.ts) where WebAssembly SIMD exists. The
 * difference from tanh is float32 rounding: at most 2.5e-7 absolute (wasmTanh.test.ts). The gradient is
 * TF.js's own for Tanh, from the output.
 */
import * as tf from '@tensorflow/tfjs';
import { storageOf } from './jsKernel';
import { replaceWasmKernel } from './wasmKernel';

type KernelArgs = Parameters<tf.KernelFunc>[0];

function makeTanh(original: tf.KernelFunc): tf.KernelFunc {
  return (args: KernelArgs) => {
    const x = args.inputs.x as tf.TensorInfo;
    if (x.dtype !== 'float32') return original(args);
    const storage = storageOf('wasm', args.backend);
    const doubled = storage.make(x.shape);
    // Views only after making the tensor: allocating may grow the heap, which detaches views taken before.
    const [input, twice] = [x, doubled].map((info) => storage.values(info));
    for (let i = storage.loops?.affine(input, twice, 2, 0) ?? 0; i < input.length; i++) twice[i] = 2 * input[i];
    const out = storage.sigmoid(doubled);
    storage.dispose(doubled);
    const values = storage.values(out);
    for (let i = storage.loops?.affine(values, values, 2, -1) ?? 0; i < values.length; i++) values[i] = 2 * values[i] - 1;
    return out;
  };
}

/** Replaces the WASM backend's Tanh kernel (once; call after the backend is registered). */
export function installWasmTanhKernel(): void {
  if (tf.getKernel('Sigmoid', 'wasm')) replaceWasmKernel('Tanh', makeTanh);
}
