// Writes packages/widgets/src/internal/version.ts from the widgets package's version, so the
// version a page reports (VERSION, and the "already defined by ihkit X" warning) is the one
// changesets bumped. `npm run build` and `npm run version-packages` run it; a test checks that
// the committed file matches.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
export const versionFile = `${root}packages/widgets/src/internal/version.ts`;

/** The file's text for the widgets package's current version. */
export function versionSource() {
  const { version } = JSON.parse(readFileSync(`${root}packages/widgets/package.json`, 'utf8'));
  return `// Generated from packages/widgets/package.json by scripts/version-file.mjs; do not edit.\nexport const VERSION = ${JSON.stringify(version)};\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const text = versionSource();
  let old = '';
  try {
    old = readFileSync(versionFile, 'utf8');
  } catch {
    // not written yet
  }
  if (old !== text) writeFileSync(versionFile, text);
}
