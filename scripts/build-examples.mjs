// Builds what the example pages load besides ihkit itself: the OpenID Connect client of the portal
// and the staff console (oidc-client-ts, bundled by Rollup into examples/shared/dist/ — a strict
// Content-Security-Policy allows no import map, so the pages import it by URL), and the framework
// examples with Vite: examples/react and examples/vue into their dist/ folders, which the demo
// hospital (examples/serve.mjs) serves at /react/ and /vue/. Those use @ihkit/widgets from its
// dist/, so `npm run build` runs this last.
import { fileURLToPath } from 'node:url';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { rollup } from 'rollup';
import { build } from 'vite';

export const FRAMEWORK_EXAMPLES = ['react', 'vue'];

/** examples/shared/dist/oidc-client.js: oidc-client-ts as one ES module. */
export async function buildPageScripts() {
  const bundle = await rollup({ input: 'oidc-client-ts', plugins: [nodeResolve({ browser: true }), terser()] });
  try {
    await bundle.write({ file: fileURLToPath(new URL('../examples/shared/dist/oidc-client.js', import.meta.url)), format: 'es', sourcemap: true });
  } finally {
    await bundle.close();
  }
}

export async function buildExamples(names = FRAMEWORK_EXAMPLES) {
  for (const name of names) {
    await build({ configFile: fileURLToPath(new URL(`../examples/${name}/vite.config.mjs`, import.meta.url)) });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await buildPageScripts();
  await buildExamples(process.argv.slice(2).length ? process.argv.slice(2) : undefined);
}
