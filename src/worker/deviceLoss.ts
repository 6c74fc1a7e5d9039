/**
 * Noticing that the GPU under the running backend went away: a lost WebGPU device (driver reset, GPU removed,
 * out of memory) or a lost WebGL context (the browser reclaims contexts under memory pressure, or after a GPU
 * reset). The model's tensors are gone with it; the worker then reports `backendLost` and the page restores the
 * run, as last kept, on the next backend.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendInfo } from '../core/backend';

interface LostDevice {
  lost: Promise<{ message?: string; reason?: string }>;
  destroy(): void;
}

const webgpuDevice = () => (tf.backend() as unknown as { device?: LostDevice }).device;
const webglContext = () => (tf.backend() as unknown as { gpgpu?: { gl?: WebGLRenderingContext } }).gpgpu?.gl;

/** Calls `lost` with the browser's reason if the GPU device or context of the running backend is lost. */
export function watchDeviceLoss(info: BackendInfo, lost: (reason: string) => void): void {
  if (info.name === 'webgpu') {
    void webgpuDevice()?.lost.then((loss) => lost(loss.message || `the GPU device was lost (${loss.reason ?? 'no reason given'})`));
  } else if (info.name === 'webgl') {
    const canvas = webglContext()?.canvas as EventTarget | undefined;
    canvas?.addEventListener('webglcontextlost', () => lost('the WebGL context was lost'), { once: true });
  }
}

/**
 * Loses the running backend's GPU device or context on purpose, as a driver would (the browser tests call it in
 * the worker through the debugging protocol). Returns what it did.
 */
export function loseGpuForTesting(): string {
  const backend = tf.getBackend();
  if (backend === 'webgpu') {
    webgpuDevice()?.destroy();
    return 'destroyed the WebGPU device';
  }
  if (backend === 'webgl') {
    const extension = webglContext()?.getExtension('WEBGL_lose_context');
    if (!extension) return 'WEBGL_lose_context is not available';
    extension.loseContext();
    return 'lost the WebGL context';
  }
  return `the ${backend} backend has no GPU to lose`;
}
