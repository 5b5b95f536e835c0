// Builds the browser bundles (task pane, drop page) into dist/. Fast enough to run on every start.
import { build } from 'esbuild';
import { cpSync, mkdirSync } from 'node:fs';
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

const [taskpane, web] = await Promise.all([
  build({
    ...common,
    entryPoints: [path.join(root, 'addin/src/taskpane/main.tsx')],
    outfile: path.join(out, 'addin/taskpane.js'),
  }),
  build({
    ...common,
    entryPoints: [path.join(root, 'addin/src/web/main.ts')],
    outfile: path.join(out, 'web/web.js'),
  }),
]);

if (process.argv.includes('--report')) {
  for (const [name, result] of [
    ['taskpane', taskpane],
    ['web', web],
  ]) {
    for (const [file, meta] of Object.entries(result.metafile.outputs)) {
      if (file.endsWith('.js')) console.log(`${name}: ${file} ${meta.bytes} bytes`);
    }
  }
}
