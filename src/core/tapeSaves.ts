/**
 * Two changes to how TF.js's engine records and replays the gradient tape, each doing what the engine did with
 * less work: saved tensors kept without a kernel call (below), and zero gradients made by the backend
 * (installBackendZerosOffThePath).
 *
 * Tensors that a kernel saves for its gradient, kept without a kernel call.
 *
 * Why: to keep a saved input or output alive, TF.js 4.22's engine clones it (saveTensorsForBackwardMode → clone),
 * and each clone dispatches an Identity kernel and records a tape node of its own: 135 of the ≈ 450 kernel calls
 * of the parity bench step (RNN 128, batch 128), about 10 % of its time. Every backend's Identity only shares
 * the data and counts one more reference to it (wasmIdentity.ts makes WASM's do so too); this does exactly that,
 * without the dispatch. The clone's tape node is dropped as well: a saved tensor feeds only its gradient
 * function, never the loss, so no gradient ever flowed through that node. A customGrad's save function (linear.ts's
 * matMul: one a matMul, about 45 a logic step) clones through `engine.clone`, which nothing else calls: it shares too.
 */
import * as tf from '@tensorflow/tfjs';
import type { EngineInternals } from './engineInternals';
import { engineInternals } from './engineInternals';

let installed = false;

/**
 * A new tensor on `tensor`'s data (one more reference to it, no kernel call) that no tape node produced: a gradient
 * stops there, as at a constant. (TF.js has no stop-gradient op.)
 */
export function untracedAlias<T extends tf.Tensor>(tensor: T): T {
  const engine = engineInternals();
  const { backend } = engine.state.tensorInfo.get(tensor.dataId)!;
  backend.incRef(tensor.dataId);
  return engine.makeTensorFromDataId(tensor.dataId, tensor.shape, tensor.dtype, backend) as T;
}

/** Replaces the engine's cloning of saved tensors by a shared reference, and its host zeros by the backend's (once). */
export function installLeanGradientTape(): void {
  if (installed) return;
  const engine = engineInternals();
  const share = untracedAlias;
  engine.saveTensorsForBackwardMode = (tensors) => tensors.map((tensor) => engine.keep(share(tensor)));
  engine.clone = share;
  installBackendZerosOffThePath(engine);
  installed = true;
}

/** Kernels whose gradient function takes null for an output off the loss's path (acceptNullUpstream). */
const nullUpstreamKernels = new Set<string>();

/**
 * Declares that this kernel's registered gradient treats a null upstream gradient as zero (this project's
 * JavaScript kernels do: jsKernel.ts backwardKernel): its gradient then gets null, and no zero tensor is made.
 */
export function acceptNullUpstream(kernelName: string): void {
  nullUpstreamKernels.add(kernelName);
}

/**
 * The gradient of a kernel's output that the loss does not depend on (a kernel's extra outputs: the activated
 * gates an LSTM kernel keeps for its backward pass, ACT's ponder count) is zero, and TF.js 4.22's engine makes
 * that zero tensor from a JavaScript array (makeZerosTypedArray → makeTensor) each time: a host allocation copied
 * to the backend — 113 tensors per logic bench step (LSTM 128, batch 16), and on WASM a [16, 512] one costs
 * ≈ 160 µs in Chromium. Here the backend makes it (tf.fill: on WASM a fill of its heap, on the GPU a shader), and
 * kernels that take null (acceptNullUpstream) get null: no tensor, no kernel call.
 */
function installBackendZerosOffThePath(engine: EngineInternals): void {
  const addTapeNode = engine.addTapeNode;
  engine.addTapeNode = function (this: EngineInternals, kernelName, inputs, outputs, gradientsFunc, saved, attrs) {
    addTapeNode.call(this, kernelName, inputs, outputs, gradientsFunc, saved, attrs);
    const tape = this.state.activeTape;
    const node = tape[tape.length - 1];
    const gradient = node.gradient;
    if (!gradient) return;
    const registered = nullUpstreamKernels.has(kernelName) ? tf.getGradient(kernelName) : undefined;
    if (registered) {
      // What the engine's own wrapper does (a single output's gradient unwrapped), nulls left as they are.
      node.gradient = (dys) => registered.gradFunc((dys.length > 1 ? dys : dys[0]) as tf.Tensor[], saved as tf.Tensor[], attrs as tf.NamedAttrMap);
      return;
    }
    // Other dtypes stay null: the engine's own gradient wrapper still makes those zeros its way.
    node.gradient = (dys) => gradient(dys.map((dy, i) => dy ?? (outputs[i].dtype === 'float32' ? tf.fill(outputs[i].shape, 0) : null)));
  };
}
