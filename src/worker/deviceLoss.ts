/** Noticing that the GPU device under the WebGPU backend was lost (driver reset, GPU removed, out of memory). */
import * as tf from '@tensorflow/tfjs';
import type { BackendInfo } from '../core/backend';

interface LostDevice {
  lost: Promise<{ message?: string; reason?: string }>;
}

/** Calls `lost` with the browser's reason if the WebGPU device of the running backend is lost. */
export function watchDeviceLoss(info: BackendInfo, lost: (reason: string) => void): void {
  if (info.name !== 'webgpu') return;
  const device = (tf.backend() as unknown as { device?: LostDevice }).device;
  void device?.lost.then((loss) => lost(loss.message || `the GPU device was lost (${loss.reason ?? 'no reason given'})`));
}
