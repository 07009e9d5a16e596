// The size check of every script-tag bundle: a rollup plugin that prints each emitted chunk's
// min and min+gzip size and fails the build when a budget in the package's size-budget.json is
// exceeded. A budget's key lists what one page loads, as file names or globs separated by
// spaces (`ihkit.js ihkit-reports-*.js`, or `ihkit-video-*.js`: every chunk of a video call);
// its value is the KB (1024 bytes) of min+gzip that all of them, and the chunks they import,
// may take together (the entry they import is not counted unless listed: `ihkit-video-*.js` is what a call adds). Every
// language's strings are chunks of their own (`ihkit-zh-CN-<hash>.js`, `ihkit-en-<hash>.js`): a
// budget of a whole page in one language lists its chunk (`ihkit.js … ihkit-en-*.js`); for a budget
// that holds an entry and no language, the output also shows the total with its largest one.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** The locales' main tables, each a chunk (their module names: locales/zh-CN.ts, locales/en.ts, locales/zh-TW.ts). */
const LOCALE_CHUNKS = new Set(['zh-CN', 'en', 'zh-TW']);

/** `budgetFile`: the package's size-budget.json; `label`: how its dist/ is named in the output. */
export function sizeBudget(budgetFile, label = 'dist') {
  const budgets = Object.entries(JSON.parse(readFileSync(budgetFile, 'utf8'))).filter(([k]) => !k.startsWith('$'));
  return {
    name: 'ihkit-size-budget',
    generateBundle(options, bundle) {
      const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
      const sizes = new Map();
      for (const [file, chunk] of Object.entries(bundle)) {
        if (chunk.type !== 'chunk') continue;
        const gz = gzipSync(chunk.code, { level: 9 }).length;
        sizes.set(file, gz);
        console.log(`size: ${label}/${file} ${kb(Buffer.byteLength(chunk.code))} min, ${kb(gz)} min+gzip`);
      }
      const chunks = Object.values(bundle).filter((c) => c.type === 'chunk');
      const pages = {};
      const largestLocale = chunks.filter((c) => LOCALE_CHUNKS.has(c.name)).sort((a, b) => sizes.get(b.fileName) - sizes.get(a.fileName))[0];
      for (const [key, budget] of budgets) {
        const globs = key.split(/\s+/);
        const files = new Set(chunks.filter((c) => globs.some((g) => globMatch(g, c.fileName))).map((c) => c.fileName));
        if (!files.size) continue; // a budget of the other bundle
        for (const f of files) for (const i of bundle[f].imports) if (!bundle[i].isEntry) files.add(i); // transitive; an entry is on the page already
        const gz = [...files].reduce((sum, f) => sum + sizes.get(f), 0);
        const ok = gz <= budget * 1024;
        const what = files.size > 1 ? ` (${[...files].join(' + ')})` : '';
        const withLocale = largestLocale && [...files].some((f) => bundle[f].isEntry) && ![...files].some((f) => LOCALE_CHUNKS.has(bundle[f].name)) ? `; with ${largestLocale.fileName} ${kb(gz + sizes.get(largestLocale.fileName))}` : '';
        console.log(`size: budget "${key}": ${kb(gz)} min+gzip of ${budget} KB${what}: ${ok ? 'ok' : 'EXCEEDED'}${withLocale}`);
        if (!ok) this.error(`${label}: "${key}" is ${kb(gz)} min+gzip${what}, over its budget of ${budget} KB (size-budget.json)`);
        pages[key] = { budgetKb: budget, files: [...files] };
      }
      // What each budget counted, for `npm run bench` (bench/size.mjs); the bundles of one package share the file.
      if (options.dir) {
        const file = join(options.dir, 'size-report.json');
        const earlier = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
        writeFileSync(file, JSON.stringify({ ...earlier, ...pages }, null, 1));
      }
    },
  };
}

/** `ihkit-video-*.js` matches `ihkit-video-engine-AbC123.js`; only `*` is special. */
export function globMatch(glob, name) {
  const pattern = glob.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*');
  return new RegExp(`^${pattern}$`).test(name);
}
