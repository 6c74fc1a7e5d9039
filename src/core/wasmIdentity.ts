/**
 * A copy-free Identity kernel for the WASM backend.
 *
 * Why: TF.js runs Identity for every `tf.clone`, and its engine clones each tensor a kernel saves for its
 * gradient (saveTensorsForBackwardMode) — 683 of the 726 Identity calls of a logic training step (LSTM 128,
 * batch 16; the rest from customGrad's saves). TF.js 4.22's WASM Identity allocates and copies the whole tensor
 * each time; its CPU and WebGL backends (and the WASM Reshape) share the data and count a reference instead,
 * which is what this one does. Safe for the same reason it is there: no kernel writes into an input's data.
 */
import type * as tf from '@tensorflow/tfjs';
import { replaceWasmKernel, type WasmBackend, type WasmTensorInfo } from './wasmKernel';

interface IdentityArgs {
  inputs: { x: WasmTensorInfo };
  backend: WasmBackend;
}

function identity({ inputs: { x }, backend }: IdentityArgs): WasmTensorInfo {
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}

/** Replaces the WASM backend's Identity kernel (once; call after the backend is registered). */
export function installWasmIdentityKernel(): void {
  replaceWasmKernel('Identity', () => identity as unknown as tf.KernelFunc);
}
