/**
 * The packages as npm would publish them, used the way a new user uses them: `npm pack` of
 * every workspace package, a fresh project outside the repository (so no workspace link leaks
 * in) that installs the tarballs, with their own dependencies from the registry, then
 *  - the tarballs: what they hold (built code, types, README, LICENSE) and what they must not
 *    (tests, data, build leftovers), and that every package declares what its code imports;
 *  - fresh-project/hospital.mjs: the gateway from @ihkit/gateway on the demo hospital, the
 *    @ihkit/core client, an HL7 v2 result through @ihkit/adapters, @ihkit/video in Node;
 *  - the installed widget bundle on the project's own portal page (another origin) in Chromium,
 *    rendering the gateway's departments in <ih-booking>, and its lazily loaded chunks;
 *  - the `ihkit-gateway` command;
 *  - a bundler (rollup) importing the widgets for their side effects only;
 *  - fresh-project/types.ts type-checked against the installed types (nodenext and bundler);
 *  - releases: `changeset version` (in a scratch copy) moves every package to one new version.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rollup } from 'rollup';
import { parseAst } from 'rollup/parseAst';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import { cleanEnv, run, start } from './child-process.js';
import { launchChromium } from './e2e-logs.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const fixture = fileURLToPath(new URL('fresh-project/', import.meta.url));
const PACKAGES = ['core', 'adapters', 'video', 'widgets', 'gateway'] as const;
/**
 * Packed size (gzip) above which a tarball has picked up something it should not have. The
 * widgets ship their sources, per-element modules, the script-tag bundles and their source maps:
 * 1.6 MB in early December 2026, 2.07 MB a week later (remote consultations, elder wording, the
 * language chunks, views split out), source maps about half of it.
 */
const MAX_PACKED_BYTES = 2_400_000;

const work = mkdtempSync(join(tmpdir(), 'ihkit-pack-'));
const tarballs = join(work, 'tarballs');
const app = join(work, 'app');

interface Packed {
  name: string;
  filename: string;
  size: number;
  unpackedSize: number;
  entryCount: number;
  files: { path: string; size: number }[];
}
let packed: Packed[] = [];
const timings: string[] = [];
const timed = async <T>(label: string, f: () => Promise<T>): Promise<T> => {
  const t0 = performance.now();
  try {
    return await f();
  } finally {
    timings.push(`${label} ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
};

const npm = (args: string[], cwd: string) => run('npm', ['--no-audit', '--no-fund', '--loglevel=error', ...args], cwd);
const pkgJson = (dir: string) => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
const installedDir = (name: string) => join(app, 'node_modules', name);

let typeChecks: Promise<string[]> | undefined;

before(async () => {
  for (const p of PACKAGES) {
    if (!existsSync(join(root, 'packages', p, 'dist', 'index.js'))) throw new Error(`packages/${p}/dist is missing: run \`npm run build\` first`);
  }
  mkdirSync(tarballs);
  packed = JSON.parse(await timed('npm pack', () => npm(['pack', ...PACKAGES.flatMap((p) => ['-w', `packages/${p}`]), '--pack-destination', tarballs, '--json'], root)));

  mkdirSync(app);
  for (const f of readdirSync(fixture)) cpSync(join(fixture, f), join(app, f));
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'fresh-hospital-portal', private: true, type: 'module' }, null, 2));
  await timed('npm install in the fresh project', () => npm(['install', '--prefer-offline', ...packed.map((p) => join(tarballs, p.filename)), '@types/node@^20'], app));

  // The type checks take a while on their own; they run while the other tests do.
  const tsc = join(root, 'node_modules/typescript/bin/tsc');
  typeChecks = Promise.all(['nodenext', 'bundler'].map((c) => timed(`tsc (${c})`, () => run(process.execPath, [tsc, '-p', `tsconfig.${c}.json`], app))));
  typeChecks.catch(() => {}); // reported by its test
}, { timeout: 300_000 });

after(() => rmSync(work, { recursive: true, force: true }));

test('each tarball holds built code, types, a README and the LICENSE; no tests, data or build leftovers', (t) => {
  assert.deepEqual(packed.map((p) => p.name).sort(), PACKAGES.map((p) => `@ihkit/${p}`).sort());
  for (const p of packed) {
    t.diagnostic(`${p.filename}: ${(p.size / 1024).toFixed(1)} KB packed, ${(p.unpackedSize / 1024).toFixed(1)} KB unpacked, ${p.entryCount} files`);
    const paths = p.files.map((f) => f.path);
    for (const needed of ['package.json', 'README.md', 'LICENSE', 'dist/index.js', 'dist/index.d.ts']) assert.ok(paths.includes(needed), `${p.name} ships ${needed}`);
    const unwanted = paths.filter((f) => /(^|\/)(test|tests|__tests__|fixtures|node_modules|\.data)\//.test(f) || /\.(test|spec)\.[cm]?[jt]sx?$|\.test\.d\.ts$/.test(f) || /(^|\/)\.|tsbuildinfo$|\.tgz$|\.log$|(^|\/)(\.?env|secret|signing-secret|session-secret)/i.test(f));
    assert.deepEqual(unwanted, [], `${p.name} ships nothing of the repository's tests, data, secrets or build state`);
    assert.ok(p.size < MAX_PACKED_BYTES, `${p.name} is ${p.size} bytes packed`);

    // Everything package.json points at is in the tarball.
    const manifest = pkgJson(installedDir(p.name));
    const targets = [manifest.main, manifest.types, ...Object.values(manifest.bin ?? {}), ...exportTargets(manifest.exports)].map((x: string) => x.replace(/^\.\//, ''));
    for (const target of targets) {
      // A subpath pattern (`./react/*` → `dist/react/*.js`) must match at least one file.
      const pattern = new RegExp(`^${target.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]+')}$`);
      assert.ok(paths.some((f) => pattern.test(f)), `${p.name}: ${target} (named in package.json) is in the tarball`);
    }
    assert.equal(manifest.license, 'Apache-2.0');
  }
});

test('each package declares every package its shipped code imports', () => {
  const builtin = (spec: string) => spec.startsWith('node:') || builtinModules.includes(spec.split('/')[0]!);
  for (const p of packed) {
    const dir = installedDir(p.name);
    const manifest = pkgJson(dir);
    const declared = new Set([p.name, ...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.peerDependencies ?? {})]);
    const undeclared = new Set<string>();
    for (const file of p.files.map((f) => f.path).filter((f) => /^dist\/.*\.js$/.test(f))) {
      for (const spec of importedModules(readFileSync(join(dir, file), 'utf8'))) {
        if (spec.startsWith('.') || builtin(spec)) continue;
        const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!;
        if (!declared.has(name)) undeclared.add(`${name} (${file})`);
      }
    }
    assert.deepEqual([...undeclared], [], `${p.name}: imported but not in dependencies`);
  }
});

test('in the fresh project the installed gateway, client and adapters run the demo hospital, and <ih-booking> from the installed bundle shows its departments', { timeout: 120_000 }, async () => {
  const data = join(work, 'hospital-data');
  const hospital = await start(process.execPath, ['hospital.mjs'], app, { ...cleanEnv, IHKIT_DATA_DIR: data }, (line) => line.startsWith('{"apiUrl"'));
  try {
    const seen = JSON.parse(hospital.line);
    assert.ok(seen.departments.length >= 3, 'the client lists the demo hospital departments');
    assert.ok(seen.slots.length > 0, 'and slots of the first one');
    assert.ok(seen.slots.every((s: { departmentId: string }) => s.departmentId === seen.departments[0].id), 'slots of the department asked for');
    assert.equal(seen.ackCode, 'AA', 'the gateway accepted the HL7 v2 result sent over MLLP');
    assert.equal(seen.parsedReportIds.length, 1);
    assert.deepEqual(seen.labReport, { id: seen.parsedReportIds[0], observations: [{ code: '2345-7', value: '5.4', interpretation: 'N' }] }, 'the patient reads the result through the client');
    assert.deepEqual(seen.exports, { conformance: ['function', 'function', 'function'], callState: 'device-check' });

    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      const failed: string[] = [];
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      page.on('pageerror', (e) => errors.push(String(e)));
      page.on('requestfailed', (r) => failed.push(r.url()));
      await page.goto(seen.portalUrl);
      const booking = page.locator('ih-booking');
      await booking.getByRole('heading', { name: 'Choose a department' }).waitFor(); // the schedule is public
      // The portal's own session hands its token to the provider.
      await page.evaluate((token) => Object.assign(document.querySelector('ih-provider')!, { token }), seen.token);
      await booking.getByRole('heading', { name: 'Choose a department' }).waitFor();
      for (const d of seen.departments) await booking.getByRole('button', { name: d.name }).waitFor();
      assert.equal(await booking.locator('.departments [part~=option]').count(), seen.departments.length);
      // A lazily defined element loads its chunk from the installed package.
      await page.evaluate(() => document.querySelector('ih-provider')!.append(document.createElement('ih-reports')));
      await page.waitForFunction(() => customElements.get('ih-reports') !== undefined);
      assert.deepEqual(errors, []);
      assert.deepEqual(failed, []);
    } finally {
      await browser.close();
    }
  } finally {
    hospital.child.kill('SIGTERM');
    assert.equal(await hospital.exited, 0, 'hospital.mjs shuts the gateway down cleanly');
  }
});

test('the installed ihkit-gateway command serves the demo hospital and stops on SIGTERM', { timeout: 60_000 }, async () => {
  const env = { ...cleanEnv, PORT: '0', HOST: '127.0.0.1', IHKIT_DEMO: '1', IHKIT_DATA_DIR: join(work, 'cli-data'), IHKIT_JWT_SECRET: 'cli-secret-0123456789abcdef0123456789', IHKIT_LOG_LEVEL: 'info' };
  const gateway = await start(join(app, 'node_modules/.bin/ihkit-gateway'), [], app, env, (line) => /Server listening at http:\/\/127\.0\.0\.1:\d+/.test(line));
  try {
    const url = gateway.line.match(/Server listening at (http:\/\/127\.0\.0\.1:\d+)/)![1];
    const health = await fetch(`${url}/api/health`);
    assert.equal(health.status, 200);
    const login = await fetch(`${url}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'lina', password: 'demo' }) });
    assert.equal(login.status, 201, 'a demo patient signs in');
    assert.ok(((await login.json()) as { token?: string }).token);
  } finally {
    gateway.child.kill('SIGTERM');
    assert.equal(await gateway.exited, 0);
  }
});

test('a bundler keeps the widgets imported for their side effects (they define the elements)', async () => {
  const entries = ['@ihkit/widgets', '@ihkit/widgets/ihkit.js', '@ihkit/widgets/ihkit-booking.js'];
  for (const entry of entries) {
    const input = join(app, `side-effect-${entries.indexOf(entry)}.mjs`);
    writeFileSync(input, `import '${entry}';\n`);
    const bundle = await rollup({ input, plugins: [nodeResolve({ browser: true })], onwarn: () => {} });
    const { output } = await bundle.generate({ format: 'es', inlineDynamicImports: true });
    await bundle.close();
    const code = output.map((o) => ('code' in o ? o.code : '')).join('');
    assert.ok(code.includes('customElements') && code.length > 20_000, `import '${entry}' keeps the code that defines the elements (${code.length} bytes bundled)`);
  }
});

test('the installed types check in a TypeScript project (moduleResolution nodenext and bundler)', { timeout: 120_000 }, async (t) => {
  await typeChecks;
  for (const line of timings) t.diagnostic(line);
});

test('releases: `changeset version` moves every package to one new version, internal dependencies with it', { timeout: 60_000 }, async () => {
  const scratch = join(work, 'release');
  mkdirSync(join(scratch, '.changeset'), { recursive: true });
  cpSync(join(root, 'package.json'), join(scratch, 'package.json'));
  for (const f of readdirSync(join(root, '.changeset'))) cpSync(join(root, '.changeset', f), join(scratch, '.changeset', f));
  for (const p of PACKAGES) cpSync(join(root, 'packages', p, 'package.json'), join(scratch, 'packages', p, 'package.json'));
  symlinkSync(join(root, 'node_modules'), join(scratch, 'node_modules'), 'dir');
  // One more change, to one package only: the fixed group takes all of them along.
  writeFileSync(join(scratch, '.changeset', 'pack-test.md'), "---\n'@ihkit/core': patch\n---\n\nA fix.\n");
  const before = Object.fromEntries(PACKAGES.map((p) => [p, pkgJson(join(scratch, 'packages', p))]));
  await run(process.execPath, [join(root, 'node_modules/@changesets/cli/bin.js'), 'version'], scratch);

  const versions = new Set(PACKAGES.map((p) => pkgJson(join(scratch, 'packages', p)).version));
  assert.equal(versions.size, 1, `one version for every package: ${[...versions].join(', ')}`);
  const [version] = [...versions] as [string];
  assert.equal(new Set(PACKAGES.map((p) => before[p].version)).size, 1, 'they shared one version before, too');
  assert.ok(newer(version, before.core.version), `${version} is newer than ${before.core.version}`);
  for (const p of PACKAGES) {
    const after = pkgJson(join(scratch, 'packages', p));
    for (const [dep, range] of Object.entries<string>(after.dependencies ?? {})) {
      if (dep.startsWith('@ihkit/')) assert.equal(range, version, `${after.name} depends on ${dep}@${version}`);
    }
    assert.match(readFileSync(join(scratch, 'packages', p, 'CHANGELOG.md'), 'utf8'), new RegExp(`## ${version.replace(/\./g, '\\.')}`));
  }
  assert.deepEqual(readdirSync(join(scratch, '.changeset')).filter((f) => f.endsWith('.md') && f !== 'README.md'), [], 'every changeset was used');
});

/** The modules a file imports: its import and export-from declarations, and import() of a string. */
function importedModules(code: string): string[] {
  const found: string[] = [];
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(visit);
    const n = node as { type?: string; source?: { type: string; value: unknown } };
    if (/^(ImportDeclaration|ExportNamedDeclaration|ExportAllDeclaration|ImportExpression)$/.test(n.type ?? '') && n.source?.type === 'Literal' && typeof n.source.value === 'string') found.push(n.source.value);
    for (const [key, value] of Object.entries(n)) if (key !== 'type' && typeof value === 'object') visit(value);
  };
  visit(parseAst(code));
  return found;
}

function exportTargets(exports: unknown): string[] {
  if (typeof exports === 'string') return [exports];
  if (exports && typeof exports === 'object') return Object.values(exports).flatMap(exportTargets);
  return [];
}

function newer(a: string, b: string): boolean {
  const [x, y] = [a, b].map((v) => v.split('-')[0]!.split('.').map(Number));
  for (let i = 0; i < 3; i++) if (x![i] !== y![i]) return x![i]! > y![i]!;
  return false;
}
