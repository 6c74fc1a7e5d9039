/**
 * Noticing that the GPU under the running backend went away: a lost WebGPU device (driver reset, GPU removed,
 * out of memory) or a lost WebGL context (the browser reclaims contexts under memory pressure, or after a GPU
 * reset). The model's tensors are gone with it; the worker then reports `backendLost` and the page restores the
 * run, as last kept, on the next backend.
 *
 * A WebGPU error that no error scope caught counts as a loss too: a kernel that failed validation (a limit of
 * this GPU, say) leaves every kernel submitted with it uncomputed, so the numbers after it are zeros, not
 * results — training must not go on from them.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendInfo } from '../core/backend';

interface LostDevice extends EventTarget {
  lost: Promise<{ message?: string; reason?: string }>;
  destroy(): void;
  createBuffer(descriptor: { size: number; usage: number }): unknown;
  queue: { submit(buffers: unknown[]): void; onSubmittedWorkDone(): Promise<void> };
}

const webgpuDevice = () => (tf.backend() as unknown as { device?: LostDevice }).device;
const webglContext = () => (tf.backend() as unknown as { gpgpu?: { gl?: WebGLRenderingContext } }).gpgpu?.gl;

/** Calls `onLost` once, with the browser's reason, if the GPU device or context of the running backend is lost. */
export function watchDeviceLoss(info: BackendInfo, onLost: (reason: string) => void): void {
  let reported = false;
  // An error first, then the device destroyed when the backend is replaced: one loss.
  const lost = (reason: string) => {
    if (!reported) onLost(reason);
    reported = true;
  };
  if (info.name === 'webgpu') {
    const device = webgpuDevice();
    void device?.lost.then((loss) => lost(loss.message || `the GPU device was lost (${loss.reason ?? 'no reason given'})`));
    device?.addEventListener('uncapturederror', (event) => {
      const message = (event as Event & { error?: { message?: string } }).error?.message ?? 'no message';
      lost(`WebGPU reported an error, so its results cannot be trusted: ${message.split('\n')[0]}`);
    }, { once: true });
  } else if (info.name === 'webgl') {
    const canvas = webglContext()?.canvas as EventTarget | undefined;
    canvas?.addEventListener('webglcontextlost', () => lost('the WebGL context was lost'), { once: true });
  }
}

/**
 * Loses the running backend's GPU device or context on purpose, as a driver would, or (`invalid`, WebGPU) makes
 * a call the device rejects, as a kernel beyond its limits would (the browser tests call it in the worker through
 * the debugging protocol). Returns what it did.
 */
export function loseGpuForTesting(how: 'lose' | 'invalid' = 'lose'): string {
  const backend = tf.getBackend();
  if (backend === 'webgpu' && how === 'invalid') {
    // A buffer with no usage is invalid in every WebGPU implementation. The browser may hold the error until the
    // device next does work (training is paused here): an empty submission and a wait for it let it through.
    const device = webgpuDevice();
    device?.createBuffer({ size: 4, usage: 0 });
    device?.queue.submit([]);
    void device?.queue.onSubmittedWorkDone();
    return 'made an invalid WebGPU call';
  }
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
