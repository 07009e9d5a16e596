// Script-tag bundles of @ihkit/widgets, built from tsc's per-file output in dist/ (run
// `tsc -b packages/widgets` first; `npm run build` in this package does both):
//   dist/ihkit.js          every element, plus createClient — one <script type="module"> for a portal;
//                          the heavy and the staff elements are chunks of it (ihkit-reports-<hash>.js,
//                          ihkit-doctor-desk-<hash>.js …) loaded once a page uses them, and the call
//                          engine (ihkit-video-engine-<hash>.js) once a call starts
//   dist/ihkit-booking.js  <ih-provider> and <ih-booking> only, held to the tighter size budget
//   dist/ihkit-<locale>-<hash>.js, dist/ihkit-booking-<locale>-<hash>.js  the zh-CN, en and zh-TW
//                          strings, fetched when a page shows that language (ihkit-elder-<locale>-<hash>.js:
//                          elder mode's plainer wording, fetched only in elder mode)
// Chunks load from next to their entry, so serve the whole dist folder.
// lit, @lit/context, ky and @ihkit/core are inlined; the output is minified with terser.
// Prints each bundle's min+gzip size and fails when one exceeds size-budget.json.
import { readdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { sizeBudget } from '../../scripts/size-budget.mjs';
import videoConfig from '../video/rollup.config.mjs';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));

/**
 * Collapses the whitespace inside our own css`` / html`` / svg`` templates (terser leaves
 * template text alone). CSS: comments dropped, spaces around { } ; , and after : removed.
 * HTML: a line break between two tags is dropped, any other run of whitespace with a line break
 * becomes one space (the templates are written so that this renders the same).
 */
function minifyTemplates() {
  const ours = here('dist/');
  const minifyCss = (t) =>
    t
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/\s+/g, ' ')
      .replace(/\s*([{};,])\s*/g, '$1')
      .replace(/:\s+/g, ':')
      .replace(/;}/g, '}');
  const minifyHtml = (t) => t.replace(/>\s*\n\s*</g, '><').replace(/\s*\n\s*/g, ' ');
  const walk = (node, visit) => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach((n) => walk(n, visit));
    if (typeof node.type === 'string') visit(node);
    for (const key of Object.keys(node)) if (key !== 'type' && typeof node[key] === 'object') walk(node[key], visit);
  };
  return {
    name: 'ihkit-minify-templates',
    transform(code, id) {
      if (!id.startsWith(ours)) return null;
      const edits = [];
      walk(this.parse(code), (n) => {
        if (n.type !== 'TaggedTemplateExpression' || n.tag.type !== 'Identifier') return;
        const fn = n.tag.name === 'css' ? minifyCss : n.tag.name === 'html' || n.tag.name === 'svg' ? minifyHtml : undefined;
        if (!fn) return;
        for (const q of n.quasi.quasis) edits.push([q.start, q.end, fn(code.slice(q.start, q.end))]);
      });
      if (!edits.length) return null;
      edits.sort((a, b) => b[0] - a[0]);
      let out = code;
      for (const [s, e, text] of edits) out = out.slice(0, s) + text + out.slice(e);
      return { code: out, map: null };
    },
  };
}

/** Deletes the chunks of earlier builds (`ihkit-*-<hash>.js`) and their size report before the first bundle is written. */
function removeOldChunks() {
  return {
    name: 'ihkit-remove-old-chunks',
    buildStart() {
      for (const name of readdirSync(here('dist'))) {
        if (/^ihkit-.+-[\w-]{8}\.js(\.map)?$/.test(name) || name === 'size-report.json') rmSync(here(`dist/${name}`));
      }
    },
  };
}

/** The video engine's rewrite of simple-peer's UMD build into an ES module (one definition, in packages/video/rollup.config.mjs). */
const simplePeerAsModule = videoConfig.plugins.find((p) => p.name === 'ihkit-simple-peer-as-module');
if (!simplePeerAsModule) throw new Error('packages/video/rollup.config.mjs no longer has the ihkit-simple-peer-as-module plugin');

/**
 * Dynamic imports become chunks next to the entry, named after it: `ihkit-reports-<hash>.js`,
 * `ihkit-booking-en-<hash>.js` (the booking bundle's English strings).
 */
const bundle = (input, file, first = false) => ({
  input: here(input),
  // What the engine chunk shares with the elements (the call state machine) stays in ihkit.js,
  // exported to the chunk under a short name, instead of moving into a third file.
  preserveEntrySignatures: 'allow-extension',
  output: {
    dir: here('dist'),
    entryFileNames: file,
    chunkFileNames: (c) => (/[\\/]packages[\\/]video[\\/]/.test(c.facadeModuleId ?? '') ? 'ihkit-video-engine-[hash].js' : `${file.replace(/\.js$/, '')}-[name]-[hash].js`),
    format: 'es',
    sourcemap: true,
  },
  // Production Lit (no dev-mode checks), browser builds of every dependency.
  plugins: [
    minifyTemplates(),
    simplePeerAsModule,
    nodeResolve({ browser: true, exportConditions: ['browser', 'production', 'import', 'default'] }),
    terser({ ecma: 2022, module: true, compress: { passes: 3 }, format: { comments: false } }),
    sizeBudget(here('size-budget.json'), 'dist'),
    ...(first ? [removeOldChunks()] : []),
  ],
  onwarn(warning, warn) {
    if (warning.code === 'THIS_IS_UNDEFINED') return;
    warn(warning);
  },
});

export default [bundle('dist/index.js', 'ihkit.js', true), bundle('dist/booking-bundle.js', 'ihkit-booking.js')];
