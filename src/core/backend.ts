/**
 * Choosing and starting a TF.js backend, in a page, a Web Worker or Node.
 *
 * `auto` takes WebGPU only on a real (non-fallback) adapter, WebGL only on a hardware renderer, else WASM, else
 * CPU: on a machine without a GPU, WebGPU and WebGL run on software rasterisers far slower than WASM.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendChoice } from '../config/schema';
import { withThreadCap } from './wasmThreadCount';
import { installWasmIdentityKernel } from './wasmIdentity';
import { installWasmDirectCalls } from './wasmDirectCalls';
import { installWasmSliceKernels } from './wasmSlice';
import { installWasmSumKernel } from './wasmSum';
import { installGlobalNormKernel } from './globalNorm';
import { installWasmTanhKernel } from './wasmTanh';
import { installWasmTransposeKernel } from './wasmTranspose';
import { installLeanGradientTape } from './tapeSaves';
import { installTanhGradient } from './tanhGradient';
import type { HaltCheck } from './act';

export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';

export interface BackendInfo {
  name: BackendName;
  /** What runs it: the GPU adapter or renderer, WASM threads and SIMD, or "Node". */
  detail: string;
  /** True on a software fallback (WebGPU fallback adapter, SwiftShader, llvmpipe): it works, but slowly. */
  software: boolean;
  /** The WASM backend's threads (1 where threads are off or unavailable); absent on the other backends. */
  threads?: number;
}

export interface BackendEnvironment {
  /** WASM binaries by file name (a bundler's URLs); Node finds them itself. */
  wasmPaths?: Record<string, string>;
  /**
   * Threads need cross-origin isolation (COOP/COEP headers); without it TF.js falls back to one thread by itself.
   * false: one thread even where threads are possible.
   */
  wasmThreads?: boolean;
  /** How many WASM threads: by default every logical core the page is given (navigator.hardwareConcurrency; the app's training worker leaves one to the page, src/worker/machine.ts). */
  wasmThreadCount?: number;
  /**
   * Where TF.js cannot start its WASM threads by itself (Node: src/cli/wasmThreads.ts), the host wraps the start
   * of the backend so that it can. Used only when more than one thread is wanted.
   */
  threadedWasmStart?: (start: () => Promise<boolean>) => Promise<boolean>;
}

const SOFTWARE_RENDERER = /swiftshader|llvmpipe|software|basic render/i;

interface GpuAdapterLike {
  info?: { vendor?: string; architecture?: string; description?: string; isFallbackAdapter?: boolean };
  isFallbackAdapter?: boolean;
}
interface NavigatorWithGpu {
  gpu?: { requestAdapter(): Promise<GpuAdapterLike | null> };
}

/** Asks for a WebGPU adapter ourselves: TF.js init breaks on a null adapter. */
async function probeWebGpu(): Promise<{ available: boolean; software: boolean; detail: string }> {
  const nav = (globalThis as { navigator?: NavigatorWithGpu }).navigator;
  if (!nav?.gpu) return { available: false, software: false, detail: 'no WebGPU in this environment' };
  try {
    const adapter = await nav.gpu.requestAdapter();
    if (!adapter) return { available: false, software: false, detail: 'no WebGPU adapter' };
    const info = adapter.info ?? {};
    const software = Boolean(info.isFallbackAdapter ?? adapter.isFallbackAdapter) || SOFTWARE_RENDERER.test(info.description ?? '');
    const detail = [info.vendor, info.architecture, info.description].filter(Boolean).join(' ') || 'WebGPU adapter';
    return { available: true, software, detail: software ? `${detail} (software fallback adapter)` : detail };
  } catch (error) {
    return { available: false, software: false, detail: `WebGPU adapter request failed: ${String(error)}` };
  }
}

function probeWebGl(): { available: boolean; software: boolean; detail: string } {
  const scope = globalThis as { OffscreenCanvas?: typeof OffscreenCanvas };
  if (!scope.OffscreenCanvas) return { available: false, software: false, detail: 'no OffscreenCanvas' };
  try {
    const gl = new OffscreenCanvas(1, 1).getContext('webgl2') as WebGL2RenderingContext | null;
    if (!gl) return { available: false, software: false, detail: 'no WebGL2 context' };
    const debug = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = String(debug ? gl.getParameter(debug.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER));
    return { available: true, software: SOFTWARE_RENDERER.test(renderer), detail: renderer };
  } catch (error) {
    return { available: false, software: false, detail: `WebGL probe failed: ${String(error)}` };
  }
}

async function startWebGpu(): Promise<void> {
  await import('@tensorflow/tfjs-backend-webgpu');
  if (!(await tf.setBackend('webgpu'))) throw new Error('the WebGPU backend did not start');
}

async function startWasm(env: BackendEnvironment): Promise<{ detail: string; threads: number }> {
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  if (env.wasmPaths) wasm.setWasmPaths(env.wasmPaths);
  if (env.wasmThreads === false) tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  // TF.js would take half the logical cores (1 of 2 here): as many as asked train, by default every core the page is given.
  const cores = env.wasmThreadCount ?? (globalThis.navigator as { hardwareConcurrency?: number } | undefined)?.hardwareConcurrency ?? 1;
  if (cores > 1) wasm.setThreadsCount(cores);
  const startCapped = () => withThreadCap(cores, () => tf.setBackend('wasm'));
  const started = await (env.threadedWasmStart && cores > 1 ? env.threadedWasmStart(startCapped) : startCapped());
  if (!started) throw new Error('the WASM backend did not start');
  installWasmSliceKernels();
  installWasmTanhKernel();
  installWasmTransposeKernel();
  installWasmSumKernel();
  installWasmIdentityKernel();
  installWasmDirectCalls();
  installGlobalNormKernel();
  const threadCount = tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT') ? wasm.getThreadsCount() : 1;
  const threads = threadCount === 1 ? '1 thread' : `${threadCount} threads`;
  const simd = tf.env().getBool('WASM_HAS_SIMD_SUPPORT') ? 'SIMD' : 'no SIMD';
  return { detail: `WebAssembly, ${threads}, ${simd}`, threads: threadCount };
}

async function startCpu(): Promise<void> {
  if (!(await tf.setBackend('cpu'))) throw new Error('the CPU backend did not start');
}

/** Starts the chosen backend (or the best available for `auto`) and says which one runs. */
export async function initBackend(choice: BackendChoice, env: BackendEnvironment = {}): Promise<BackendInfo> {
  installLeanGradientTape();
  installTanhGradient();
  const info = await start(choice, env);
  await tf.ready();
  return info;
}

async function start(choice: BackendChoice, env: BackendEnvironment): Promise<BackendInfo> {
  if (choice === 'webgpu' || choice === 'auto') {
    const gpu = await probeWebGpu();
    if (choice === 'webgpu') {
      if (!gpu.available) throw new Error(`WebGPU was asked for but is not available: ${gpu.detail}`);
      await startWebGpu();
      return { name: 'webgpu', detail: gpu.detail, software: gpu.software };
    }
    if (gpu.available && !gpu.software) {
      await startWebGpu();
      return { name: 'webgpu', detail: gpu.detail, software: false };
    }
  }
  if (choice === 'webgl' || choice === 'auto') {
    const gl = probeWebGl();
    if (choice === 'webgl') {
      if (!gl.available || !(await tf.setBackend('webgl'))) throw new Error(`WebGL was asked for but is not available: ${gl.detail}`);
      return { name: 'webgl', detail: gl.detail, software: gl.software };
    }
    if (gl.available && !gl.software && (await tf.setBackend('webgl'))) {
      return { name: 'webgl', detail: gl.detail, software: false };
    }
  }
  if (choice === 'wasm' || choice === 'auto') {
    try {
      const { detail, threads } = await startWasm(env);
      return { name: 'wasm', detail, software: false, threads };
    } catch (error) {
      if (choice === 'wasm') throw error;
    }
  }
  await startCpu();
  return { name: 'cpu', detail: 'plain JavaScript', software: false };
}

/**
 * How the ponder loop learns that every row has halted. A read-back costs microseconds on WASM and CPU, where
 * ACT's loop then also computes each update on the rows still running only (runningRows.ts), and a few
 * milliseconds on WebGL; on WebGPU a synchronous read is not allowed, so the loop runs all M steps (halted rows
 * contribute nothing) — except in training and evaluations, which unroll speculatively on WebGPU and WebGL
 * (speculation.ts).
 */
export function haltCheckFor(backend: string): HaltCheck {
  if (backend === 'webgpu') return 'none';
  return backend === 'wasm' || backend === 'cpu' ? 'compact' : 'readback';
}
