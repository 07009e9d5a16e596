// The API reference under docs/api/ (scripts/api-docs.mjs, `npm run docs`): checked in, so it
// must match the contract; it must cover every operation; and the elements reference must
// carry what a custom-elements manifest says about each element.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { httpReference } from '../../../scripts/api-docs/http.mjs';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));
const manifest = join(root, 'packages/widgets/dist/custom-elements.json');
const METHODS = ['get', 'put', 'post', 'patch', 'delete'];

type Schema = { $ref?: string; properties?: Record<string, unknown> };
type Parameter = { $ref?: string; name: string; in: string };
type Operation = { operationId: string; 'x-ihkit-roles'?: string[]; parameters?: Parameter[]; requestBody?: { content?: Record<string, { schema?: Schema }> }; responses?: Record<string, unknown> };
type Contract = { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, { enum?: string[] }> } };

/** Runs `npm run docs`'s script into a fresh directory; answers the directory and what it printed. */
function generate(...args: string[]) {
  const out = mkdtempSync(join(tmpdir(), 'ihkit-api-docs-'));
  const log = execFileSync(process.execPath, [join(root, 'scripts/api-docs.mjs'), '--out', out, ...args], { cwd: root, encoding: 'utf8' });
  return { out, log };
}

let fresh: { out: string; log: string } | undefined;
const generated = () => (fresh ??= generate());

/** From `heading` to the next heading of its level or above. */
function section(md: string, heading: string): string {
  const level = heading.indexOf(' ');
  const lines = md.split('\n');
  const start = lines.indexOf(heading);
  assert.ok(start >= 0, `no heading "${heading}"`);
  const end = lines.findIndex((l, i) => i > start && new RegExp(`^#{1,${level}} `).test(l));
  return lines.slice(start, end < 0 ? undefined : end).join('\n');
}

/** The rows of the table under a bold label such as **CSS parts**. */
function tableUnder(md: string, label: string): string[] {
  const lines = md.split('\n');
  const start = lines.indexOf(label);
  assert.ok(start >= 0, `no "${label}"`);
  const rows = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(line);
  }
  return rows.slice(2);
}

function stale(file: string, freshText: string): string {
  const committed = existsSync(join(root, file)) ? readFileSync(join(root, file), 'utf8') : '';
  if (committed === freshText) return '';
  const a = committed.split('\n');
  const b = freshText.split('\n');
  const line = a.findIndex((l, i) => l !== b[i]);
  return `${file} is stale (first difference at line ${(line < 0 ? a.length : line) + 1}: ${JSON.stringify(b[line < 0 ? a.length : line] ?? '')}): run \`npm run docs\` and commit the result`;
}

const ref = <T>(contract: unknown, node: T & { $ref?: string }): T =>
  node.$ref ? (node.$ref.slice(2).split('/').reduce((o: any, k) => o[k], contract) as T) : node;

test('docs/api/http.md is what `npm run docs` makes of the contract now', () => {
  const message = stale('docs/api/http.md', readFileSync(join(generated().out, 'http.md'), 'utf8'));
  assert.ok(!message, message);
});

test("docs/api/elements.md is what `npm run docs` makes of the widgets' manifest now", { skip: !existsSync(manifest) && 'no packages/widgets/dist/custom-elements.json yet' }, () => {
  const message = stale('docs/api/elements.md', readFileSync(join(generated().out, 'elements.md'), 'utf8'));
  assert.ok(!message, message);
});

test('every operation of the contract has its section: id, auth, parameters, body fields, responses; every schema and error code is listed', () => {
  const text = readFileSync(join(root, 'packages/core/openapi.yaml'), 'utf8');
  const contract = parse(text) as Contract;
  const md = readFileSync(join(generated().out, 'http.md'), 'utf8');
  const toc = section(md, '## Contents');
  let operations = 0;
  for (const [path, item] of Object.entries(contract.paths)) {
    for (const method of METHODS.filter((m) => item[m])) {
      const op = item[method]!;
      operations++;
      const heading = `${method.toUpperCase()} ${path}`;
      const s = section(md, `### \`${heading}\``);
      assert.ok(toc.includes(`[\`${heading}\`](#`), `${heading} in the contents`);
      assert.match(s, new RegExp(`^Operation \`${op.operationId}\` · \\*(public|signed in)\\*`, 'm'), heading);
      const roles = op['x-ihkit-roles'];
      if (roles) assert.match(s, new RegExp(`^Operation .* · Roles: ${roles.map((r) => `\`${r}\``).join(', ')}(?: · .*)?$`, 'm'), `${heading}: who may call it`);
      for (const p of (op.parameters ?? []).map((p) => ref(contract, p))) assert.ok(s.includes(`| \`${p.name}\` | ${p.in} |`), `${heading}: parameter ${p.name}`);
      const body = op.requestBody?.content?.['application/json']?.schema;
      for (const field of Object.keys((body && ref(contract, body).properties) ?? {})) assert.ok(s.includes(`| \`${field}\` |`), `${heading}: body field ${field}`);
      for (const status of Object.keys(op.responses ?? {})) assert.ok(s.includes(`| \`${status}\` |`), `${heading}: response ${status}`);
    }
  }
  assert.equal(operations, [...text.matchAll(/^\s+operationId: \w+$/gm)].length, 'as many sections as operationIds in the contract');
  for (const name of Object.keys(contract.components.schemas)) section(md, `### ${name}`);
  const codes = section(md, '## Error codes');
  for (const code of contract.components.schemas.ErrorCode!.enum!) {
    assert.match(codes, new RegExp(`^\\| \`${code}\` \\| [45]\\d\\d \\| [^|]+ \\| [^|]+ \\|$`, 'm'), `${code} with its status and titles from the gateway's table`);
  }
  const login = section(md, '### `POST /sessions`');
  assert.match(login, /\*public\*/);
  assert.match(login, /^\| `username` \| string \| yes \| 1–64 characters\. \|$/m);
  assert.match(section(md, '### `POST /consults`'), /^\| `422` \| Unprocessable Content, including `FIRST_VISIT_NOT_ALLOWED` \|/m);
});

test('no text of the contract is cut short by YAML: no key without a value (an unquoted comma in a `{ … }` mapping makes one)', () => {
  const contract = parse(readFileSync(join(root, 'packages/core/openapi.yaml'), 'utf8'));
  const stray: string[] = [];
  const walk = (node: unknown, at: string) => {
    if (!node || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if (value === null && !Array.isArray(node) && !['default', 'const', 'example'].includes(key)) stray.push(`${at}/${key}`);
      walk(value, `${at}/${key}`);
    }
  };
  walk(contract, '#');
  assert.deepEqual(stray, [], 'quote these descriptions in packages/core/openapi.yaml');
});

test('the elements reference lists each element of a manifest with its attributes, events, slots, parts and custom properties', () => {
  const { out } = generate('--manifest', join(fixtures, 'custom-elements.json'));
  const md = readFileSync(join(out, 'elements.md'), 'utf8');
  const headings = md.split('\n').filter((l) => l.startsWith('## '));
  assert.deepEqual(headings, ['## Contents', '## Theme tokens', '## `<ih-demo-card>`', '## `<ih-demo-list>`'], 'tagged elements only, by tag; the base class without a tag is left out');

  const card = section(md, '## `<ih-demo-card>`');
  assert.match(card, /the tag is defined in `src\/demo-card\/demo-card\.ts`/);
  assert.match(card, /^\| `locale` \| `locale` \| `'zh-CN' \\\| 'en'` \| `'zh-CN'` \| Language of the card\. \|$/m);
  assert.match(card, /^\| `doctor-id` \| `doctorId` \| `string \\\| undefined` \| {2}\| Only this doctor's slots\. \|$/m);
  assert.match(card, /^\| `ih-demo-selected` \| `CustomEvent<\{ slotId: string \}>` \| A slot was picked; `detail\.slotId` is its id, never patient data\. \|$/m);
  assert.match(card, /^\| \(default\) \| Text above the slot\. \|$/m);
  assert.match(card, /^\| `footer` \| Under the card\. \|$/m);
  const parts = tableUnder(card, '**CSS parts**').map((row) => row.split(' | ')[0]);
  assert.deepEqual(parts, ['| `base`', '| `title`', '| `pick-button`']);
  assert.match(card, /^\| `selected` \| `string \\\| undefined` \| {2}\| Read-only\. The id of the picked slot\. \|$/m);
  assert.match(card, /^\| `refresh\(force\?: boolean\)` \| `Promise<void>` \| Loads the slots again\. \|$/m);
  for (const hidden of ['`cache`', '`_pending`', '`styles`', '`loading`', 'render(', 'willUpdate', 'base-only']) assert.ok(!md.includes(hidden), `${hidden} is not public API`);

  const tokens = section(md, '## Theme tokens');
  assert.match(tokens, /^\| `--ih-color-primary` \| `#1677ff` \| Brand colour\. \|$/m);
  assert.match(tokens, /^\| `--ih-radius` \| `8px` \| Corner radius\. \|$/m);
  assert.match(card, /^\| `--ih-demo-card-gap` \| `0\.5em` \| Space between the card's rows\. \|$/m);
  assert.ok(!card.includes('`--ih-radius`'), 'shared tokens are listed once, not per element');
  assert.match(section(md, '## `<ih-demo-list>`'), /^\| `compact` \| `compact` \| `boolean` \| `false` \| \*\*Deprecated\*\*: Use the theme's density instead\. \|$/m);
});

test('without a manifest the elements reference is skipped with a message, and http.md is still written', () => {
  const { out, log } = generate('--manifest', join(fixtures, 'no-such-manifest.json'));
  assert.match(log, /skipped elements\.md: no custom-elements manifest at /);
  assert.deepEqual(readdirSync(out), ['http.md']);
});

test('a contract with tags is grouped by tag, in the order of its tags', () => {
  const contract = parse(readFileSync(join(fixtures, 'openapi-tags.yaml'), 'utf8'));
  const md = httpReference(contract, { problems: new Map([['KEY_TAKEN', { status: 409, en: 'The label is taken.', zh: '标签已被占用。' }]]), source: 'fixture.yaml' });
  const areas = md.split('\n').filter((l) => /^## /.test(l));
  assert.deepEqual(areas, ['## Contents', '## Rooms', '## Keys', '## Schemas', '## Error codes']);
  assert.match(section(md, '## Rooms'), /^Rooms of the fixture\.$/m);

  const room = section(md, '### `GET /rooms/{roomId}`');
  assert.match(room, /^Operation `getRoom` · \*signed in\*$/m);
  assert.match(room, /^\| `roomId` \| path \| string \| yes \| Matches `\^\[a-z\]\+\$`\. \|$/m);
  assert.match(room, /^\| `200` \| The room\. \| \[Holder\]\(#holder\) \|$/m);

  const key = section(md, '### `POST /keys`');
  assert.match(key, /^Operation `makeKey` · \*public\*$/m);
  assert.match(key, /^\| `label` \| string \| yes \| What the key opens\. 2–20 characters\. \|$/m);
  assert.match(key, /^\| `copies` \| integer \| no \| 1–3; default `1`\. \|$/m);
  assert.match(key, /^\| `holder` \| \[Holder\]\(#holder\) \| no \| {2}\|$/m);
  assert.match(key, /^No other fields are accepted\.$/m);
  assert.match(key, /^\| `201` \| The key\. \| \{ id: string, expiresAt\?: string \} \|$/m);
  assert.match(key, /^\| `expiresAt` \| string \(date-time\) \| no \| When it stops opening\. \|$/m, 'described response fields get a table');
  assert.match(key, /^\| `409` \| Conflict, including `KEY_TAKEN` \| \[Problem\]\(#problem\) \|$/m);

  const holder = section(md, '### Holder');
  assert.match(holder, /Exactly one of these shapes/);
  assert.match(holder, /^\*\*With `kind: "person"`\*\*$/m);
  assert.match(holder, /^\*\*With `kind: "desk"`\*\*$/m);
  const codes = section(md, '## Error codes');
  assert.match(codes, /^\| `KEY_TAKEN` \| 409 \| The label is taken\. \| 标签已被占用。 \|$/m);
  assert.match(codes, /^\| `ROOM_GONE` \| — \| — \| — \|$/m, 'a code the table lacks is listed without status');
});

test('docs/events.md lists exactly the events the widgets declare (IhEventMap)', () => {
  const source = readFileSync(join(root, 'packages/widgets/src/internal/events.ts'), 'utf8');
  const map = source.slice(source.indexOf('export interface IhEventMap'));
  const declared = [...map.slice(0, map.indexOf('}')).matchAll(/'(ih-[a-z-]+)':/g)].map((m) => m[1]).sort();
  assert.ok(declared.includes('ih-booked') && declared.length > 10, `found ${declared.length} events`);
  const doc = readFileSync(join(root, 'docs/events.md'), 'utf8');
  const documented = [...doc.matchAll(/^\| `(ih-[a-z-]+)` \|/gm)].map((m) => m[1]).sort();
  assert.deepEqual(documented, declared, 'docs/events.md: one table row per event of IhEventMap');
});
