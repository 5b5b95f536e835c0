#!/usr/bin/env node
// The `sousei` command. Runs the prebuilt bundle (dist/cli/, `npm run build`) when it is at least as
// new as every source it was built from; otherwise compiles the TypeScript through tsx, as before
// the bundle existed: a fresh checkout, or an edited source, never runs stale code.
import path from 'node:path';
import v8 from 'node:v8';
import { fileURLToPath } from 'node:url';
import { runWithCodeCache } from './code-cache.mjs';
import { bundleIsFresh } from './fresh-bundle.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bundle = path.join(root, 'dist/cli/sousei.cjs');
const sources = ['service/src', 'shared', 'package.json', 'package-lock.json'].map((p) => path.join(root, p));

// The code cache is kept from a `validate` run that ended normally: that is the command run once per
// file, whose start-up counts, and its compiled functions (reader, engine, rules) are the ones worth
// keeping. Other commands use it when it exists.
// V8 optimizes a function once it has spent an interrupt budget of bytecode (132 KB by default, tuned
// for pages and servers that run for long). A command runs for a fraction of a second: with the default,
// compiling optimized code on background threads cost more CPU than that code saved (a 1k-row validate
// 0.23 s → 0.17 s with 4 MB; 10k rows alike; 100k rows +10 %: docs/PERFORMANCE.md). The service
// (`serve`) keeps the default.
if (process.argv[2] !== 'serve') v8.setFlagsFromString('--interrupt-budget=4194304');

if (bundleIsFresh(bundle, sources))
  runWithCodeCache(bundle, () => process.argv[2] === 'validate' && [0, 1].includes(process.exitCode ?? 0));
else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/entry.ts');
}
