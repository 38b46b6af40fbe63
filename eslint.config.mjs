// ESLint (flat config): typescript-eslint's recommended rules on the TypeScript, ESLint's on the scripts, and the
// two classic React hooks rules for Preact's hooks (they match hooks by name, so preact/hooks is covered).
// `npm run lint`; part of `npm test`. No formatter: Prettier would rewrap about half of the files under src/ at any
// print width (the code is wrapped by hand at ~140-150 columns), so the style is left to review.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: ['**/node_modules/**', 'dist*/**', 'artifacts/**', 'packages/**', 'reports/**', '.stryker-tmp/**', 'models/generated/**', 'models/train/work/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2024, sourceType: 'module', globals: { ...globals.browser, ...globals.node, ...globals.webextensions } },
    rules: {
      // Unused names prefixed with _ are deliberate (destructuring a key away, placeholder parameters).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
      // Flags defensive initial values (`let ok = false` before a try that always assigns): style, not bugs.
      'no-useless-assignment': 'off',
    },
  },
  {
    // Hooks live in the UI only. Engine and Hub code has plain functions named use…() (useHubCache) that are not hooks.
    files: ['src/{app,views,options,popup,overlay,sidepanel}/**/*.{ts,tsx}', 'tests/views-harness/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      // An error: a missing dependency is a stale-value bug waiting to happen. Where leaving one out is the point (an
      // effect that must run after every commit, a memo keyed on a value rather than an object), fix it by keying on
      // that value, or disable the rule on that line with `-- <why>`.
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    // The tokenizer's normaliser and the corpus detokeniser match control characters on purpose.
    files: ['src/core/tokens/**', 'models/train/**'],
    rules: { 'no-control-regex': 'off' },
  },
  {
    // Type shims for the JavaScript test helpers.
    files: ['**/*.d.mts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
