// The size check of every script-tag bundle: a rollup plugin that prints each emitted chunk's
// min and min+gzip size and fails the build when one exceeds its entry in the package's
// size-budget.json (file name → KB of min+gzip; a name with `*` budgets the sum of the chunks it
// matches, e.g. everything a page loads to start a video call).
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

/** `budgetFile`: the package's size-budget.json; `label`: how its dist/ is named in the output. */
export function sizeBudget(budgetFile, label = 'dist') {
  const budgets = JSON.parse(readFileSync(budgetFile, 'utf8'));
  return {
    name: 'ihkit-size-budget',
    generateBundle(_options, bundle) {
      const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
      const check = (name, gz, budget) => {
        if (budget !== undefined && gz > budget * 1024) this.error(`${label}/${name} is ${kb(gz)} min+gzip, over its budget of ${budget} KB (size-budget.json)`);
      };
      const verdict = (gz, budget) => (budget === undefined ? '' : gz <= budget * 1024 ? ` (budget ${budget} KB: ok)` : ` (budget ${budget} KB: EXCEEDED)`);
      const groups = Object.keys(budgets).filter((k) => k.includes('*'));
      const sums = new Map(groups.map((g) => [g, 0]));
      for (const [file, chunk] of Object.entries(bundle)) {
        if (chunk.type !== 'chunk') continue;
        const raw = Buffer.byteLength(chunk.code);
        const gz = gzipSync(chunk.code, { level: 9 }).length;
        const budget = budgets[file];
        console.log(`size: ${label}/${file} ${kb(raw)} min, ${kb(gz)} min+gzip${verdict(gz, budget)}`);
        check(file, gz, budget);
        for (const g of groups) if (globMatch(g, file)) sums.set(g, sums.get(g) + gz);
      }
      for (const [g, gz] of sums) {
        if (!gz) continue;
        console.log(`size: ${label}/${g} together ${kb(gz)} min+gzip${verdict(gz, budgets[g])}`);
        check(`${g} (together)`, gz, budgets[g]);
      }
    },
  };
}

/** `ihkit-video-*.js` matches `ihkit-video-engine-AbC123.js`; only `*` is special. */
export function globMatch(glob, name) {
  const pattern = glob.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*');
  return new RegExp(`^${pattern}$`).test(name);
}
