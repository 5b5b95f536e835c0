#!/usr/bin/env node
// The `sousei` command. Runs the prebuilt bundle (dist/cli/, `npm run build`) when it is at least as
// new as every source it was built from; otherwise compiles the TypeScript through tsx, as before
// the bundle existed: a fresh checkout, or an edited source, never runs stale code.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { bundleIsFresh } from './fresh-bundle.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bundle = path.join(root, 'dist/cli/sousei.mjs');
const sources = ['service/src', 'shared', 'package.json', 'package-lock.json'].map((p) => path.join(root, p));

if (bundleIsFresh(bundle, sources)) await import(pathToFileURL(bundle).href);
else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/entry.ts');
}
