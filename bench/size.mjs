// What a host page downloads: min+gzip (and brotli) of the widget bundles, against budgets.
import { readFileSync, existsSync } from 'node:fs';
import { gzipSync, brotliCompressSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const dist = (f) => fileURLToPath(new URL(`../packages/widgets/dist/${f}`, import.meta.url));
const budgets = JSON.parse(readFileSync(fileURLToPath(new URL('../packages/widgets/size-budget.json', import.meta.url)), 'utf8'));

export function sizeReport() {
  const rows = [];
  for (const [file, budgetKb] of Object.entries(budgets.files ?? budgets)) {
    if (!existsSync(dist(file))) continue;
    const src = readFileSync(dist(file));
    const gz = gzipSync(src, { level: 9 }).length;
    const br = brotliCompressSync(src).length;
    rows.push({ file, minKb: src.length / 1024, gzipKb: gz / 1024, brotliKb: br / 1024, budgetKb, ofBudget: gz / 1024 / budgetKb });
  }
  return rows;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log('bundle sizes (what a host page loads)');
  for (const r of sizeReport()) {
    console.log(`  ${r.file.padEnd(22)} min ${r.minKb.toFixed(1).padStart(6)} KB  gzip ${r.gzipKb.toFixed(1).padStart(5)} KB  brotli ${r.brotliKb.toFixed(1).padStart(5)} KB  budget ${r.budgetKb} KB (${(r.ofBudget * 100).toFixed(0)}% used)`);
  }
}
