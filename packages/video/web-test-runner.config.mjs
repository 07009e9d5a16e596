// web-test-runner for @ihkit/video: real WebRTC between MeshTransports in one page of Debian's
// Chromium, with fake camera and microphone (no permission prompt) and host ICE candidates
// shown as raw addresses (no mDNS), so peers connect on this machine with no STUN/TURN.
// A real Janus (scripts/janus.mjs) runs for the run's length for JanusTransport's tests, which
// read its URL and VideoRoom admin key from /__janus (standing in for the gateway that creates
// rooms).
// Run from the repo root:
//   npx wtr --config packages/video/web-test-runner.config.mjs
import { fileURLToPath } from 'node:url';
import { relative } from 'node:path';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { startJanus } from '../../scripts/janus.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const fromCwd = (p) => relative(process.cwd(), here(p)) || '.';

export default {
  rootDir: root,
  files: [`${fromCwd('src')}/**/*.browser.test.ts`],
  nodeResolve: true,
  concurrency: 1,
  testFramework: { config: { timeout: 30000 } },
  browsers: [
    playwrightLauncher({
      product: 'chromium',
      launchOptions: {
        executablePath: '/usr/bin/chromium',
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--use-fake-ui-for-media-stream',
          '--use-fake-device-for-media-stream',
          '--disable-features=WebRtcHideLocalIpsWithMdns',
        ],
      },
    }),
  ],
  plugins: [esbuildPlugin({ ts: true, tsconfig: here('tsconfig.json') }), janusServer()],
};

/** Starts Janus with the test server and answers /__janus with where it is. */
function janusServer() {
  let janus;
  return {
    name: 'ihkit-janus',
    async serverStart() {
      janus = await startJanus();
    },
    async serverStop() {
      await janus?.stop();
    },
    serve(context) {
      if (context.path === '/__janus') return { body: JSON.stringify({ url: janus.url, adminKey: janus.adminKey }), type: 'json' };
    },
  };
}
