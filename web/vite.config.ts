import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The console is served by the Gatehouse server at `/`; in `vite dev`, API calls go to a local server.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 500 },
  server: { proxy: { '/v1': 'http://localhost:8080', '/openapi.json': 'http://localhost:8080' } },
});
