// `npm run build`: compile every package (TypeScript project references), then bundle the
// widgets and the video engine for script-tag use and check their size budgets, write the
// widgets' custom-elements manifest and the React/Vue bindings generated from it, and build
// the example pages' sign-in client and the React and Vue examples on them.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const step = (label, cmd, args) => {
  const t0 = Date.now();
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`build: ${label} failed`);
    process.exit(r.status ?? 1);
  }
  console.log(`build: ${label} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
};

step('the widgets\' version file', process.execPath, ['scripts/version-file.mjs']);
step('typescript', process.execPath, ['node_modules/typescript/bin/tsc', '-b']);
step('the worked adapter example (typecheck)', process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'examples/his-adapter']);
step('widget bundles', process.execPath, ['node_modules/rollup/dist/bin/rollup', '-c', 'packages/widgets/rollup.config.mjs', '--silent']);
step('video bundle', process.execPath, ['node_modules/rollup/dist/bin/rollup', '-c', 'packages/video/rollup.config.mjs', '--silent']);
step('custom elements manifest', process.execPath, ['packages/widgets/scripts/manifest.mjs']);
step('react and vue bindings', process.execPath, ['packages/widgets/scripts/wrappers.mjs']);
step('example page scripts, react and vue examples', process.execPath, ['scripts/build-examples.mjs']);
