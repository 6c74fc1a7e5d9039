import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { contentSecurityPolicy } from './scripts/contentSecurityPolicy';
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
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 4000 },
});
