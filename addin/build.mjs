// Builds the browser bundles (task pane, drop page, console) into dist/. Fast enough to run on every start.
import { build } from 'esbuild';
import { cpSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip, gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'dist');
const minify = process.env.NODE_ENV !== 'development';

mkdirSync(path.join(out, 'addin'), { recursive: true });
cpSync(path.join(root, 'addin/public'), path.join(out, 'addin'), { recursive: true });

const common = {
  bundle: true,
  minify,
  sourcemap: true,
  target: ['chrome100', 'edge100', 'safari15'],
  platform: 'browser',
  format: 'iife',
  metafile: true,
  legalComments: 'linked',
  jsx: 'automatic',
  define: { 'process.env.NODE_ENV': JSON.stringify(minify ? 'production' : 'development') },
  logLevel: 'warning',
};

/** zod's locales index → only the locales a bundle shows (see the module named). */
const zodLocales = (module) => ({
  name: 'zod-locales',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      args.importer.includes(`${path.sep}zod${path.sep}`) ? { path: path.join(root, module) } : undefined,
    );
  },
});

const [taskpane, web, checkWorker, consoleBundle] = await Promise.all([
  build({
    ...common,
    plugins: [zodLocales('addin/src/zod-locales-en.ts')],
    entryPoints: [path.join(root, 'addin/src/taskpane/main.tsx')],
    outfile: path.join(out, 'addin/taskpane.js'),
  }),
  build({
    ...common,
    plugins: [zodLocales('addin/src/web/zod-locales-en-ja.ts')],
    entryPoints: [path.join(root, 'addin/src/web/main.ts')],
    outfile: path.join(out, 'web/web.js'),
  }),
  // The drop page's reader and engine run in this worker, off the page's thread.
  build({
    ...common,
    plugins: [zodLocales('addin/src/web/zod-locales-en-ja.ts')],
    entryPoints: [path.join(root, 'addin/src/web/check-worker.ts')],
    outfile: path.join(out, 'web/check-worker.js'),
  }),
  // The planning office's console at /console.
  build({
    ...common,
    plugins: [zodLocales('addin/src/web/zod-locales-en-ja.ts')],
    entryPoints: [path.join(root, 'addin/src/console/main.tsx')],
    outfile: path.join(out, 'console/console.js'),
  }),
]);

// Compressed copies the service sends to browsers that accept them (docs/PERFORMANCE.md: brotli
// quality 5 is 9 % smaller than gzip in a fraction of quality 11's time; the build runs on every start).
const brotli = promisify(brotliCompress);
const gz = promisify(gzip);
await Promise.all(
  ['addin', 'web', 'console'].flatMap((dir) =>
    readdirSync(path.join(out, dir))
      .filter((name) => /\.(js|css)$/.test(name))
      .map(async (name) => {
        const file = path.join(out, dir, name);
        const bytes = readFileSync(file);
        const [br, gzipped] = await Promise.all([
          brotli(bytes, {
            params: {
              [constants.BROTLI_PARAM_QUALITY]: 5,
              [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
            },
          }),
          gz(bytes, { level: 9 }),
        ]);
        writeFileSync(`${file}.br`, br);
        writeFileSync(`${file}.gz`, gzipped);
      }),
  ),
);

if (process.argv.includes('--report')) {
  // Sizes as served (minified, gzip -9) and the heaviest packages of each bundle (bytes in the output).
  for (const [name, result] of [
    ['taskpane', taskpane],
    ['web', web],
    ['check-worker', checkWorker],
    ['console', consoleBundle],
  ]) {
    for (const [file, meta] of Object.entries(result.metafile.outputs)) {
      if (!file.endsWith('.js')) continue;
      const gzip = gzipSync(readFileSync(path.join(root, file)), { level: 9 }).length;
      console.log(
        `${name}: ${file} ${(meta.bytes / 1024).toFixed(0)} KB minified, ${(gzip / 1024).toFixed(0)} KB gzip`,
      );
      const byPackage = new Map();
      for (const [input, { bytesInOutput }] of Object.entries(meta.inputs)) {
        const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
        const key = m ? m[1] : input.split('/').slice(0, 2).join('/');
        byPackage.set(key, (byPackage.get(key) ?? 0) + bytesInOutput);
      }
      for (const [pkg, bytes] of [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, 8))
        console.log(`  ${pkg.padEnd(40)} ${(bytes / 1024).toFixed(0)} KB`);
    }
  }
}
