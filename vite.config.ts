import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { contentSecurityPolicy } from './scripts/contentSecurityPolicy';
import { serveDataFolder } from './scripts/serveDataFolder';

// Cross-origin isolation lets the WASM backend use threads (SharedArrayBuffer) in dev and preview.
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/**
 * The training worker's bundle is minified without the compressor: the threaded WASM backend starts its threads
 * from the TEXT of its emscripten factory (Function.prototype.toString into a blob: script), where the names the
 * factory closes over do not exist. The compressor turns `typeof _scriptDir < "u"` into `e !== void 0` (the
 * variable is declared in the bundle), which throws in the thread. Renaming alone keeps the guard.
 */
function keepTypeofGuards(): Plugin {
  return {
    name: 'keep-typeof-guards-in-worker',
    outputOptions: (options) => (options.minify ? { ...options, minify: { compress: false, mangle: true } } : options),
  };
}

export default defineConfig({
  plugins: [react(), serveDataFolder(fileURLToPath(new URL('./data', import.meta.url))), contentSecurityPolicy()],
  server: { headers: isolationHeaders },
  preview: { headers: isolationHeaders },
  worker: { format: 'es', plugins: () => [keepTypeofGuards()] },
  build: { target: 'es2022', chunkSizeWarningLimit: 4000 },
});
