/**
 * WebGPU in Node: Dawn (the WebGPU implementation Chromium is built on), from the `webgpu` npm package's native
 * addon `dawn.node`. The bench loads it from a path (`--dawn PATH`) rather than as a dependency: it is a 21 MB
 * binary that only a machine with a GPU needs. TF.js's WebGPU backend registers itself only where
 * `navigator.gpu` exists when it is imported, so this runs before the backend starts.
 */
import { createRequire } from 'node:module';

interface DawnAddon {
  create(flags: string[]): unknown;
  globals: Record<string, unknown>;
}

export function installDawn(addonPath: string): void {
  const require = createRequire(import.meta.url);
  const dawn = require(addonPath) as DawnAddon;
  // The GPU* classes (GPUBufferUsage, GPUShaderStage, …) that the backend reads as globals.
  Object.assign(globalThis, dawn.globals);
  const gpu = dawn.create([]);
  const scope = globalThis as { navigator?: object };
  // Node 20 has no navigator; Node 21+ has one without gpu (and keeps its other fields).
  if (scope.navigator) Object.defineProperty(scope.navigator, 'gpu', { value: gpu, configurable: true });
  else Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true, writable: true });
}
