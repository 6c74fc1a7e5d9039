/**
 * Tensors that a kernel saves for its gradient, kept without a kernel call.
 *
 * Why: to keep a saved input or output alive, TF.js 4.22's engine clones it (saveTensorsForBackwardMode → clone),
 * and each clone dispatches an Identity kernel and records a tape node of its own: 135 of the ≈ 450 kernel calls
 * of the parity bench step (RNN 128, batch 128), about 10 % of its time. Every backend's Identity only shares
 * the data and counts one more reference to it (wasmIdentity.ts makes WASM's do so too); this does exactly that,
 * without the dispatch. The clone's tape node is dropped as well: a saved tensor feeds only its gradient
 * function, never the loss, so no gradient ever flowed through that node.
 */
import * as tf from '@tensorflow/tfjs';

interface TrackedData {
  backend: { incRef(dataId: object): void };
}

/** The parts of TF.js's Engine this uses (methods of the class, not of its public type). */
interface EngineInternals {
  state: { tensorInfo: WeakMap<object, TrackedData> };
  makeTensorFromDataId(dataId: object, shape: number[], dtype: tf.DataType, backend: unknown): tf.Tensor;
  keep<T extends tf.Tensor>(tensor: T): T;
  saveTensorsForBackwardMode(tensors: tf.Tensor[]): tf.Tensor[];
}

let installed = false;

/** Replaces the engine's cloning of saved tensors by a shared reference (once). */
export function installCopyFreeTapeSaves(): void {
  if (installed) return;
  const engine = tf.engine() as unknown as EngineInternals;
  engine.saveTensorsForBackwardMode = (tensors) => tensors.map((tensor) => {
    const { backend } = engine.state.tensorInfo.get(tensor.dataId)!;
    backend.incRef(tensor.dataId);
    return engine.keep(engine.makeTensorFromDataId(tensor.dataId, tensor.shape, tensor.dtype, backend));
  });
  installed = true;
}
