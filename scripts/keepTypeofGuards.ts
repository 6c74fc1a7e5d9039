import type { Plugin } from 'vite';

/**
 * Minifies without the compressor, for bundles that carry TF.js's threaded WASM backend (the training worker's;
 * the bench page's): the backend starts its threads from the TEXT of its emscripten factory
 * (Function.prototype.toString into a blob: script), where the names the factory closes over do not exist. The
 * compressor turns `typeof _scriptDir < "u"` into `e !== void 0` (the variable is declared in the bundle), which
 * throws in the thread ("e is not defined") and the backend never starts. Renaming alone keeps the guard.
 */
export function keepTypeofGuards(): Plugin {
  return {
    name: 'keep-typeof-guards',
    outputOptions: (options) => (options.minify ? { ...options, minify: { compress: false, mangle: true } } : options),
  };
}
