/**
 * `npm test` cannot say green when it is not: an unknown suite name, a skipped test outside the
 * allow-list, a crashed suite, a hung test, coloured output, a type error in test code and a lint
 * finding each end in a clear FAIL line (or a refusal) rather than "0 failed".
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chooseSuites, judge, judgeCheck, largestFirst, lintArgs, nodeTestArgs, parseEslint, parseTap, parseTsc, parseWtr, typesArgs } from './test-report.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const allowed = [{ test: 'an allowed skip', why: 'declared' }];

/** Runs node's test runner as npm test does, on one file of the given source. */
function runNodeTests(source: string, timeoutMs: number): { code: number; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'ihkit-runner-'));
  const file = join(dir, 'sample.test.mjs');
  writeFileSync(file, source);
  const { NODE_TEST_CONTEXT: _, ...env } = process.env;
  const r = spawnSync(process.execPath, nodeTestArgs([file], timeoutMs), { cwd: root, env, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status ?? 1, output: r.stdout + r.stderr };
}

test('an unknown suite name stops npm test with a line naming it, before anything runs', () => {
  assert.deepEqual(chooseSuites(['node', 'e2e']), { suites: ['node', 'e2e'] });
  assert.deepEqual(chooseSuites([]), { suites: ['types', 'lint', 'node', 'widgets', 'e2e'] });
  assert.deepEqual(chooseSuites(['lint', 'types']), { suites: ['types', 'lint'] });
  const r = spawnSync(process.execPath, ['scripts/test.mjs', 'nodee'], { cwd: root, encoding: 'utf8', timeout: 30_000 });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /unknown suite 'nodee'; the suites are types, lint, node, widgets, e2e/);
  assert.doesNotMatch(r.stdout, /build:/, 'nothing was built');
});

test('a skipped test fails the suite unless the allow-list names it', () => {
  const run = runNodeTests(`
    import { test } from 'node:test';
    test('passes', () => {});
    test('an allowed skip', (t) => t.skip('declared'));
    test('a quiet skip', (t) => t.skip('no slot with one place left'));
  `, 10_000);
  const v = judge('node', run, parseTap, allowed);
  assert.equal(v.passed, 1);
  assert.equal(v.failed, 1);
  assert.deepEqual(v.problems, ['node: skipped outside scripts/allowed-skips.json: "a quiet skip" (no slot with one place left)']);
});

test('a hung test file is stopped after the timeout and named as failed', () => {
  const run = runNodeTests(`
    import { test } from 'node:test';
    test('passes', () => {});
    test('waits for an answer that never comes', () => new Promise(() => setInterval(() => {}, 1000)));
  `, 1500);
  const v = judge('node', run, parseTap, allowed);
  assert.equal(v.failed, 1);
  assert.match(v.problems[0]!, /^node: 1 failed \(\S+sample\.test\.mjs: test timed out after 1500ms\)$/);
});

test('a suite that crashes without a failing test counts as a failure', () => {
  const v = judge('e2e', { code: 1, output: 'TypeError: Cannot read properties of undefined\n# pass 3\n# fail 0\n' }, parseTap, allowed);
  assert.equal(v.failed, 1);
  assert.deepEqual(v.problems, ['e2e: exited with code 1 without a failing test — it crashed (see its output above)']);
  const empty = judge('widgets', { code: 0, output: '' }, parseWtr, allowed);
  assert.deepEqual(empty.problems, ['widgets: no test passed — nothing ran']);
});

test('a failed widget test is named on the FAIL line', () => {
  const output = 'packages/widgets/src/booking/booking.test.ts:\n\n ❌ <ih-booking> > keeps the slot on retry\n      AssertionError: expected 1 to equal 2\n\nChromium: 28/28 test files | 416 passed, 1 failed\n';
  const v = judge('widgets', { code: 1, output }, parseWtr, allowed);
  assert.deepEqual(v.problems, ['widgets: 1 failed (<ih-booking> > keeps the slot on retry)']);
});

test('coloured web-test-runner output still parses, and its unnamed skips fail', () => {
  const coloured = '\u001b[32m✓\u001b[39m Finished\n\u001b[1m\u001b[32m412 passed\u001b[39m\u001b[22m, \u001b[1m0 failed\u001b[22m, 2 skipped\n';
  assert.deepEqual(parseWtr(coloured), { passed: 412, failed: 0, skipped: 2, skips: [], failures: [] });
  const v = judge('widgets', { code: 0, output: coloured }, parseWtr, allowed);
  assert.deepEqual(v.problems, ['widgets: 2 test(s) skipped without a name to allow them by']);
});

/** Runs tsc as the types suite does, on a project of one file with the given source. */
function typeCheck(source: string): { code: number; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'ihkit-types-'));
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, noEmit: true, types: [] }, files: ['sample.ts'] }));
  writeFileSync(join(dir, 'sample.ts'), source);
  const r = spawnSync(process.execPath, typesArgs(join(dir, 'tsconfig.json')), { cwd: root, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status ?? 1, output: r.stdout + r.stderr };
}

test('a type error in the test code fails the types suite with a line naming it', () => {
  assert.deepEqual(judgeCheck('types', typeCheck('export const n: number = 1;\n'), parseTsc), { passed: 1, failed: 0, skipped: 0, problems: [] });
  const v = judgeCheck('types', typeCheck('export const n: number = 1;\nexport const m: number = "one";\n'), parseTsc);
  assert.equal(v.failed, 1);
  assert.match(v.problems[0]!, /^types: 1 error \(\S*sample\.ts\(2,14\): TS2322 Type 'string' is not assignable to type 'number'\.\)$/);
  const crashed = judgeCheck('types', { code: 1, output: 'error TS5058: The specified path does not exist.\n' }, parseTsc);
  assert.deepEqual(crashed.problems, ['types: exited with code 1 without naming an error — it crashed (see its output above)']);
});

/**
 * Runs ESLint as the lint suite does, with the root config, on `source` as if it were the file
 * `as` — a file of the tree, so that the rules with type information find it in its project.
 */
function lint(source: string, as: string): { code: number; output: string } {
  const r = spawnSync(process.execPath, lintArgs(['--stdin', '--stdin-filename', as]), { cwd: root, input: source, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status ?? 1, output: r.stdout + r.stderr };
}

test('a lint finding fails the lint suite with a line naming the file, line and rule', () => {
  const clean = lint('export const n = 1;\n', 'packages/core/src/slot.ts');
  assert.deepEqual(judgeCheck('lint', clean, (o) => parseEslint(o, root)), { passed: 1, failed: 0, skipped: 0, problems: [] }, clean.output);
  const anyInSource = judgeCheck('lint', lint('export const n = 1;\nexport const x: any = n;\n', 'packages/core/src/slot.ts'), (o) => parseEslint(o, root));
  assert.deepEqual(anyInSource.problems, ['lint: 1 error (packages/core/src/slot.ts:2 @typescript-eslint/no-explicit-any)']);
  // With type information: a promise nobody awaits.
  const floating = judgeCheck('lint', lint('export async function f(): Promise<void> {}\nexport function g(): void {\n  f();\n}\n', 'packages/core/src/slot.ts'), (o) => parseEslint(o, root));
  assert.deepEqual(floating.problems, ['lint: 1 error (packages/core/src/slot.ts:3 @typescript-eslint/no-floating-promises)']);
  // The Lit and web-components plugins hold in the widgets.
  const element = [
    "import { html, LitElement } from 'lit';",
    'export class Sample extends LitElement {',
    "  constructor() { super(); this.setAttribute('role', 'note'); }",
    '  override render() { return html`<p .title=${1} .title=${2}>x</p>`; }',
    '}',
    '',
  ].join('\n');
  const widget = judgeCheck('lint', lint(element, 'packages/widgets/src/my-record/my-record.component.ts'), (o) => parseEslint(o, root));
  assert.match(widget.problems[0] ?? '', /^lint: 2 errors \(packages\/widgets\/src\/my-record\/my-record\.component\.ts:3 wc\/no-constructor-attributes; packages\/widgets\/src\/my-record\/my-record\.component\.ts:4 lit\/no-duplicate-template-bindings\)$/);
});

test('with several files at a time the largest start first, ties by name, and the list given is left alone', () => {
  const sizes: Record<string, number> = { 'a.test.ts': 10, 'b.test.ts': 300, 'c.test.ts': 10, 'd.test.ts': 120 };
  const files = Object.keys(sizes);
  assert.deepEqual(largestFirst(files, (f: string) => sizes[f]), ['b.test.ts', 'd.test.ts', 'a.test.ts', 'c.test.ts']);
  assert.deepEqual(files, ['a.test.ts', 'b.test.ts', 'c.test.ts', 'd.test.ts']);
});
