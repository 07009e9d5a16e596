// The Vue example, built by scripts/build-examples.mjs into examples/vue/dist and served by the
// demo hospital (examples/serve.mjs) at /vue/. `npx vite examples/vue` serves it with hot reload
// and passes /api on to a demo hospital running at IHKIT_DEMO_URL (default :8080).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/vue/',
  // ihkit's tags are custom elements, not Vue components: Vue leaves them to the browser.
  plugins: [vue({ template: { compilerOptions: { isCustomElement: (tag) => tag.startsWith('ih-') } } })],
  build: { outDir: 'dist', emptyOutDir: true },
  server: { proxy: { '/api': { target: process.env.IHKIT_DEMO_URL ?? 'http://localhost:8080', ws: true } } },
  logLevel: 'warn',
});
