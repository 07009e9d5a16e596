// The React example, built by scripts/build-examples.mjs into examples/react/dist and served by
// the demo hospital (examples/serve.mjs) at /react/. `npx vite examples/react` serves it with
// hot reload and passes /api on to a demo hospital running at IHKIT_DEMO_URL (default :8080).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/react/',
  plugins: [react()],
  resolve: { dedupe: ['react', 'react-dom'] },
  build: { outDir: 'dist', emptyOutDir: true },
  server: { proxy: { '/api': { target: process.env.IHKIT_DEMO_URL ?? 'http://localhost:8080', ws: true } } },
  logLevel: 'warn',
});
