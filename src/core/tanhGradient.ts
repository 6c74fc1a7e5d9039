/**
 * tanh's gradient, ∂x = ∂y·(1 − y²) from its output y, as one kernel on the CPU backends (WASM and plain JS).
 *
 * Why: TF.js's own gradient for Tanh is three kernels (Square, Sub, Mul), each with the engine's per-op overhead
 * (jsKernel.ts), on every update of a tanh RNN or GRU. This one does the same float32 arithmetic in the same order
 * — four lanes at a time in WebAssembly SIMD on WASM (simdLoops.ts) — so the gradient is TF.js's bit for bit
 * (tanhGradient.test.ts). It replaces the gradient TF.js registers for Tanh on every backend; where the kernel is
 * missing (WebGL, WebGPU) it composes the same three ops.
 */
import * as tf from '@tensorflow/tfjs';
import { hasKernel, makeOutputs, registerJsKernels } from './jsKernel';

const KERNEL = 'ActTanhGrad';

const f = Math.fround;

registerJsKernels({
  forward: KERNEL,
  runForward(storage, { dy, y }) {
    const { outputs, values: [dx] } = makeOutputs(storage, [y.shape]);
    const [upstream, output] = [storage.values(dy), storage.values(y)];
    for (let i = storage.loops?.tanhGrad(upstream, output, dx) ?? 0; i < dx.length; i++) dx[i] = f(upstream[i] * f(1 - f(output[i] * output[i])));
    return outputs;
  },
});

let installed = false;

/** Registers the gradient for Tanh (once; the kernel it calls is registered with this module). */
export function installTanhGradient(): void {
  if (installed) return;
  tf.registerGradient({
    kernelName: 'Tanh',
    outputsToSave: [true],
    gradFunc: (dy, [y]) => ({
      x: () => (hasKernel(KERNEL) && y.dtype === 'float32'
        ? (tf.engine().runKernel(KERNEL, { dy: dy as tf.Tensor, y }) as tf.Tensor[])[0]
        : tf.mul(tf.sub(1, tf.square(y)), dy as tf.Tensor)), // TF.js's own
    }),
  });
  installed = true;
}
