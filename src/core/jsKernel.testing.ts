/** The tests of this project's kernels for the CPU backends (jsKernel.ts): each runs on both, then leaves the CPU backend on. */
import { afterAll, describe } from 'vitest';
import { initBackend } from './backend';
import { JS_KERNEL_BACKENDS, type JsKernelBackend } from './jsKernel';

/** describe.each over the backends the JavaScript kernels run on; each test starts its backend with initBackend. */
export function describeOnKernelBackends(title: string, body: (backend: JsKernelBackend) => void): void {
  describe.each(JS_KERNEL_BACKENDS)(title, (backend) => {
    afterAll(async () => {
      await initBackend('cpu');
    });
    body(backend);
  });
}
