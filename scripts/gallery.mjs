// `npm run gallery`: runs the widgets' visual test (packages/widgets/test/visual) with
// screenshots on, then writes
//   .gallery/           every state in every combination (size × look × language): an index page
//                       and one page per element, a picture per state — git-ignored, look at it in
//                       a browser (open .gallery/index.html)
//   docs/gallery/       a compact set to commit: each element's main states, phone and desktop,
//                       light, zh-CN, made small with Debian's pngquant, and a markdown index
// The layout checks run as in `npm test`; their failures are printed and the exit code says so,
// but the gallery is written either way (a failure is often easiest to understand in a picture).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureSystem } from './system.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = join(root, '.gallery');
const docs = join(root, 'docs/gallery');

ensureSystem(['chromium', 'fonts-noto-cjk', 'pngquant']);
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

console.log('Running the visual test with screenshots …');
const run = spawnSync(
  process.execPath,
  ['node_modules/@web/test-runner/dist/bin.js', '--config', 'packages/widgets/web-test-runner.config.mjs', '--files', 'packages/widgets/test/visual/visual.test.ts'],
  { cwd: root, stdio: 'inherit', env: { ...process.env, CI: 'true', IH_GALLERY_DIR: out } },
);

const manifest = join(out, 'shots.jsonl');
if (!existsSync(manifest)) {
  console.error('No screenshots were taken.');
  process.exit(run.status || 1);
}
/** @type {{ element: string; state: string; main: boolean; file: string; size: string; look: string; locale: string }[]} */
const shots = readFileSync(manifest, 'utf8').trim().split('\n').map((l) => JSON.parse(l));

const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
const slug = (s) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
const groupBy = (list, key) => list.reduce((m, x) => m.set(key(x), [...(m.get(key(x)) ?? []), x]), new Map());
const page = (title, body) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${esc(title)}</title>
<style>
  body { font: 15px/1.5 system-ui, sans-serif; margin: 1.5em; color: #1c2733; }
  h2 { margin-top: 2em; border-top: 1px solid #d5dde6; padding-top: 1em; }
  .row { display: flex; gap: 1em; align-items: flex-start; overflow-x: auto; padding-bottom: 0.5em; }
  figure { margin: 0; flex: none; }
  figcaption { color: #55606e; font-size: 0.875em; }
  img { display: block; border: 1px solid #d5dde6; max-height: 80vh; }
  .phone img { width: 300px; } .desktop img { width: 640px; }
</style></head><body>${body}</body></html>
`;

// The full gallery: index + one page per element; in a page, a state per section, a row per size.
const byElement = groupBy(shots, (s) => s.element);
for (const [element, list] of byElement) {
  const sections = [...groupBy(list, (s) => s.state)].map(([state, ofState]) => {
    const rows = [...groupBy(ofState, (s) => s.size)].map(([size, ofSize]) => `<h3>${esc(size)}</h3><div class="row ${esc(size)}">${ofSize
      .map((s) => `<figure><a href="${esc(s.file)}"><img src="${esc(s.file)}" alt="${esc(`${state}, ${s.size}, ${s.look}, ${s.locale}`)}" loading="lazy"></a><figcaption>${esc(`${s.look} · ${s.locale}`)}</figcaption></figure>`)
      .join('')}</div>`);
    return `<h2 id="${slug(state)}">${esc(state)}</h2>${rows.join('')}`;
  });
  const toc = [...groupBy(list, (s) => s.state).keys()].map((state) => `<a href="#${slug(state)}">${esc(state)}</a>`).join(' · ');
  writeFileSync(join(out, `${element}.html`), page(`<${element}>`, `<p><a href="index.html">all elements</a></p><h1>&lt;${esc(element)}&gt;</h1><p>${toc}</p>${sections.join('')}`));
}
const index = [...byElement].map(([element, list]) => {
  const states = new Set(list.map((s) => s.state));
  const first = list.find((s) => s.main && s.size === 'phone' && s.look === 'light') ?? list[0];
  return `<figure><a href="${esc(element)}.html"><img src="${esc(first.file)}" alt="" style="width:200px"></a><figcaption><a href="${esc(element)}.html">&lt;${esc(element)}&gt;</a>: ${states.size} states</figcaption></figure>`;
});
writeFileSync(join(out, 'index.html'), page('ihkit gallery', `<h1>ihkit elements: every state</h1><p>${shots.length} screenshots: phone 390×844 and desktop 1280×900, light, dark and the largest text, zh-CN and en.</p><div class="row" style="flex-wrap:wrap">${index.join('')}</div>`));

// The compact set for the repository: main states, phone and desktop, light, zh-CN.
rmSync(docs, { recursive: true, force: true });
mkdirSync(docs, { recursive: true });
const compact = shots.filter((s) => s.main && s.look === 'light' && s.locale === 'zh-CN');
const lines = [
  '# Gallery',
  '',
  'The main states of each element on a phone (390×844) and a desktop (1280×900), light theme, zh-CN,',
  'as the visual test renders them against the mock gateway. `npm run gallery` regenerates these and writes',
  'every state in every combination (dark, the largest text, English) into `.gallery/` (not committed).',
  '',
];
for (const [element, list] of groupBy(compact, (s) => s.element)) {
  lines.push(`## \`<${element}>\``, '');
  for (const [state, ofState] of groupBy(list, (s) => s.state)) {
    lines.push(`### ${state}`, '');
    for (const s of ofState) {
      const file = `${element}/${slug(state)}-${s.size}.png`;
      mkdirSync(dirname(join(docs, file)), { recursive: true });
      const q = spawnSync('pngquant', ['--quality=50-80', '--speed', '1', '--strip', '--force', '--output', join(docs, file), join(out, s.file)], { stdio: 'inherit' });
      if (q.status !== 0 && q.status !== 99) throw new Error(`pngquant failed on ${s.file}`);
      if (q.status === 99) writeFileSync(join(docs, file), readFileSync(join(out, s.file))); // could not be made smaller at that quality
      lines.push(`<img src="${file}" alt="${state}, ${s.size}" width="${s.size === 'phone' ? 260 : 520}">`);
    }
    lines.push('');
  }
}
writeFileSync(join(docs, 'README.md'), `${lines.join('\n').trimEnd()}\n`);

const sizeOf = (dir) => readdirSync(dir).reduce((n, f) => n + (statSync(join(dir, f)).isDirectory() ? sizeOf(join(dir, f)) : statSync(join(dir, f)).size), 0);
console.log(`\nGallery: ${relative(root, join(out, 'index.html'))} (${shots.length} screenshots)`);
console.log(`Committed set: ${relative(root, docs)}/ (${compact.length} pictures, ${Math.round(sizeOf(docs) / 1024)} KiB)`);
if (run.status !== 0) console.log('The visual test failed: see the layout failures above.');
process.exit(run.status ?? 1);
