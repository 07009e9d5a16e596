// Builds the framework examples with Vite: examples/react and examples/vue into their dist/
// folders, which the demo hospital (examples/serve.mjs) serves at /react/ and /vue/. They use
// @ihkit/widgets from its dist/, so `npm run build` runs this last.
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

export const FRAMEWORK_EXAMPLES = ['react', 'vue'];

export async function buildExamples(names = FRAMEWORK_EXAMPLES) {
  for (const name of names) {
    await build({ configFile: fileURLToPath(new URL(`../examples/${name}/vite.config.mjs`, import.meta.url)) });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildExamples(process.argv.slice(2).length ? process.argv.slice(2) : undefined);
