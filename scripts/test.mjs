// `npm test`: everything, on a clean machine. Installs Debian's chromium and postgresql when
// missing (as root), builds, starts a throwaway PostgreSQL server, then runs
//   types  — tsc over the test code (tsconfig.tests.json; the build compiles the rest)
//   lint   — ESLint over the tree (eslint.config.js), no warning allowed
//   node   — core, adapters and gateway with node's test runner (PGlite and the server), a few
//            files at a time, the largest first
//   widgets — web-test-runner in Debian's Chromium (the widgets, then @ihkit/video's WebRTC tests)
//   e2e    — the example portal in Chromium against a running gateway; every process it starts
//            logs into one directory (two files at a time), which scripts/scan-logs.mjs then scans for personal data
// `npm test -- node widgets` runs only the named suites (an unknown name stops it). It fails on a
// type or lint error, a failed, hung (TEST_TIMEOUT_MS) or crashed suite, a skip not in scripts/allowed-skips.json, or
// personal data in the e2e logs, with a FAIL line for each (scripts/test-report.mjs decides).
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureSystem } from './system.mjs';
import { startPostgres } from './postgres.mjs';
import { chooseSuites, judge, judgeCheck, lintArgs, loadAllowedSkips, E2E_TEST_CONCURRENCY, largestFirst, NODE_TEST_CONCURRENCY, nodeTestArgs, parseEslint, parseTap, parseTsc, parseWtr, TYPE_CHECKED, typesArgs } from './test-report.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const chosen = chooseSuites(process.argv.slice(2));
if (chosen.error) {
  console.error(chosen.error);
  process.exit(2);
}
const { suites } = chosen;
const allowedSkips = loadAllowedSkips(join(root, 'scripts/allowed-skips.json'));

function findTests(dir, pattern, out = []) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) findTests(p, pattern, out);
    else if (pattern.test(name)) out.push(relative(root, p));
  }
  return out.sort();
}

const sizeOf = (file) => statSync(join(root, file)).size;

/** Runs a command, echoing its output, and returns { code, output }. */
function run(cmd, args, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const tee = (stream, sink) => stream.on('data', (c) => { output += c; sink.write(c); });
    tee(child.stdout, process.stdout);
    tee(child.stderr, process.stderr);
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

const counts = { passed: 0, failed: 0, skipped: 0 };
const problems = [];
function tally(name, result, parse) {
  const v = judge(name, result, parse, allowedSkips);
  counts.passed += v.passed;
  counts.failed += v.failed;
  counts.skipped += v.skipped;
  problems.push(...v.problems);
}
function tallyCheck(name, result, parse) {
  const v = judgeCheck(name, result, parse);
  counts.passed += v.passed;
  counts.failed += v.failed;
  problems.push(...v.problems);
}
// Plain output, so that the summaries parse whatever the CI's terminal says.
const plain = { NO_COLOR: '1', FORCE_COLOR: '0' };

ensureSystem();
const build = await run('npm', ['run', 'build', '--silent']);
if (build.code !== 0) process.exit(build.code);

const pg = suites.includes('node') || suites.includes('e2e') ? await startPostgres() : undefined;
const stop = () => pg?.stop();
process.on('exit', stop);
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(130));
const env = { ...plain, ...(pg ? { IHKIT_TEST_DATABASE_URL: pg.url } : {}) };

if (suites.includes('types')) {
  for (const project of TYPE_CHECKED) {
    console.log(`\n== types: tsc -p ${project}`);
    tallyCheck(`types (${project})`, await run(process.execPath, typesArgs(project), plain), parseTsc);
  }
}
if (suites.includes('lint')) {
  console.log('\n== lint: eslint (eslint.config.js)');
  tallyCheck('lint', await run(process.execPath, lintArgs(), plain), (output) => parseEslint(output, root));
}
if (suites.includes('node')) {
  const files = largestFirst([
    ...findTests(join(root, 'packages'), /\.test\.ts$/).filter((f) => !f.startsWith('packages/widgets/') && !f.endsWith('.browser.test.ts')),
    ...findTests(join(root, 'scripts'), /\.test\.ts$/),
    // The worked adapter example of docs/adapters.md (the e2e tests run below).
    ...findTests(join(root, 'examples'), /\.test\.ts$/).filter((f) => !f.endsWith('.e2e.test.ts')),
  ], sizeOf);
  console.log(`\n== node: ${files.length} files, ${NODE_TEST_CONCURRENCY} at a time`);
  tally('node', await run(process.execPath, nodeTestArgs(files, undefined, NODE_TEST_CONCURRENCY), env), parseTap);
}
if (suites.includes('widgets')) {
  console.log('\n== widgets (web-test-runner, Chromium)');
  tally('widgets', await run(process.execPath, ['node_modules/@web/test-runner/dist/bin.js', '--config', 'packages/widgets/web-test-runner.config.mjs'], { ...plain, CI: 'true' }), parseWtr);
  console.log('\n== widgets: video (web-test-runner, Chromium, real WebRTC with fake devices)');
  tally('widgets:video', await run(process.execPath, ['node_modules/@web/test-runner/dist/bin.js', '--config', 'packages/video/web-test-runner.config.mjs'], { ...plain, CI: 'true' }), parseWtr);
}
if (suites.includes('e2e')) {
  const files = largestFirst(findTests(join(root, 'examples'), /\.e2e\.test\.ts$/), sizeOf);
  const logDir = mkdtempSync(join(tmpdir(), 'ihkit-e2e-logs-'));
  console.log(`\n== e2e: ${files.length} files, ${E2E_TEST_CONCURRENCY} at a time (logs in ${logDir})`);
  const before = problems.length;
  tally('e2e', await run(process.execPath, nodeTestArgs(files, undefined, E2E_TEST_CONCURRENCY), { ...env, IHKIT_E2E_LOG_DIR: logDir }), parseTap);
  console.log('\n== e2e logs: no personal data');
  const scan = await run(process.execPath, ['scripts/scan-logs.mjs', logDir]);
  if (scan.code !== 0) {
    problems.push('e2e logs: personal data found in the logs (scripts/scan-logs.mjs, above)');
    counts.failed += 1;
  }
  if (problems.length === before) rmSync(logDir, { recursive: true, force: true });
  else console.log(`e2e logs kept in ${logDir}`);
}

console.log(`\nsuites: ${suites.join(', ')}`);
for (const p of problems) console.log(`FAIL ${p}`);
console.log(`${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
process.exit(problems.length ? 1 : 0);
