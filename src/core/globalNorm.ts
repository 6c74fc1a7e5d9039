/**
 * The global L2 norm of a step's gradients (what clipping scales them by), as one kernel on WASM.
 *
 * Why: with TF.js ops it is a Square and a Sum per variable, then AddN and Sqrt — 22 kernel calls for the parity
 * bench's 7 variables, ≈ 77 µs of a ≈ 4 ms step, nearly all of it the engine's per-call work. The kernel runs the
 * same float32 arithmetic in the same order (each variable's squares summed element after element, as the
 * backend's Square and Sum kernels do; the sums added in sumTensors' groups, as its AddN does; then √), so the norm
 * is the same bits (globalNorm.test.ts). The other backends keep the ops: the CPU backend sums in float64, and on
 * the GPU backends it is a few shaders.
 */
import * as tf from '@tensorflow/tfjs';
import { sumInGroups, sumTensors } from './sumTensors';
import { simdLoopsOf, type WasmBackend } from './wasmKernel';

const KERNEL = 'GlobalNorm';

/** The global L2 norm of a set of gradients: as one kernel where the running backend has it, else with TF.js ops. */
export function globalNorm(gradients: readonly tf.Tensor[]): tf.Scalar {
  if (tf.getKernel(KERNEL, tf.getBackend()) && gradients.every((gradient) => gradient.dtype === 'float32')) {
    return tf.engine().runKernel(KERNEL, Object.fromEntries(gradients.map((gradient, i) => [i, gradient]))) as tf.Scalar;
  }
  return composedGlobalNorm(gradients);
}

/** The norm with TF.js ops: what the other backends run, and the reference the kernel is checked against. */
export function composedGlobalNorm(gradients: readonly tf.Tensor[]): tf.Scalar {
  return tf.tidy(() => tf.sqrt(sumTensors(gradients.map((gradient) => tf.sum(tf.square(gradient))))) as tf.Scalar);
}

interface GlobalNormArgs {
  inputs: Record<string, tf.TensorInfo>;
  backend: WasmBackend;
}

/** Registers the kernel on WASM (once; call after the backend has started). Without WebAssembly SIMD the ops run. */
export function installGlobalNormKernel(): void {
  const started = tf.findBackend('wasm') as unknown as WasmBackend | null;
  if (tf.getKernel(KERNEL, 'wasm') || !started || !simdLoopsOf(started)) return;
  tf.registerKernel({
    kernelName: KERNEL,
    backendName: 'wasm',
    kernelFunc: (args) => {
      const { inputs, backend } = args as unknown as GlobalNormArgs;
      const loops = simdLoopsOf(backend)!;
      // The inputs are keyed by position ("0", "1", …): sumTensors' groups depend on the order.
      const gradients = Object.keys(inputs).sort((a, b) => Number(a) - Number(b)).map((key) => inputs[key]);
      const out = backend.makeOutput([], 'float32');
      // Views only after making the output: allocating may grow the heap, which detaches views taken before.
      const squares = gradients.map((info) => loops.sumOfSquares(backend.typedArrayFromHeap(info) as Float32Array));
      (backend.typedArrayFromHeap(out) as Float32Array)[0] = Math.fround(Math.sqrt(sumInGroups(squares, (group) => group.reduce((sum, term) => Math.fround(sum + term)))));
      return out as tf.TensorInfo;
    },
  });
}
