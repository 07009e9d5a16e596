// Script-tag bundle of @ihkit/video, built from tsc's output in dist/ (`npm run build` at the
// root does both): dist/ihkit-video.js holds the call state machine, the loopback signaling and
// MeshTransport with simple-peer's self-contained browser build inlined — no Node polyfills and
// no bundler needed on the host page. Minified with terser; prints the min+gzip size and fails
// when it exceeds size-budget.json (the same check as the widgets' bundles).
import { fileURLToPath } from 'node:url';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { sizeBudget } from '../../scripts/size-budget.mjs';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));

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
    sizeBudget(here('size-budget.json'), 'packages/video/dist'),
  ],
  onwarn(warning, warn) {
    if (warning.code === 'THIS_IS_UNDEFINED') return;
    warn(warning);
  },
};
