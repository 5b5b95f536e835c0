// Builds the `sousei` CLI into dist/cli/ (run by `npm run build`), so that a command starts without
// compiling TypeScript: ESM for Node, split at the CLI's lazy imports so that `validate` loads neither
// the database drivers nor the web server. service/bin/sousei.mjs runs it while it is not older than
// the sources. `--outdir DIR` builds elsewhere (the CLI bundle test).
import { build } from 'esbuild';
import { existsSync, readFileSync, renameSync, rmSync, utimesSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { outdir: { type: 'string' } } });
const out = path.resolve(values.outdir ?? path.join(root, 'dist/cli'));
// Per process: two builds at once (e.g. two test runs) each write their own, and the last one stays.
const staging = `${out}.building-${process.pid}`;

// Small pure-JS packages are bundled (fewer files to resolve and load at start; zod-to-openapi with
// the zod it extends). The rest stay in node_modules: native addons (better-sqlite3, pg), packages
// that find their own files at run time (pino's transports, piscina's workers, office.js), and the
// service's heavy CommonJS libraries.
const bundled = new Set(['zod', 'fflate', 'fastest-levenshtein', '@asteasolutions/zod-to-openapi']);
const { dependencies } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));

// Dated before any source is read: a source saved during the build counts as newer than the bundle.
const started = new Date();
await build({
  entryPoints: {
    sousei: path.join(root, 'service/src/cli/entry.ts'),
    // `sousei serve`'s worker pool loads this file next to the chunk of pool.ts (see pool.ts).
    'analyze-worker': path.join(root, 'service/src/xlsx/worker.ts'),
  },
  outdir: staging,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minify: true,
  sourcemap: true,
  external: Object.keys(dependencies).filter((name) => !bundled.has(name)),
  plugins: [
    {
      // zod's ~50 message locales → the two the messages use (en, ja; see shared/strategy/load.ts).
      name: 'zod-locales',
      setup(b) {
        b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
          args.importer.includes(`${path.sep}zod${path.sep}`)
            ? { path: path.join(root, 'addin/src/web/zod-locales-en-ja.ts') }
            : undefined,
        );
      },
    },
  ],
  logLevel: 'warning',
});
utimesSync(path.join(staging, 'sousei.mjs'), started, started);
// Swapped in whole (renames are atomic): a command started meanwhile finds the old bundle, none
// (→ tsx), or the new one.
const previous = `${out}.old-${process.pid}`;
try {
  renameSync(out, previous);
} catch (error) {
  if (error.code !== 'ENOENT') throw error;
}
try {
  renameSync(staging, out);
} catch (error) {
  // Another build of the same sources put its bundle there in the meantime: keep that one.
  rmSync(staging, { recursive: true, force: true });
  if (!existsSync(out)) throw error;
}
rmSync(previous, { recursive: true, force: true });
