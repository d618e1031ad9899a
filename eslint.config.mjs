// `npm run lint:eslint`: typescript-eslint's type-checked rules over the
// TypeScript of lib/, spec/, bench/ and examples/ (typed by tsconfig.json),
// and the recommended JavaScript rules over the plain .js/.mjs/.cjs files.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['build/', 'build-*/', 'dist/', 'docs/api/', 'coverage/', '.runtimes/', '.b2/'] },
  {
    files: ['**/*.ts'],
    extends: [js.configs.recommended, ...tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: {
        // One program for every .ts file (bench/tsconfig.json only narrows it).
        project: './tsconfig.json',
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // A leading underscore marks a parameter a signature needs but the body does not (hooks, rest args), and `_` a discarded loop value.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_$' }],
      // An abort signal's reason and an error from a worker are passed on as they came (typed any/unknown, often an Error).
      '@typescript-eslint/prefer-promise-reject-errors': [
        'error',
        { allowThrowingAny: true, allowThrowingUnknown: true },
      ],
    },
  },
  {
    files: ['lib/codec/encoder.ts', 'lib/codec/builtins.ts'],
    // Built-in methods are kept as loaded and called with .call, so user code that patches a prototype cannot change an encoding.
    rules: { '@typescript-eslint/unbound-method': 'off' },
  },
  {
    files: ['spec/codec/**'],
    // Array holes are what these tests check; a literal like [1, , 3] shows them best.
    rules: { 'no-sparse-arrays': 'off' },
  },
  {
    files: ['spec/stress/failing.ts'],
    // TypeScript requires a mixin's base constructor type to take any[] (TS2545).
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    extends: [js.configs.recommended],
  },
  {
    files: ['**/*.mjs', 'scripts/**', 'spec/**'],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: globals.node },
  },
  {
    files: ['examples/browser/**/*.js', 'spec/browser/pages/**/*.js'],
    languageOptions: { globals: globals.browser },
  },
  {
    // Mocha in Node, with callbacks that run in the page.
    files: ['spec/browser/browser.spec.mjs'],
    languageOptions: { globals: { ...globals.mocha, ...globals.browser } },
  },
);
