// ESLint, once for the whole tree; `npm test` runs it (the `lint` suite) and fails on any
// warning. typescript-eslint's recommended rules, and the Lit and web-components plugins on the
// widgets. A rule is turned off below only with the reason it does not fit this code.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import lit from 'eslint-plugin-lit';
import wc from 'eslint-plugin-wc';
import globals from 'globals';

/** Code that runs in the browser: the widgets, the video engine, the example pages. */
const browser = ['packages/widgets/**/*.ts', 'packages/video/src/**/*.ts', 'examples/{portal,shared,staff,vendor}/**/*.js'];
/** Tests and their helpers. */
const tests = ['**/test/**', '**/*.test.ts', 'bench/**'];
/** Tests that run in the browser with @open-wc/testing, whose chai assertions are expressions (`expect(x).to.be.true`). */
const chaiTests = ['packages/widgets/**/*.test.ts', 'packages/video/src/**/*.test.ts'];

export default tseslint.config(
  {
    ignores: ['**/dist/**', '**/node_modules/**', '.data/**', 'test-results/**', '.gallery/**', 'tmp/**', 'packages/core/src/api.gen.ts'],
  },
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // `_` marks a value left out on purpose (`const { a: _, ...rest }`, `[_, b]`, an unused argument).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
      // `interface GlobalEventHandlersEventMap extends IhEventMap {}` merges the elements' events into the DOM's.
      // A `let` read by a closure made before its one assignment (a provider asked for at each request).
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      '@typescript-eslint/no-empty-object-type': ['error', { allowInterfaces: 'with-single-extends' }],
    },
  },
  { files: ['**/*.{js,mjs,cjs}'], languageOptions: { globals: { ...globals.node } } },
  { files: browser, languageOptions: { globals: { ...globals.browser } } },
  // bench/video.mjs and bench/ecg.mjs measure inside a page (page.evaluate).
  { files: ['bench/video.mjs', 'bench/ecg.mjs'], languageOptions: { globals: { ...globals.browser } } },
  {
    files: ['packages/widgets/src/**/*.ts'],
    // A reactive controller is kept in a private field for its host hooks alone (`#live = new LiveController(this)`).
    rules: { 'no-unused-private-class-members': 'off' },
  },
  { files: ['packages/widgets/**/*.ts'], ...lit.configs['flat/recommended'] },
  {
    files: ['packages/widgets/**/*.ts'],
    ...wc.configs['flat/recommended'],
    // Our elements extend IhElement (a LitElement), not HTMLElement directly.
    settings: { wc: { elementBaseClasses: ['LitElement', 'IhElement'] } },
  },
  {
    // With type information, on the packages' sources: a promise nobody awaits or catches, a
    // promise where a plain value is expected (an event handler, a callback), an await on what is
    // not one. The conformance kit and the tests call node:test's `test()` without awaiting it, as
    // node:test means them to be called.
    files: ['packages/*/src/**/*.ts'],
    ignores: ['**/*.test.ts', 'packages/*/src/test-support/**', 'packages/core/src/api.gen.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': ['error', { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['test', 'describe', 'it', 'suite'] }] }],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
    },
  },
  {
    files: tests,
    // Tests read parsed JSON (logs, stand-in providers' requests, problem bodies) loosely.
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  { files: chaiTests, rules: { '@typescript-eslint/no-unused-expressions': 'off' } },
);
