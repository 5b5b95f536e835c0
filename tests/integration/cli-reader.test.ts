import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { templateMissingTexts } from '#shared';
import { sousei, souseiProcess } from '../support/cli';
import { buildKpiWorkbook } from '../fixtures/kpi-book';
import { goal1 } from '../fixtures/kpi-seed';
import { buildKpiXlsx, kpiGoalsOfSize } from '../fixtures/kpi-xml-book';
import { buildProgressWorkbook } from '../fixtures/progress-book';
import { progressGoal1 } from '../fixtures/progress-seed';
import { worksheetXml, xlsxOf } from '../fixtures/xlsx-parts';

let dir: string;
const file = (name: string) => path.join(dir, name);

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sousei-cli-reader-'));
  fs.writeFileSync(file('kpi.xlsx'), await buildKpiWorkbook([goal1]));
  fs.writeFileSync(file('progress.xlsx'), await buildProgressWorkbook([progressGoal1]));
  fs.writeFileSync(
    file('notes.xlsx'),
    xlsxOf({ sheets: [{ name: 'メモ', xml: worksheetXml('<row r="1"><c r="A1"><v>1</v></c></row>') }] }),
  );
  // The 5 KiB files that crashed the exceljs-based reader (V8 out of memory).
  fs.writeFileSync(
    file('corners.xlsx'),
    xlsxOf({
      sheets: [
        {
          name: 'S',
          xml: worksheetXml(
            '<row r="1"><c r="A1"><v>1</v></c></row><row r="1048576"><c r="XFD1048576"><v>2</v></c></row>',
          ),
        },
      ],
    }),
  );
  fs.writeFileSync(
    file('big-merge.xlsx'),
    xlsxOf({
      sheets: [
        {
          name: 'S',
          xml: worksheetXml(
            '<row r="1"><c r="A1"><v>1</v></c></row>',
            '<mergeCells><mergeCell ref="A1:XFD1048576"/></mergeCells>',
          ),
        },
      ],
    }),
  );
  fs.writeFileSync(file('kpi-3k.xlsx'), buildKpiXlsx(kpiGoalsOfSize(3000)));
  // Records every module the command imports (ESM resolve hook ahead of tsx's) or requires (the
  // prebuilt bundle is CommonJS: each require with the file that asked).
  fs.writeFileSync(
    file('spy.mjs'),
    `export async function resolve(s, c, next) { const r = await next(s, c); process.stderr.write('IMPORTED ' + r.url + '\\n'); return r; }`,
  );
  fs.writeFileSync(
    file('spy.cjs'),
    `const Module = require('node:module');
     const load = Module._load;
     Module._load = function (request, parent, ...rest) {
       process.stderr.write('REQUIRED ' + request + ' FROM ' + (parent && parent.filename) + '\\n');
       return load.call(this, request, parent, ...rest);
     };
     const resolve = Module._resolveFilename;
     Module._resolveFilename = function (...args) {
       const r = resolve.apply(this, args);
       process.stderr.write('RESOLVED ' + r + '\\n');
       return r;
     };`,
  );
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('sousei CLI with the bounded reader', () => {
  it('--help prints the usage and exits 0', async () => {
    const r = await souseiProcess({ DATA_DIR: dir }, '--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('sousei validate');
  });

  it('validate and --help load no database driver, no exceljs and no web server', async () => {
    // The spy sees what each command does load: validate the CLI's commands and --help only the
    // messages, from the sources through tsx; from the prebuilt bundle (one file), what it requires.
    // Packages the bundle leaves out (the drivers, exceljs, express) come from node_modules either way.
    const fromBundle = String.raw`REQUIRED \S+ FROM \S*\/dist\/cli\/sousei\.cjs\n`;
    for (const [args, loaded] of [
      [
        ['validate', file('kpi.xlsx')],
        new RegExp(String.raw`IMPORTED \S*\/service\/src\/cli\/main\.ts\n|${fromBundle}`),
      ],
      [['--help'], new RegExp(String.raw`IMPORTED \S*\/service\/src\/messages\.ts\n|${fromBundle}`)],
    ] as const) {
      const imported = await new Promise<string>((resolve) => {
        const child = spawn(
          process.execPath,
          [
            '--no-warnings',
            '--experimental-loader',
            file('spy.mjs'),
            '--require',
            file('spy.cjs'),
            'service/bin/sousei.mjs',
            ...args,
          ],
          { env: { ...process.env, DATA_DIR: dir } },
        );
        let err = '';
        child.stderr.on('data', (d: Buffer) => (err += d.toString()));
        child.on('close', () => resolve(err));
      });
      expect(imported).toMatch(loaded);
      expect(imported).not.toMatch(
        /(IMPORTED|RESOLVED) \S*node_modules\/(kysely|pg|better-sqlite3|exceljs|express)\//,
      );
    }
  });

  it('--kind: a workbook without that template exits 1 naming what it holds', async () => {
    const r = await sousei(dir, 'validate', file('progress.xlsx'), '--kind', 'kpi');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(templateMissingTexts.kind('kpi', ['進捗報告']).ja);
    expect(r.stderr).toContain('KPI表が見つかりません(見つかった様式: 進捗報告)');
    const kpi = await sousei(dir, 'validate', file('kpi.xlsx'), '--kind', 'kpi');
    expect(kpi.stdout).toContain('KPI表');
    expect(kpi.stderr).not.toContain('見つかりません');
  });

  it('without --kind, a workbook of no known template exits 1 with 様式が見つかりません', async () => {
    const r = await sousei(dir, 'validate', file('notes.xlsx'));
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('様式が見つかりません');
  });

  it('a hostile workbook exits 2 with a Japanese message, never a crash', async () => {
    for (const name of ['corners.xlsx', 'big-merge.xlsx']) {
      const r = await sousei(dir, 'validate', file(name));
      expect([name, r.code]).toEqual([name, name === 'corners.xlsx' ? 2 : 1]);
      expect(r.stderr).not.toMatch(/FATAL|heap|at .*\.(ts|js):\d+/);
    }
    const corners = await sousei(dir, 'validate', file('corners.xlsx'));
    expect(corners.stderr).toContain('使用範囲 A1:XFD1048576 が広すぎます');
  });

  it('output piped into a reader that stops early (head) ends quietly', async () => {
    const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(
        process.execPath,
        ['service/bin/sousei.mjs', 'validate', file('kpi-3k.xlsx'), '--format', 'json'],
        {
          env: { ...process.env, DATA_DIR: dir },
        },
      );
      let err = '';
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      // Read the first chunk, then close the pipe as `head -c` does.
      child.stdout.once('data', () => child.stdout.destroy());
      child.on('close', (c) => resolve({ code: c, stderr: err }));
    });
    expect(stderr).not.toContain('EPIPE');
    expect(code).not.toBeNull();
  });
});
