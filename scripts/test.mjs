// `npm test`: everything, on a clean machine. Installs Debian's chromium and postgresql when
// missing (as root), builds, starts a throwaway PostgreSQL server, then runs
//   node   — core, adapters and gateway with node's test runner (PGlite and the server)
//   widgets — web-test-runner in Debian's Chromium (the widgets, then @ihkit/video's WebRTC tests)
//   e2e    — the example portal in Chromium against a running gateway; every process it starts
//            logs into one directory, which scripts/scan-logs.mjs then scans for personal data
// `npm test -- node widgets` runs only the named suites.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureSystem } from './system.mjs';
import { startPostgres } from './postgres.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const wanted = process.argv.slice(2);
const suites = ['node', 'widgets', 'e2e'].filter((s) => !wanted.length || wanted.includes(s));

function findTests(dir, pattern, out = []) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) findTests(p, pattern, out);
    else if (pattern.test(name)) out.push(relative(root, p));
  }
  return out.sort();
}

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
const failedSuites = [];
function tally(name, { code, output }, parse) {
  const c = parse(output);
  counts.passed += c.passed;
  counts.failed += c.failed;
  counts.skipped += c.skipped ?? 0;
  if (code !== 0 || c.failed > 0 || c.passed === 0) failedSuites.push(name);
}
const tap = (out) => ({
  passed: Number(out.match(/^# pass (\d+)/m)?.[1] ?? 0),
  failed: Number(out.match(/^# fail (\d+)/m)?.[1] ?? 0) + Number(out.match(/^# cancelled (\d+)/m)?.[1] ?? 0),
  skipped: Number(out.match(/^# skipped (\d+)/m)?.[1] ?? 0),
});
const wtr = (out) => {
  const m = [...out.matchAll(/(\d+) passed, (\d+) failed(?:, (\d+) skipped)?/g)].at(-1);
  return { passed: Number(m?.[1] ?? 0), failed: Number(m?.[2] ?? (out ? 1 : 0)), skipped: Number(m?.[3] ?? 0) };
};

ensureSystem();
const build = await run('npm', ['run', 'build', '--silent']);
if (build.code !== 0) process.exit(build.code);

const pg = suites.includes('node') || suites.includes('e2e') ? await startPostgres() : undefined;
const stop = () => pg?.stop();
process.on('exit', stop);
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(130));
const env = pg ? { IHKIT_TEST_DATABASE_URL: pg.url } : {};

const nodeTest = (files) => ['--import', 'tsx', '--test', '--test-reporter=tap', ...files];
if (suites.includes('node')) {
  const files = [
    ...findTests(join(root, 'packages'), /\.test\.ts$/).filter((f) => !f.startsWith('packages/widgets/') && !f.endsWith('.browser.test.ts')),
    ...findTests(join(root, 'scripts'), /\.test\.ts$/),
    // The worked adapter example of docs/adapters.md (the e2e tests run below).
    ...findTests(join(root, 'examples'), /\.test\.ts$/).filter((f) => !f.endsWith('.e2e.test.ts')),
  ];
  console.log(`\n== node: ${files.length} files`);
  tally('node', await run(process.execPath, nodeTest(files), env), tap);
}
if (suites.includes('widgets')) {
  console.log('\n== widgets (web-test-runner, Chromium)');
  tally('widgets', await run(process.execPath, ['node_modules/@web/test-runner/dist/bin.js', '--config', 'packages/widgets/web-test-runner.config.mjs'], { CI: 'true' }), wtr);
  console.log('\n== widgets: video (web-test-runner, Chromium, real WebRTC with fake devices)');
  tally('widgets:video', await run(process.execPath, ['node_modules/@web/test-runner/dist/bin.js', '--config', 'packages/video/web-test-runner.config.mjs'], { CI: 'true' }), wtr);
}
if (suites.includes('e2e')) {
  const files = findTests(join(root, 'examples'), /\.e2e\.test\.ts$/);
  const logDir = mkdtempSync(join(tmpdir(), 'ihkit-e2e-logs-'));
  console.log(`\n== e2e: ${files.length} files (logs in ${logDir})`);
  tally('e2e', await run(process.execPath, nodeTest(files), { ...env, IHKIT_E2E_LOG_DIR: logDir }), tap);
  console.log('\n== e2e logs: no personal data');
  const scan = await run(process.execPath, ['scripts/scan-logs.mjs', logDir]);
  if (scan.code !== 0) failedSuites.push('e2e:logs');
  if (!failedSuites.includes('e2e') && scan.code === 0) rmSync(logDir, { recursive: true, force: true });
  else console.log(`e2e logs kept in ${logDir}`);
}

console.log(`\nsuites: ${suites.join(', ')}${failedSuites.length ? ` — failing: ${failedSuites.join(', ')}` : ''}`);
console.log(`${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
process.exit(failedSuites.length ? 1 : 0);
