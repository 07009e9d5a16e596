// `npm run docs`: writes the API reference, checked in under docs/api/:
//   http.md     — from the contract, packages/core/openapi.yaml (each error code's status and
//                 title from the gateway's problem table, packages/gateway/src/problems.ts)
//   elements.md — from the widgets' custom-elements manifest, packages/widgets/dist/custom-elements.json
//                 (made by the build); skipped, with a message, while there is none.
// The output depends on nothing but those files: no dates, stable order, so a contract change
// without regenerated docs shows as a diff (packages/core/test/api-docs.test.ts fails on it).
// Options: --out DIR, --contract FILE, --problems FILE, --manifest FILE (paths from the repository root).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parse } from 'yaml';
import { httpReference } from './api-docs/http.mjs';
import { elementsReference } from './api-docs/elements.mjs';
import { readProblemTable } from './api-docs/problems.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

const { values: options } = parseArgs({
  options: {
    out: { type: 'string', default: 'docs/api' },
    contract: { type: 'string', default: 'packages/core/openapi.yaml' },
    problems: { type: 'string', default: 'packages/gateway/src/problems.ts' },
    manifest: { type: 'string', default: 'packages/widgets/dist/custom-elements.json' },
  },
});

const path = (p) => resolve(root, p);
/** How a file is named in the generated header: from the repository root, with forward slashes. */
const shown = (p) => relative(root, path(p)).split('\\').join('/');
const out = path(options.out);
mkdirSync(out, { recursive: true });

function write(name, text) {
  const file = join(out, name);
  writeFileSync(file, text);
  const fromRoot = relative(root, file);
  console.log(`wrote ${fromRoot.startsWith('..') ? file : fromRoot} (${Buffer.byteLength(text)} bytes)`);
}

const contract = parse(readFileSync(path(options.contract), 'utf8'));
const problems = existsSync(path(options.problems)) ? readProblemTable(path(options.problems)) : new Map();
if (!problems.size) console.log(`note: no problem table at ${shown(options.problems)}; error codes are listed without status or title`);
write('http.md', httpReference(contract, { problems, source: shown(options.contract), problemsSource: shown(options.problems) }));

if (existsSync(path(options.manifest))) {
  const manifest = JSON.parse(readFileSync(path(options.manifest), 'utf8'));
  write('elements.md', elementsReference(manifest, { source: shown(options.manifest) }));
} else {
  console.log(`skipped elements.md: no custom-elements manifest at ${shown(options.manifest)} (it comes from building the widgets)`);
}
