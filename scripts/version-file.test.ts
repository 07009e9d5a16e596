/** The version a page reports is the widgets package's, as changesets last set it. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { versionFile, versionSource } from './version-file.mjs';

test("the widgets' VERSION is the package.json version (scripts/version-file.mjs wrote it)", () => {
  const { version } = JSON.parse(readFileSync(new URL('../packages/widgets/package.json', import.meta.url), 'utf8'));
  const text = readFileSync(versionFile, 'utf8');
  assert.equal(text, versionSource(), 'run `node scripts/version-file.mjs` (npm run build does)');
  assert.match(text, new RegExp(`VERSION = "${version.replace(/\./g, '\\.')}"`));
});
