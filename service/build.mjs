// Builds the `sousei` CLI into dist/cli/ (run by `npm run build`), so that a command starts without
// compiling TypeScript: one CommonJS file for Node (sousei.cjs), which service/bin/sousei.mjs runs with
// V8's code cache (service/bin/code-cache.mjs) while it is not older than the sources, and the service's
// worker (analyze-worker.mjs). `--outdir DIR` builds elsewhere (the CLI bundle test).
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
// the zod it extends). The rest stay in node_modules, loaded only when a command's code runs: native
// addons (better-sqlite3, pg), packages that find their own files at run time (pino's transports,
// piscina's workers, office.js), and the service's heavy CommonJS libraries.
const bundled = new Set(['zod', 'pako', 'fastest-levenshtein', '@asteasolutions/zod-to-openapi']);
const { dependencies } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));

const common = {
  outdir: staging,
  bundle: true,
  platform: 'node',
  target: 'node20',
  minify: true,
  sourcemap: true,
  external: Object.keys(dependencies).filter((name) => !bundled.has(name)),
  plugins: [
    {
      // Large JSON (the bundled definitions) as a string given to JSON.parse: V8 scans a string literal
      // far faster than it parses the same data as an object literal.
      name: 'json-as-string',
      setup(b) {
        b.onLoad({ filter: /\.json$/ }, (args) => ({
          contents: `export default JSON.parse(${JSON.stringify(JSON.stringify(JSON.parse(readFileSync(args.path, 'utf8'))))});`,
          loader: 'js',
        }));
      },
    },
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
};

// Dated before any source is read: a source saved during the build counts as newer than the bundle.
const started = new Date();
await Promise.all([
  // CommonJS, one file: V8 can cache the compiled code of a script (vm.Script) but, in Node 20, not of
  // an ES module. The commands' own imports (`token`, `serve`) are bundled in, evaluated only when
  // the command runs; the packages they need are required from node_modules only then.
  build({
    ...common,
    entryPoints: { sousei: path.join(root, 'service/src/cli/entry.ts') },
    outExtension: { '.js': '.cjs' },
    format: 'cjs',
    // import.meta.url, as the sources use it to find files next to themselves.
    define: { 'import.meta.url': '__sousei_module_url' },
    banner: { js: 'const __sousei_module_url = require("node:url").pathToFileURL(__filename).href;' },
  }),
  // `sousei serve`'s worker pool loads this file from next to the bundle (see pool.ts).
  build({
    ...common,
    entryPoints: { 'analyze-worker': path.join(root, 'service/src/xlsx/worker.ts') },
    outExtension: { '.js': '.mjs' },
    format: 'esm',
  }),
]);
utimesSync(path.join(staging, 'sousei.cjs'), started, started);
// Swapped in whole (renames are atomic): a command started meanwhile finds the old bundle, none
// (→ tsx), or the new one. The code cache of an older bundle goes with it.
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
