import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sousei as runSousei } from '../support/cli';
import {
  bundledStrategies,
  importStrategyFromWorkbook,
  loadStrategyJson,
  snapshotFromExcelJs,
  strategyJsonSchema,
  walkNodes,
} from '#shared';
import { buildKpiWorkbook } from '../fixtures/kpi-book';
import { goal1 } from '../fixtures/kpi-seed';
import { buildStrategyWorkbook } from '../fixtures/strategy-sheet';

let dir: string;
const kushiro2 = bundledStrategies.get('kushiro-2')!;

const sousei = (...args: string[]) => runSousei(dir, ...args);

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sousei-strategy-'));
  const meta: [string, string][] = [
    ['自治体', '釧路市'],
    ['計画期間', 'R2〜R6年度'],
    ['ID', 'kushiro-2-sheet'],
  ];
  fs.writeFileSync(path.join(dir, 'kushiro-2.xlsx'), await buildStrategyWorkbook(kushiro2, meta));
  fs.writeFileSync(
    path.join(dir, 'no-period.xlsx'),
    await buildStrategyWorkbook(kushiro2, [['自治体', '釧路市']]),
  );
  // Another town's definition as JSON: the 1st-period tree under another id, no code involved.
  fs.writeFileSync(
    path.join(dir, 'town.json'),
    JSON.stringify({ ...bundledStrategies.get('kushiro-1')!, id: 'town', municipality: '架空町' }),
  );
  fs.writeFileSync(path.join(dir, 'broken.json'), JSON.stringify({ schemaVersion: 1, id: 'Bad Id' }));
  fs.writeFileSync(path.join(dir, 'kpi.xlsx'), await buildKpiWorkbook([goal1]));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('Excel 施策体系 import (2nd-period seed layout, written by exceljs)', () => {
  it('reads back every node, description, department and 主な事業 of kushiro-2', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(fs.readFileSync(path.join(dir, 'kushiro-2.xlsx')) as unknown as ArrayBuffer);
    const r = importStrategyFromWorkbook(snapshotFromExcelJs(wb));
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.strategy).toMatchObject({
      id: 'kushiro-2-sheet',
      municipality: '釧路市',
      period: { from: 2020, to: 2024 },
    });
    const strip = (s: typeof kushiro2) =>
      [...walkNodes(s.nodes)].map(({ node }) => ({
        code: node.code,
        number: node.number,
        title: node.title,
        description: node.description,
        departments: node.departments,
        projects: node.projects?.map((p) => [p.name, p.restated ?? false]),
        restatementOf: node.restatementOf,
      }));
    expect(strip(r.strategy)).toEqual(strip(kushiro2));
    expect(new Set(r.strategy.departments)).toEqual(
      new Set(kushiro2.nodes.flatMap((g) => g.children.flatMap((p) => p.departments))),
    );
  });
});

describe('sousei strategy', () => {
  it('lists the bundled definitions with the default marked', async () => {
    const r = await sousei('strategy', 'list');
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').filter(Boolean)).toEqual([
      expect.stringMatching(/^kushiro-2 \(既定 \/ default\)\t第2期釧路市/),
      expect.stringMatching(/^kushiro-1\t/),
    ]);
  });

  it('prints what it understood of an .xlsx definition', async () => {
    const r = await sousei('strategy', 'check', path.join(dir, 'kushiro-2.xlsx'));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('階層 / levels: 基本目標 1 4 件 > 施策(節) ① 17 件 > 施策(細節) (ア) 47 件');
    expect(r.stdout).toContain('  ① 釧路らしさを生み出す農林水産業の成長産業化 [水産課、農林課]');
    expect(r.stdout).toContain('    (イ) 医療体制の整備(再掲)');
  });

  it('prints the definition itself with --format json, loadable again', async () => {
    const r = await sousei('strategy', 'check', 'kushiro-1', '--format', 'json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(bundledStrategies.get('kushiro-1'));
  });

  it('exits 1 with each problem of a broken definition', async () => {
    const r = await sousei('strategy', 'check', path.join(dir, 'broken.json'), '--format', 'json');
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.errors.map((e: { path: string }) => e.path)).toEqual(
      expect.arrayContaining(['id', 'municipality', 'title', 'period', 'levels', 'departments', 'nodes']),
    );
    expect(r.stderr).toContain('施策体系の定義にエラーがあります');
  });

  it('exits 1 and says how to add the plan period when an .xlsx has none', async () => {
    const r = await sousei('strategy', 'check', path.join(dir, 'no-period.xlsx'));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('計画期間がありません');
  });

  it('exits 2 on a missing file or bad usage', async () => {
    expect((await sousei('strategy', 'check', path.join(dir, 'nope.json'))).code).toBe(2);
    expect((await sousei('strategy', 'check')).code).toBe(2);
    expect((await sousei('strategy', 'frob')).code).toBe(2);
  });
});

describe('docs/domain.md', () => {
  it('documents a small definition of another town that loads without problems', () => {
    const doc = fs.readFileSync('docs/domain.md', 'utf8');
    const json = /### 別の町の例[^]*?```json\n([^]*?)```/.exec(doc)?.[1];
    const r = loadStrategyJson(json ?? '');
    expect(r).toMatchObject({ ok: true, warnings: [] });
    if (!r.ok) return;
    expect(r.strategy.levels).toHaveLength(4);
    expect([...walkNodes(r.strategy.nodes)].map((n) => n.node.code)).toEqual([
      '1',
      '1-1',
      '1-1-ア',
      '1-1-ア-1',
    ]);
  });
});

describe('docs/strategy.schema.json', () => {
  it('is the JSON Schema of the current zod schema (regenerate: npx sousei strategy schema)', () => {
    expect(JSON.parse(fs.readFileSync('docs/strategy.schema.json', 'utf8'))).toEqual(strategyJsonSchema());
  });
});

describe('sousei validate --strategy', () => {
  it('validates against a bundled id or a definition file', async () => {
    expect((await sousei('validate', path.join(dir, 'kpi.xlsx'), '--strategy', 'kushiro-1')).code).toBe(0);
    expect(
      (await sousei('validate', path.join(dir, 'kpi.xlsx'), '--strategy', path.join(dir, 'town.json'))).code,
    ).toBe(0);
  });

  it('accepts an .xlsx 施策体系 sheet as the strategy', async () => {
    const r = await sousei(
      'validate',
      path.join(dir, 'kpi.xlsx'),
      '--strategy',
      path.join(dir, 'kushiro-2.xlsx'),
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('施策体系にありません');
  });

  it('finds 1st-period items unknown to the 2nd-period default', async () => {
    const r = await sousei('validate', path.join(dir, 'kpi.xlsx'), '--format', 'json');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).sheets[0].findings.map((f: { rule: string }) => f.rule)).toContain(
      'hierarchy.unknown-item',
    );
  });

  it('exits 2 when the strategy cannot be used', async () => {
    const r = await sousei(
      'validate',
      path.join(dir, 'kpi.xlsx'),
      '--strategy',
      path.join(dir, 'broken.json'),
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('施策体系の定義にエラーがあります');
    expect(r.stderr).not.toMatch(/at .*\.(ts|js):\d+/);
  });
});
