// The size check of every script-tag bundle: a rollup plugin that prints each emitted chunk's
// min and min+gzip size and fails the build when one exceeds its entry in the package's
// size-budget.json (file name → KB of min+gzip).
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

/** `budgetFile`: the package's size-budget.json; `label`: how its dist/ is named in the output. */
export function sizeBudget(budgetFile, label = 'dist') {
  const budgets = JSON.parse(readFileSync(budgetFile, 'utf8'));
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
        console.log(`size: ${label}/${file} ${kb(raw)} min, ${kb(gz)} min+gzip${verdict}`);
        if (budget !== undefined && gz > budget * 1024) this.error(`${label}/${file} is ${kb(gz)} min+gzip, over its budget of ${budget} KB (size-budget.json)`);
      }
    },
  };
}
