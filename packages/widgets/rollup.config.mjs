// Script-tag bundles of @ihkit/widgets, built from tsc's per-file output in dist/ (run
// `tsc -b packages/widgets` first; `npm run build` in this package does both):
//   dist/ihkit.js          every element, plus createClient — one <script type="module"> for a portal
//   dist/ihkit-booking.js  <ih-provider> and <ih-booking> only, held to the tighter size budget
//   dist/ihkit-video-engine-<hash>.js  the call engine (@ihkit/video with simple-peer), a chunk of
//                          ihkit.js that <ih-video-consult> imports only when a call starts; it is
//                          loaded from next to ihkit.js, so serve the whole dist folder
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

/** Deletes the chunks of earlier builds (`ihkit-*-<hash>.js`) that this build did not write. */
function removeStaleChunks() {
  return {
    name: 'ihkit-remove-stale-chunks',
    writeBundle(options, bundle) {
      if (!options.dir) return;
      for (const name of readdirSync(options.dir)) {
        const chunk = name.replace(/\.map$/, '');
        if (/^ihkit-.+-[\w-]{8}\.js$/.test(chunk) && bundle[chunk]?.type !== 'chunk') rmSync(`${options.dir}/${name}`);
      }
    },
  };
}

/** The video engine's rewrite of simple-peer's UMD build into an ES module (one definition, in packages/video/rollup.config.mjs). */
const simplePeerAsModule = videoConfig.plugins.find((p) => p.name === 'ihkit-simple-peer-as-module');
if (!simplePeerAsModule) throw new Error('packages/video/rollup.config.mjs no longer has the ihkit-simple-peer-as-module plugin');

/** `chunks`: write to dist/ so that dynamic imports become chunks of their own (ihkit-<name>-<hash>.js). */
const bundle = (input, file, { chunks = false } = {}) => ({
  input: here(input),
  // What the engine chunk shares with the elements (the call state machine) stays in ihkit.js,
  // exported to the chunk under a short name, instead of moving into a third file.
  preserveEntrySignatures: 'allow-extension',
  output: chunks
    ? { dir: here('dist'), entryFileNames: file, chunkFileNames: (c) => (/[\\/]packages[\\/]video[\\/]/.test(c.facadeModuleId ?? '') ? 'ihkit-video-engine-[hash].js' : 'ihkit-[name]-[hash].js'), format: 'es', sourcemap: true }
    : { file: here(`dist/${file}`), format: 'es', sourcemap: true },
  // Production Lit (no dev-mode checks), browser builds of every dependency.
  plugins: [
    minifyTemplates(),
    simplePeerAsModule,
    nodeResolve({ browser: true, exportConditions: ['browser', 'production', 'import', 'default'] }),
    terser({ ecma: 2022, module: true, compress: { passes: 3 }, format: { comments: false } }),
    sizeBudget(here('size-budget.json'), 'dist'),
    removeStaleChunks(),
  ],
  onwarn(warning, warn) {
    if (warning.code === 'THIS_IS_UNDEFINED') return;
    warn(warning);
  },
});

export default [bundle('dist/index.js', 'ihkit.js', { chunks: true }), bundle('dist/booking-bundle.js', 'ihkit-booking.js')];
