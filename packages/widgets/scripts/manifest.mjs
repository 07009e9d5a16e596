// Writes dist/custom-elements.json (the custom-elements manifest) from src/ with
// @custom-elements-manifest/analyzer, which runs on the repository's own TypeScript (the root
// package.json's overrides pin it). `npm run build` runs this; so does the package's build.
import { fileURLToPath } from 'node:url';
import { cli } from '@custom-elements-manifest/analyzer/cli.js';

const widgets = fileURLToPath(new URL('..', import.meta.url));
const config = fileURLToPath(new URL('custom-elements-manifest.config.mjs', import.meta.url));

try {
  await cli({ argv: ['analyze', '--config', config], cwd: widgets });
} catch (e) {
  // Our plugins' findings (manifest-plugins.mjs) without the analyzer's wrapping and stack.
  const ours = String(e?.message ?? e).match(/custom elements manifest:[\s\S]*?(?=\n\s+at |$)/)?.[0];
  console.error(ours ?? e);
  process.exit(1);
}
