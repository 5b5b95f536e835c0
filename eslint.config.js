import js from '@eslint/js';
import globals from 'globals';
import officeAddins from 'eslint-plugin-office-addins';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'data/', 'test-results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  // recommendedTypeChecked on the TypeScript (floating promises, unsafe any from JSON.parse, …): one
  // program, the root tsconfig that holds every part, the tests and the benchmarks.
  ...tseslint.configs.recommendedTypeCheckedOnly.map((config) => ({
    ...config,
    files: ['**/*.ts', '**/*.tsx'],
    ignores: ['types/**'],
  })),
  {
    files: ['**/*.ts', '**/*.tsx'],
    ignores: ['types/**'],
    languageOptions: { parserOptions: { project: './tsconfig.json', tsconfigRootDir: import.meta.dirname } },
  },
  { files: ['**/*.mjs', '**/*.js'], languageOptions: { globals: globals.node } },
  { files: ['**/*.cjs'], languageOptions: { sourceType: 'commonjs', globals: globals.node } },
  // Hand-written ES5 for the pages' first scripts (Trident): browser scripts after office.js, not modules.
  {
    files: ['addin/public/*.js'],
    languageOptions: { sourceType: 'script', globals: { ...globals.browser, Office: 'readonly' } },
  },
  // Microsoft's Office.js rules, only the four that catch real Excel failures (reading what was not
  // loaded or synced, a sync per loop turn, loading whole navigation objects). Not the plugin's
  // `recommended`, which would bring prettier and React rules that clash with this repo's setup.
  {
    files: ['addin/src/excel/**/*.ts'],
    plugins: { 'office-addins': officeAddins },
    rules: {
      'office-addins/load-object-before-read': 'error',
      'office-addins/call-sync-before-read': 'error',
      'office-addins/no-context-sync-in-loop': 'error',
      'office-addins/no-navigational-load': 'error',
    },
  },
  // React's rules of hooks and dependency lists on the pane's, the console's and the shared UI's components
  // (the two classic rules; v7's React Compiler rules are for code written for the compiler).
  {
    files: ['addin/src/**/*.tsx', 'addin/src/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
  // Tests: supertest types every response body as `any` (the contract test checks each route's body
  // against its schema in shared/api/), and fakes return promises from plain async functions.
  {
    files: ['**/*.test.ts', 'tests/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/require-await': 'off',
      // exceljs types a cell's value as any cell content; the tests read back texts they wrote.
      '@typescript-eslint/no-base-to-string': 'off',
    },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
);
