/**
 * The HIS conformance kit catches an adapter that fills in what the HIS does not say: run in a
 * child process on the two adapters of helpers/his-conformance-subjects.ts, its tests on
 * practitioners, a drug of no control class and a visit of no kind pass for the adapter that
 * answers the safe way and fail, each saying what to fix, for the one that answers `none`,
 * `outpatient` and a permission the hospital never gave.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const subjects = fileURLToPath(new URL('./helpers/his-conformance-subjects.ts', import.meta.url));
const CHECKS = ['tells a doctor permitted to practise online', 'records no control class', 'does not count as an offline visit'];

/** Runs the kit's checks in a child process: its TAP output. */
function runKit(): Promise<string> {
  const pattern = CHECKS.map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
  // Its own run, reporting TAP to us: not as a child of this test runner (NODE_TEST_CONTEXT), on PGlite alone.
  const { NODE_TEST_CONTEXT: _, ...env } = process.env;
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=tap', `--test-name-pattern=${pattern}`, subjects], { maxBuffer: 16 << 20, env: { ...env, IHKIT_TEST_DATABASE_URL: '' } }, (_error, stdout) => resolve(stdout));
  });
}

/** `ok` / `not ok` of each top-level test of the suite named `suite`, by name. */
function outcomes(tap: string, suite: string): Map<string, { ok: boolean; text: string }> {
  const out = new Map<string, { ok: boolean; text: string }>();
  const start = tap.indexOf(`# Subtest: HisAdapter conformance: ${suite}`);
  assert.ok(start >= 0, `the kit ran on "${suite}":\n${tap.slice(0, 2000)}`);
  const end = tap.indexOf('# Subtest: HisAdapter conformance:', start + 1);
  const block = tap.slice(start, end < 0 ? undefined : end);
  const lines = block.split('\n');
  lines.forEach((line, i) => {
    const m = /^ {4}(not ok|ok) \d+ - (.*?)(?: # SKIP.*)?$/.exec(line);
    if (!m) return;
    const tail = [];
    for (let j = i + 1; j < lines.length && !/^ {4}(not ok|ok) \d+ /.test(lines[j]!); j++) tail.push(lines[j]);
    out.set(m[2]!, { ok: m[1] === 'ok' && !line.includes('# SKIP'), text: tail.join('\n') });
  });
  return out;
}

const of = (results: Map<string, { ok: boolean; text: string }>, check: string) => {
  const hit = [...results].find(([name]) => name.includes(check));
  assert.ok(hit, `the kit has a test "${check}…": ${[...results.keys()].join('; ')}`);
  return hit[1];
};

test('the HIS conformance kit passes an adapter that leaves unknown what the HIS does not say, and fails one that fills it in', { timeout: 180_000 }, async () => {
  const tap = await runKit();
  const safe = outcomes(tap, 'answers what the HIS does not say the safe way');
  for (const check of CHECKS) assert.ok(of(safe, check).ok, `safe adapter: "${check}" passes\n${of(safe, check).text}`);
  const careless = outcomes(tap, 'fills in what the HIS does not say');
  for (const check of CHECKS) assert.ok(!of(careless, check).ok, `careless adapter: "${check}" fails`);
  assert.match(of(careless, CHECKS[0]!).text, /holds no internet-practice permission today, yet the record reads as permitted/);
  assert.match(of(careless, CHECKS[1]!).text, /has no control class at the HIS but came back as 'none'/);
  assert.match(of(careless, CHECKS[2]!).text, /has no kind at the HIS but came back as 'outpatient'/);
});
