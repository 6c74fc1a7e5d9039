/**
 * Kernels written in JavaScript for the CPU backends (WASM and plain JS): how they read and make tensors.
 *
 * Why such kernels exist: on those backends every TF.js op costs the engine's per-op overhead (≈ 10 µs on WASM),
 * so a chain of small elementwise ops is mostly overhead; one kernel forward and one backward in their place
 * (haltingUpdate.ts, cells/lstmKernel.ts, adamKernel.ts) does the same arithmetic without it.
 */
import * as tf from '@tensorflow/tfjs';
import { simdLoopsOf, type WasmBackend, type WasmTensorInfo } from './wasmKernel';
import type { SimdLoops } from './simdLoops';
import { acceptNullUpstream } from './tapeSaves';

export const JS_KERNEL_BACKENDS = ['cpu', 'wasm'] as const;
export type JsKernelBackend = (typeof JS_KERNEL_BACKENDS)[number];

/** How a backend's float32 tensors are read, made and freed, and its own vectorised sigmoid. */
export interface Storage {
  /** A view of the values; on WASM take it only after every tensor the kernel makes exists (see below). */
  values(info: tf.TensorInfo): Float32Array;
  make(shape: number[]): tf.TensorInfo;
  dispose(info: tf.TensorInfo): void;
  /** σ of every value, as a new tensor: on WASM the backend's own kernel (XNNPACK, far faster than Math.exp). */
  sigmoid(info: tf.TensorInfo): tf.TensorInfo;
  /** On WASM with SIMD: loops in WebAssembly over the heap, on `values` views. */
  loops?: SimdLoops;
}

type UnaryKernelFunc = (args: { inputs: { x: tf.TensorInfo }; backend: unknown }) => tf.TensorInfo;

/** One Storage per backend instance, made on its first kernel call: kernels run many times a training step. */
const storages = new WeakMap<object, Storage>();

export function storageOf(backendName: JsKernelBackend, backend: unknown): Storage {
  let storage = storages.get(backend as object);
  if (!storage) {
    storage = makeStorage(backendName, backend);
    storages.set(backend as object, storage);
  }
  return storage;
}

function makeStorage(backendName: JsKernelBackend, backend: unknown): Storage {
  if (backendName === 'wasm') {
    const wasm = backend as WasmBackend;
    const sigmoid = tf.getKernel('Sigmoid', 'wasm')!.kernelFunc as unknown as UnaryKernelFunc;
    // Allocating may grow the heap, which detaches views taken before: take views after making tensors.
    return {
      values: (info) => wasm.typedArrayFromHeap(info as WasmTensorInfo) as Float32Array,
      make: (shape) => wasm.makeOutput(shape, 'float32') as tf.TensorInfo,
      dispose: (info) => wasm.disposeData(info.dataId),
      sigmoid: (info) => sigmoid({ inputs: { x: info }, backend }),
      loops: simdLoopsOf(wasm),
    };
  }
  const cpu = backend as {
    data: { get(id: object): { values: Float32Array } };
    makeTensorInfo(shape: number[], dtype: 'float32', values: Float32Array): tf.TensorInfo;
    disposeData(id: object): boolean;
  };
  const values = (info: tf.TensorInfo) => cpu.data.get(info.dataId).values;
  return {
    values,
    make: (shape) => cpu.makeTensorInfo(shape, 'float32', new Float32Array(tf.util.sizeFromShape(shape))),
    dispose: (info) => cpu.disposeData(info.dataId),
    sigmoid: (info) => cpu.makeTensorInfo(info.shape, 'float32', values(info).map((x) => 1 / (1 + Math.exp(-x)))),
  };
}

/** Whether the running backend has this kernel (the GPU backends never do: there it would be a shader). */
export function hasKernel(kernelName: string): boolean {
  return tf.getKernel(kernelName, tf.getBackend()) !== undefined;
}

type KernelInputs = Record<string, tf.TensorInfo | undefined>;

/** A forward kernel in JavaScript. */
export interface JsKernel {
  forward: string;
  runForward(storage: Storage, inputs: Record<string, tf.TensorInfo>, attrs: Record<string, unknown>): tf.TensorInfo[];
}

/** A forward kernel and the kernel that computes its inputs' gradients, both in JavaScript. */
export interface JsKernelPair extends JsKernel {
  backward: string;
  /** An upstream gradient off the loss's path is absent from the inputs (see backwardKernel). */
  runBackward(storage: Storage, inputs: KernelInputs, attrs: Record<string, unknown>): tf.TensorInfo[];
  /** The forward kernel's gradient; its gradFunc calls backwardKernel. */
  gradient: Omit<tf.GradConfig, 'kernelName'>;
}

/** Registers the kernel (and its backward kernel and gradient, for a pair) on both CPU backends (once). */
export function registerJsKernels(kernel: JsKernel | JsKernelPair): void {
  const pair = 'backward' in kernel ? kernel : undefined;
  for (const backendName of JS_KERNEL_BACKENDS) {
    if (tf.getKernel(kernel.forward, backendName)) continue;
    tf.registerKernel({
      kernelName: kernel.forward,
      backendName,
      kernelFunc: ({ inputs, attrs, backend }) => kernel.runForward(storageOf(backendName, backend), inputs as Record<string, tf.TensorInfo>, attrs as Record<string, unknown>),
    });
    if (!pair) continue;
    tf.registerKernel({
      kernelName: pair.backward,
      backendName,
      kernelFunc: ({ inputs, attrs, backend }) => pair.runBackward(storageOf(backendName, backend), inputs as KernelInputs, attrs as Record<string, unknown>),
    });
  }
  if (pair && tf.getGradient(pair.forward) === undefined) tf.registerGradient({ kernelName: pair.forward, ...pair.gradient });
  // backwardKernel leaves null upstream gradients out, and the backward kernels count an absent one as zero.
  if (pair) acceptNullUpstream(pair.forward);
}

/**
 * Runs a backward kernel now, inside a gradFunc (the engine asks for each input's gradient in its own tidy, so
 * one kernel for all of them must run before). Upstream gradients that are null are left out.
 */
export function backwardKernel(name: string, upstream: Record<string, tf.Tensor | null>, saved: Record<string, tf.Tensor>, attrs: tf.NamedAttrMap = {}): tf.Tensor[] {
  const given = Object.fromEntries(Object.entries(upstream).filter(([, tensor]) => tensor)) as Record<string, tf.Tensor>;
  return tf.engine().runKernel(name, { ...given, ...saved }, attrs) as tf.Tensor[];
}

/** New tensors of these shapes and views of their values (taken after all exist: see Storage.values). */
export function makeOutputs(storage: Storage, shapes: number[][]): { outputs: tf.TensorInfo[]; values: Float32Array[] } {
  const outputs = shapes.map((shape) => storage.make(shape));
  return { outputs, values: outputs.map((info) => storage.values(info)) };
}
