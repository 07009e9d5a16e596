// What a host page downloads: min+gzip (and brotli) of the widget bundles, against budgets.
import { readFileSync } from 'node:fs';
import { gzipSync, brotliCompressSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const dist = (f) => fileURLToPath(new URL(`../packages/widgets/dist/${f}`, import.meta.url));
/** What each budget of size-budget.json counted in the last build (written by scripts/size-budget.mjs). */
const pages = JSON.parse(readFileSync(dist('size-report.json'), 'utf8'));

export function sizeReport() {
  const rows = [];
  for (const [file, { budgetKb, files }] of Object.entries(pages)) {
    const srcs = files.map((f) => readFileSync(dist(f)));
    const sum = (f) => srcs.reduce((n, src) => n + f(src), 0);
    const gz = sum((src) => gzipSync(src, { level: 9 }).length);
    const br = sum((src) => brotliCompressSync(src).length);
    rows.push({ file, minKb: sum((src) => src.length) / 1024, gzipKb: gz / 1024, brotliKb: br / 1024, budgetKb, ofBudget: gz / 1024 / budgetKb });
  }
  return rows;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log('bundle sizes (what a host page loads)');
  for (const r of sizeReport()) {
    console.log(`  ${r.file.padEnd(40)} min ${r.minKb.toFixed(1).padStart(6)} KB  gzip ${r.gzipKb.toFixed(1).padStart(5)} KB  brotli ${r.brotliKb.toFixed(1).padStart(5)} KB  budget ${r.budgetKb} KB (${(r.ofBudget * 100).toFixed(0)}% used)`);
  }
}
