// @custom-elements-manifest/analyzer settings for @ihkit/widgets (run by scripts/manifest.mjs,
// from packages/widgets). The elements' API comes from the JSDoc on their classes (@event,
// @csspart, @cssproperty, @slot) and their Lit properties; see manifest-plugins.mjs for what
// ihkit adds. Locales (string tables) and styles hold no API.
import { ihkitPlugins } from './manifest-plugins.mjs';

export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/**/*.test.ts', 'src/**/*.styles.ts', 'src/locales/*.ts'],
  outdir: 'dist',
  litelement: true,
  packagejson: false,
  quiet: true,
  plugins: ihkitPlugins(),
};
