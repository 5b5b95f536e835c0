import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleIsFresh } from '../../service/bin/fresh-bundle.mjs';
import { buildKpiWorkbook } from '../fixtures/kpi-book';
import { goal1 } from '../fixtures/kpi-seed';

const run = promisify(execFile);
let dir: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sousei-cli-bundle-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('which `sousei` runs: the prebuilt bundle only while no source is newer', () => {
  const at = (file: string, seconds: number) => fs.utimesSync(file, seconds, seconds);

  it('is fresh when the bundle is newer than every source, stale when any source is newer or it is missing', () => {
    const root = path.join(dir, 'tree');
    fs.mkdirSync(path.join(root, 'src/deep'), { recursive: true });
    const bundle = path.join(root, 'bundle.mjs');
    const a = path.join(root, 'src/a.ts');
    const b = path.join(root, 'src/deep/b.ts');
    const lock = path.join(root, 'package-lock.json');
    const sources = [path.join(root, 'src'), lock];
    expect(bundleIsFresh(bundle, sources)).toBe(false);
    for (const f of [bundle, a, b, lock]) fs.writeFileSync(f, '');
    for (const f of [a, b, lock, path.join(root, 'src/deep'), path.join(root, 'src')]) at(f, 1_000);
    at(bundle, 2_000);
    expect(bundleIsFresh(bundle, sources)).toBe(true);
    at(b, 3_000); // an edited file two directories down
    expect(bundleIsFresh(bundle, sources)).toBe(false);
    at(b, 1_000);
    at(lock, 3_000); // `npm ci` after a dependency changed
    expect(bundleIsFresh(bundle, sources)).toBe(false);
    at(lock, 1_000);
    fs.writeFileSync(path.join(root, 'src/deep/b.test.ts'), ''); // tests are not in the bundle…
    at(path.join(root, 'src/deep'), 1_000);
    expect(bundleIsFresh(bundle, sources)).toBe(true);
    fs.rmSync(a); // …but a removed (or added) source changes its directory
    expect(bundleIsFresh(bundle, sources)).toBe(false);
  });

  it('the bundle answers as the sources run through tsx do, with and without its code cache', async () => {
    const out = path.join(dir, 'cli');
    await run(process.execPath, ['service/build.mjs', '--outdir', out]);
    // As service/bin/sousei.mjs runs it, keeping the code cache after every run.
    const runner = path.join(dir, 'run-bundle.mjs');
    fs.writeFileSync(
      runner,
      `import { runWithCodeCache } from ${JSON.stringify(path.resolve('service/bin/code-cache.mjs'))};\n` +
        `runWithCodeCache(${JSON.stringify(path.join(out, 'sousei.cjs'))}, () => true);\n`,
    );
    const caches = () => fs.readdirSync(out).filter((f) => f.endsWith('.v8cache'));
    const workbook = path.join(dir, 'kpi.xlsx');
    fs.writeFileSync(workbook, await buildKpiWorkbook([goal1]));
    const answer = async (program: string[], args: string[]) => {
      try {
        const { stdout, stderr } = await run(process.execPath, [...program, ...args]);
        return { code: 0, stdout, stderr };
      } catch (error) {
        const e = error as { code: number; stdout: string; stderr: string };
        return { code: e.code, stdout: e.stdout, stderr: e.stderr };
      }
    };
    for (const args of [
      ['validate', workbook, '--format', 'json'],
      ['validate', workbook],
      ['--help'],
      ['nope'],
    ]) {
      const source = await answer(['--import', 'tsx', 'service/src/cli/entry.ts'], args);
      const first = await answer([runner], args);
      expect(first).toEqual(source);
      expect(caches()).toHaveLength(1); // written by the first run…
      const cached = await answer([runner], args);
      expect(cached).toEqual(source); // …and the same answer from the cached code
    }
  });
});
