// How `npm test` reads its suites' output and decides: counts from node's TAP and from
// web-test-runner's summary (colours stripped), skipped tests held against an allow-list, and a
// suite that crashed or printed nothing counted as a failure with a line saying so; the static
// checks (types, lint) pass or fail as one, their failure naming the first errors.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';

export const SUITES = ['types', 'lint', 'node', 'widgets', 'e2e'];

/**
 * The projects `types` checks with `tsc --noEmit -p`: the test code, which the build does not
 * compile — the node tests (with the scripts they import), then the browser tests of the widgets
 * and of the video engine (mocha's globals, @open-wc/testing's chai).
 */
export const TYPE_CHECKED = ['tsconfig.tests.json', 'packages/widgets/tsconfig.tests.json', 'packages/video/tsconfig.tests.json'];

/** Arguments (after node) for tsc over one of TYPE_CHECKED, one error a line. */
export function typesArgs(project) {
  return ['node_modules/typescript/bin/tsc', '--noEmit', '-p', project, '--pretty', 'false'];
}

/** Arguments (after node) for ESLint over `paths` (eslint.config.js says what and how), failing on any warning. */
export function lintArgs(paths = ['.']) {
  return ['node_modules/eslint/bin/eslint.js', '--max-warnings', '0', ...paths];
}
/**
 * A test file (node and e2e) still running after this is stopped and counted as failed, named
 * with "test timed out" — a hang becomes a named failure, not a CI timeout.
 */
export const TEST_TIMEOUT_MS = 600_000;

/**
 * How many node test files run at once. node's default is one fewer than the cores — one file
 * at a time on a two-core CI machine, where most files wait on databases, sockets and timers
 * rather than compute. IHKIT_TEST_CONCURRENCY overrides it (1 to run them one by one).
 */
export const NODE_TEST_CONCURRENCY = Number(process.env.IHKIT_TEST_CONCURRENCY) || 3;

/**
 * How many e2e files run at once: each starts its own gateway (random ports, its own data
 * directory) and Chromium, and spends most of its time waiting on pages, sockets and timers.
 * IHKIT_E2E_CONCURRENCY overrides it.
 */
export const E2E_TEST_CONCURRENCY = Number(process.env.IHKIT_E2E_CONCURRENCY) || 2;

/**
 * `files` with the largest first: with several files at a time, a long file started last makes
 * the suite wait on it alone, and a file's size is a fair guess at its length.
 */
export function largestFirst(files, sizeOf) {
  return [...files].sort((a, b) => sizeOf(b) - sizeOf(a) || a.localeCompare(b));
}

/** Arguments for node's test runner over `files`. */
export function nodeTestArgs(files, timeoutMs = TEST_TIMEOUT_MS, concurrency = 1) {
  return ['--import', 'tsx', '--test', '--test-reporter=tap', `--test-timeout=${timeoutMs}`, `--test-concurrency=${concurrency}`, ...files];
}

/** The suites named on the command line (all when none), or an error naming the unknown ones. */
export function chooseSuites(args) {
  const unknown = args.filter((a) => !SUITES.includes(a));
  if (unknown.length) return { error: `npm test: unknown suite ${unknown.map((u) => `'${u}'`).join(', ')}; the suites are ${SUITES.join(', ')}` };
  return { suites: SUITES.filter((s) => !args.length || args.includes(s)) };
}

// ESC [ … letter
// eslint-disable-next-line no-control-regex -- ESC starts an ANSI escape
const ANSI = /\u001b\[[0-9;?]*[A-Za-z]/g;
export const stripAnsi = (text) => text.replace(ANSI, '');

/** node --test-reporter=tap: the summary's counts, and each skipped test with its reason. */
export function parseTap(output) {
  const text = stripAnsi(output);
  const count = (name) => Number(text.match(new RegExp(`^# ${name} (\\d+)`, 'm'))?.[1] ?? 0);
  const skips = [...text.matchAll(/^\s*ok \d+ - (.+?) # SKIP(?: (.*))?$/gm)].map((m) => ({ name: m[1], reason: m[2] ?? '' }));
  const failures = [];
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    const m = /^(\s*)not ok \d+ - (.+?)(?: # .*)?$/.exec(line);
    if (!m) return;
    // The YAML block under it: a timeout says so in its error line.
    const block = [];
    for (let j = i + 1; j < lines.length && lines[j].startsWith(`${m[1]}  `); j++) block.push(lines[j]);
    const timedOut = block.map((b) => /error: '(test timed out after \d+ms)'/.exec(b)?.[1]).find(Boolean);
    failures.push(timedOut ? `${m[2]}: ${timedOut}` : m[2]);
  });
  return { passed: count('pass'), failed: count('fail') + count('cancelled'), skipped: count('skipped'), skips, failures };
}

/** web-test-runner's last summary line. */
export function parseWtr(output) {
  const text = stripAnsi(output);
  const m = [...text.matchAll(/(\d+) passed, (\d+) failed(?:, (\d+) skipped)?/g)].at(-1);
  // Each failed test's line: " ❌ describe > test" (web-test-runner's reportTestsErrors).
  const failures = [...text.matchAll(/^ ❌ (.+)$/gm)].map((f) => f[1].trim());
  return { passed: Number(m?.[1] ?? 0), failed: Number(m?.[2] ?? 0), skipped: Number(m?.[3] ?? 0), skips: [], failures };
}

/** tsc --pretty false: each error as "file(line,col): TS1234 message". */
export function parseTsc(output) {
  return [...stripAnsi(output).matchAll(/^(.+?\(\d+,\d+\)): error (TS\d+): (.*)$/gm)].map((m) => `${m[1]}: ${m[2]} ${m[3]}`);
}

/** ESLint's stylish report: each problem as "file:line rule" (paths relative to `root`). */
export function parseEslint(output, root = process.cwd()) {
  const found = [];
  let file = '';
  for (const line of stripAnsi(output).split('\n')) {
    const problem = /^\s+(\d+):\d+\s+(?:error|warning)\s+(.*?)(?:\s{2,}(\S+))?\s*$/.exec(line);
    if (problem && file) found.push(`${file}:${problem[1]} ${problem[3] ?? problem[2]}`);
    else if (/^\S/.test(line) && !/^✖/.test(line)) file = relative(root, line.trim());
  }
  return found;
}

/**
 * A static check's verdict (types, lint): one passed check, or one failed with a line naming
 * how many errors and the first of them — or saying it crashed when it failed without one.
 * @param {string} name
 * @param {{ code: number, output: string }} result
 * @param {(output: string) => string[]} parse
 */
export function judgeCheck(name, { code, output }, parse) {
  const errors = parse(output);
  if (code === 0 && !errors.length) return { passed: 1, failed: 0, skipped: 0, problems: [] };
  const problem = errors.length
    ? `${name}: ${errors.length} error${errors.length === 1 ? '' : 's'} (${errors.slice(0, 5).join('; ')}${errors.length > 5 ? '; …' : ''})`
    : `${name}: exited with code ${code} without naming an error — it crashed (see its output above)`;
  return { passed: 0, failed: 1, skipped: 0, problems: [problem] };
}

/** scripts/allowed-skips.json: [{ test, why }], `test` the skipped test's exact name. */
export function loadAllowedSkips(file) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

/**
 * A suite's verdict: its counts, and the lines that make it fail — failed tests, skips not on
 * the allow-list, a skip count with no names (web-test-runner), an exit code with no failing
 * test (a crash), no test passed.
 */
export function judge(name, { code, output }, parse, allowed) {
  const c = parse(output);
  const problems = [];
  if (c.failed > 0) problems.push(`${name}: ${c.failed} failed${c.failures.length ? ` (${[...new Set(c.failures)].slice(0, 5).join('; ')})` : ''}`);
  const allowedNames = new Set(allowed.map((a) => a.test));
  const stray = c.skips.filter((s) => !allowedNames.has(s.name));
  for (const s of stray) problems.push(`${name}: skipped outside scripts/allowed-skips.json: "${s.name}"${s.reason ? ` (${s.reason})` : ''}`);
  if (c.skipped > c.skips.length) problems.push(`${name}: ${c.skipped - c.skips.length} test(s) skipped without a name to allow them by`);
  let failed = c.failed + stray.length + Math.max(0, c.skipped - c.skips.length);
  if (code !== 0 && failed === 0) {
    problems.push(`${name}: exited with code ${code} without a failing test — it crashed (see its output above)`);
    failed += 1;
  }
  if (c.passed === 0 && failed === 0) {
    problems.push(`${name}: no test passed — nothing ran`);
    failed += 1;
  }
  return { passed: c.passed, failed, skipped: c.skipped, problems };
}
