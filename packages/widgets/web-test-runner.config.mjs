// web-test-runner for @ihkit/widgets: real Chromium (Debian's), TypeScript through esbuild, the
// API mocked in the page by msw's service worker. Run from the repo root:
//   npx wtr --config packages/widgets/web-test-runner.config.mjs
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { relative } from 'node:path';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { screenshotPlugin } from './test/visual/screenshot-plugin.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const fromCwd = (p) => relative(process.cwd(), here(p)) || '.';

/** msw registers its worker at /mockServiceWorker.js; serve it from node_modules. */
function mockServiceWorker() {
  const file = `${root}node_modules/msw/lib/mockServiceWorker.js`;
  return async (ctx, next) => {
    if (ctx.path !== '/mockServiceWorker.js') return next();
    ctx.type = 'application/javascript';
    ctx.set('Service-Worker-Allowed', '/');
    ctx.body = readFileSync(file, 'utf8');
  };
}

export default {
  rootDir: root,
  files: [`${fromCwd('src')}/**/*.test.ts`, `${fromCwd('test')}/**/*.test.ts`],
  nodeResolve: true,
  concurrency: 4,
  testsFinishTimeout: 600_000,
  testFramework: { config: { timeout: 15000 } },
  browsers: [
    playwrightLauncher({
      product: 'chromium',
      launchOptions: {
        executablePath: '/usr/bin/chromium',
        // Fake camera and microphone without a permission prompt, for <ih-video-consult>.
        args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream'],
      },
    }),
  ],
  middleware: [mockServiceWorker()],
  // The visual test's screenshots, saved only when `npm run gallery` names a directory.
  plugins: [esbuildPlugin({ ts: true, tsconfig: here('tsconfig.json') }), screenshotPlugin(process.env.IH_GALLERY_DIR)],
};
