// Script-tag bundle of @ihkit/video, built from tsc's output in dist/ (`npm run build` at the
// root does both): dist/ihkit-video.js holds the call state machine, the loopback signaling and
// MeshTransport with simple-peer's self-contained browser build inlined — no Node polyfills and
// no bundler needed on the host page. Minified with terser; prints the min+gzip size and fails
// when it exceeds size-budget.json (the same check as the widgets' bundles).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const budgets = JSON.parse(readFileSync(here('size-budget.json'), 'utf8'));

/** Reports the gzip size of each emitted chunk and fails the build over budget. */
function sizeBudget() {
  return {
    name: 'ihkit-size-budget',
    generateBundle(_options, bundle) {
      for (const [file, chunk] of Object.entries(bundle)) {
        if (chunk.type !== 'chunk') continue;
        const raw = Buffer.byteLength(chunk.code);
        const gz = gzipSync(chunk.code, { level: 9 }).length;
        const budget = budgets[file];
        const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
        const verdict = budget === undefined ? '' : gz <= budget * 1024 ? ` (budget ${budget} KB: ok)` : ` (budget ${budget} KB: EXCEEDED)`;
        console.log(`size: packages/video/dist/${file} ${kb(raw)} min, ${kb(gz)} min+gzip${verdict}`);
        if (budget !== undefined && gz > budget * 1024) this.error(`dist/${file} is ${kb(gz)} min+gzip, over its budget of ${budget} KB (size-budget.json)`);
      }
    },
  };
}

/**
 * simplepeer.min.js is a browserify UMD build: loaded as a module it sets `window.SimplePeer`,
 * and on a page with an AMD loader (RequireJS) it calls define() instead and sets nothing. In the
 * bundle its UMD header becomes an ES default export, which mesh-transport reads first: no global
 * and no dependence on what else is on the host page.
 */
function simplePeerAsModule() {
  const header = '(function(e){if("object"==typeof exports&&"undefined"!=typeof module)module.exports=e();';
  return {
    name: 'ihkit-simple-peer-as-module',
    transform(code, id) {
      if (!id.replace(/\\/g, '/').endsWith('/simple-peer/simplepeer.min.js')) return null;
      const end = code.indexOf('})(function(){');
      if (!code.startsWith(header) || end < 0) this.error('simplepeer.min.js no longer starts with the UMD header this plugin rewrites');
      return { code: `export default (function(e){return e()})${code.slice(end + 2)}`, map: null };
    },
  };
}

export default {
  input: here('dist/index.js'),
  output: { file: here('dist/ihkit-video.js'), format: 'es', sourcemap: true },
  plugins: [
    simplePeerAsModule(),
    nodeResolve({ browser: true, exportConditions: ['browser', 'production', 'import', 'default'] }),
    terser({ ecma: 2022, module: true, compress: { passes: 3 }, format: { comments: false } }),
    sizeBudget(),
  ],
  onwarn(warning, warn) {
    if (warning.code === 'THIS_IS_UNDEFINED') return;
    warn(warning);
  },
};
