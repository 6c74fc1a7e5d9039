import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { contentSecurityPolicy } from './scripts/contentSecurityPolicy';
import { keepTypeofGuards } from './scripts/keepTypeofGuards';
import { serveDataFolder } from './scripts/serveDataFolder';

// Cross-origin isolation lets the WASM backend use threads (SharedArrayBuffer) in dev and preview.
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  plugins: [react(), serveDataFolder(fileURLToPath(new URL('./data', import.meta.url))), contentSecurityPolicy()],
  server: { headers: isolationHeaders },
  preview: { headers: isolationHeaders },
  // The training worker runs the threaded WASM backend (the page does not).
  worker: { format: 'es', plugins: () => [keepTypeofGuards()] },
  build: { target: 'es2022', chunkSizeWarningLimit: 4000 },
});
