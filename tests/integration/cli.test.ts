import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundledStrategies } from '#shared';
import { sousei as runSousei, souseiProcess } from '../support/cli';
import { buildKpiWorkbook } from '../fixtures/kpi-book';
import { goal1, goal1Complete, type FixtureGoal } from '../fixtures/kpi-seed';

let dir: string;

const sousei = (...args: string[]) => runSousei(dir, ...args);

// goal1 with ④イ's fund KPI put back: validated against kushiro-1 with no department, every KPI of
// the items a workbook lists must be there (kpi-schema.missing-kpi), so a clean book holds them all.
const goal1Whole: FixtureGoal = {
  ...goal1,
  policies: goal1.policies.map((p) => goal1Complete.policies.find((c) => c.label === p.label)!),
};

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sousei-cli-'));
  fs.writeFileSync(path.join(dir, 'clean.xlsx'), await buildKpiWorkbook([goal1Whole]));
  const broken = structuredClone(goal1Whole);
  broken.policies[0]!.items[1]!.label = 'イ 生産基盤の強化による農業振興';
  broken.policies[0]!.items[0]!.kpis[0]!.rows[1]![2] = '114,977トン';
  fs.writeFileSync(path.join(dir, 'broken.xlsx'), await buildKpiWorkbook([broken]));
  fs.writeFileSync(path.join(dir, 'notes.txt'), '施策体系,KPI\n');
  const empty = new ExcelJS.Workbook();
  empty.addWorksheet('KPI');
  fs.writeFileSync(path.join(dir, 'empty.xlsx'), Buffer.from(await empty.xlsx.writeBuffer()));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

// Most tests call the command in this process (runCli); these run the installed `sousei` itself.
describe('the sousei process', () => {
  const installed = (...args: string[]) => souseiProcess({ DATA_DIR: dir }, ...args);

  it('exits 0 on a clean workbook, the report on stdout', async () => {
    const r = await installed('validate', path.join(dir, 'clean.xlsx'), '--strategy', 'kushiro-1');
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toContain('エラーはありません');
  });

  it('exits 1 with the JSON report on stdout when errors are found', async () => {
    const r = await installed(
      'validate',
      path.join(dir, 'broken.xlsx'),
      '--format',
      'json',
      '--strategy',
      'kushiro-1',
    );
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ file: 'broken.xlsx' });
  });

  it('exits 2 with the usage on stderr and no stack trace for an unknown command', async () => {
    const r = await installed('frobnicate');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('使い方 / usage');
    expect(r.stderr).not.toMatch(/at .*\.(ts|js|mjs):\d+/);
  });
});

describe('sousei validate', () => {
  it('exits 0 on a clean workbook', async () => {
    const r = await sousei('validate', path.join(dir, 'clean.xlsx'), '--strategy', 'kushiro-1');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('エラーはありません');
  });

  it('exits 1 and prints the stable JSON shape when errors are found', async () => {
    const r = await sousei(
      'validate',
      path.join(dir, 'broken.xlsx'),
      '--format',
      'json',
      '--strategy',
      'kushiro-1',
    );
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({
      file: 'broken.xlsx',
      sheets: [{ sheet: 'KPI', template: 'kpi', rows: 30 }],
    });
    expect(report.sheets[0].findings).toEqual([
      {
        cell: 'E7',
        row: 7,
        column: '数値',
        rule: 'value.not-number',
        severity: 'error',
        message: expect.stringContaining('114,977トン'),
        messageEn: expect.any(String),
        suggestion: '114,977',
      },
      {
        cell: 'A9',
        row: 9,
        column: '施策体系',
        rule: 'hierarchy.unknown-item',
        severity: 'error',
        message: expect.stringContaining('施策体系にありません'),
        messageEn: expect.any(String),
        suggestion: 'イ 生産基盤の強化による農業の振興',
      },
    ]);
  });

  it('prints a readable Japanese list grouped by sheet', async () => {
    const r = await sousei('validate', path.join(dir, 'broken.xlsx'), '--strategy', 'kushiro-1');
    expect(r.stdout).toContain('■ シート「KPI」 KPI表(30 行)');
    expect(r.stdout).toContain('[エラー] A9');
    expect(r.stdout).toContain('修正案: イ 生産基盤の強化による農業の振興');
    expect(r.stdout).toContain('エラー 2 件');
  });

  it.each([
    ['a missing file', ['validate', 'nope.xlsx'], 'ファイルが見つかりません: nope.xlsx'],
    ['a non-xlsx file', ['validate', 'notes.txt'], 'Excel ブック (.xlsx) ではありません'],
    ['an empty workbook', ['validate', 'empty.xlsx'], 'ブックにデータのあるシートがありません'],
    ['no file', ['validate'], '検証するファイルを 1 つ指定してください'],
    ['a bad format', ['validate', 'clean.xlsx', '--format', 'xml'], '--format は text か json です'],
    ['an unknown command', ['frobnicate'], '使い方 / usage'],
  ])('exits 2 with a clear message on %s', async (_name, args, text) => {
    const resolved = args.map((a) => (a.includes('.') && !a.startsWith('-') ? path.join(dir, a) : a));
    const r = await sousei(...resolved);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(text.replace('nope.xlsx', path.join(dir, 'nope.xlsx')));
    expect(r.stderr).not.toMatch(/at .*\.(ts|js):\d+/);
  });
});

describe('sousei token create', () => {
  it('prints a department token once and stores only its hash', async () => {
    const r = await sousei('token', 'create', '--department', '商業労政課');
    expect(r.code).toBe(0);
    const token = r.stdout.trim();
    expect(token).toMatch(/^ss_[A-Za-z0-9_-]{32}$/);
    expect(r.stderr).toContain('この表示は一度だけです');
    const db = fs.readFileSync(path.join(dir, 'sousei.sqlite'));
    expect(db.includes(Buffer.from(token))).toBe(false);
  });

  it('refuses an unknown department and names the nearest one of the stored definitions', async () => {
    const r = await sousei('token', 'create', '--department', '商業労政');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      '部署「商業労政」は登録されている施策体系(kushiro-1、kushiro-2)の部署一覧にありません。',
    );
    expect(r.stderr).toContain('「商業労政課」のことですか?');
  });

  it('accepts a department of the 1st-period definition only (not in the default kushiro-2)', async () => {
    const only1 = bundledStrategies
      .get('kushiro-1')!
      .departments.find((d) => !bundledStrategies.get('kushiro-2')!.departments.includes(d))!;
    const r = await sousei('token', 'create', '--department', only1);
    expect([r.code, r.stderr]).toEqual([0, expect.stringContaining(`(${only1} / kushiro-1)`)]);
  });

  it('scopes a token to the strategy named, with an expiry; lists tokens without secrets and revokes one', async () => {
    const made = await sousei(
      'token',
      'create',
      '--department',
      '水産課',
      '--strategy',
      'kushiro-1',
      '--expires',
      '2099-03-31',
    );
    expect([made.code, made.stderr]).toEqual([
      0,
      expect.stringContaining('(水産課 / kushiro-1、有効期限 2099-04-01 00:00 まで)'),
    ]);
    const bad = await sousei('token', 'create', '--department', '水産課', '--expires', '2099-02-30');
    expect([bad.code, bad.stderr]).toEqual([2, expect.stringContaining('有効期限「2099-02-30」は')]);

    const listed = await sousei('token', 'list', '--format', 'json');
    const tokens = JSON.parse(listed.stdout) as { id: number; department: string; strategyId: string }[];
    const mine = tokens.find((t) => t.department === '水産課')!;
    expect(mine).toMatchObject({
      strategyId: 'kushiro-1',
      expiresAt: '2099-03-31T15:00:00.000Z',
      revokedAt: null,
    });
    expect(listed.stdout).not.toContain(made.stdout.trim());

    const revoked = await sousei('token', 'revoke', String(mine.id));
    expect([revoked.code, revoked.stderr]).toEqual([0, expect.stringContaining('を失効させました')]);
    const text = await sousei('token', 'list');
    const line = text.stdout.split('\n').find((l) => l.startsWith(`${mine.id}\t`))!;
    // ID, role, department, strategy, created, last used, expires, revoked (Japan time), label.
    expect(line.split('\t').slice(0, 4)).toEqual([String(mine.id), 'department', '水産課', 'kushiro-1']);
    expect(line.split('\t')[7]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d$/);
    expect((await sousei('token', 'revoke', '99999')).code).toBe(2);
  });
});
