import path from 'node:path';
import { build } from 'esbuild';

/** The fake Office host as one script a page runs before office.js would (it replaces office.js). */
export async function buildFakeOffice(): Promise<string> {
  const bundle = await build({
    entryPoints: [path.resolve('tests/e2e/support/fake-office-entry.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'chrome100',
  });
  return bundle.outputFiles[0]!.text;
}
