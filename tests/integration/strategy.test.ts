import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sousei as runSousei } from '../support/cli';
import {
  bundledStrategies,
  DEFAULT_EVALUATIONS,
  evaluationWords,
  importStrategyFromWorkbook,
  loadStrategy,
  loadStrategyJson,
  strategyJsonSchema,
  walkNodes,
} from '#shared';
import { buildKpiWorkbook } from '../fixtures/kpi-book';
import { goal1 } from '../fixtures/kpi-seed';
import { snapshotOf } from '../fixtures/snapshot';
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
  fs.writeFileSync(
    path.join(dir, 'town-evaluations.xlsx'),
    await buildStrategyWorkbook(kushiro2, [
      ['自治体', '架空町'],
      ['計画期間', 'R7〜R11年度'],
      ['評価区分', '拡充、継続、見直し、廃止'],
    ]),
  );
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('Excel 施策体系 import (2nd-period seed layout, written by exceljs)', () => {
  it('reads back every node, description, department and 主な事業 of kushiro-2', async () => {
    const r = importStrategyFromWorkbook(await snapshotOf(fs.readFileSync(path.join(dir, 'kushiro-2.xlsx'))));
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

describe('評価 words in the definition (format 2)', () => {
  // A format-1 definition: no evaluations field (undefined is what JSON without it parses to).
  const kushiro1Format1 = {
    ...bundledStrategies.get('kushiro-2')!,
    schemaVersion: 1,
    evaluations: undefined,
  };

  it('loads a format-1 definition (no list) with the default words', () => {
    const r = loadStrategy(kushiro1Format1);
    expect(r).toMatchObject({ ok: true, warnings: [] });
    if (r.ok) expect(evaluationWords(r.strategy)).toEqual(DEFAULT_EVALUATIONS);
  });

  it('uses a definition’s own list, and warns when a format-1 definition carries one or repeats a word', () => {
    const r = loadStrategy({ ...kushiro1Format1, evaluations: ['拡充', '見直し', '見直し'] });
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(evaluationWords(r.strategy)).toEqual(['拡充', '見直し', '見直し']);
    expect(r.warnings.map((w) => [w.path, w.message.ja])).toEqual([
      ['evaluations', expect.stringContaining('schemaVersion を 2 に')],
      ['evaluations', '評価の区分「見直し」が重複しています。'],
    ]);
  });

  it('refuses an unknown format version and an empty list', () => {
    const r = loadStrategy({ ...kushiro1Format1, schemaVersion: 4, evaluations: [] });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => e.path)).toEqual(['schemaVersion', 'evaluations']);
  });

  it('imports the words from a 評価区分 row above an Excel 施策体系 header', async () => {
    const r = importStrategyFromWorkbook(
      await snapshotOf(fs.readFileSync(path.join(dir, 'town-evaluations.xlsx'))),
    );
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.strategy).toMatchObject({ schemaVersion: 3, evaluations: ['拡充', '継続', '見直し', '廃止'] });
  });

  it('says which words `strategy check` will accept, and whether they are the default', async () => {
    const own = await sousei('strategy', 'check', path.join(dir, 'town-evaluations.xlsx'));
    expect(own.stdout).toContain('評価の区分 / evaluation words: 拡充、継続、見直し、廃止\n');
    const fallback = await sousei('strategy', 'check', path.join(dir, 'kushiro-2.xlsx'));
    expect(fallback.stdout).toContain(
      `評価の区分 / evaluation words: ${DEFAULT_EVALUATIONS.join('、')} (既定 / default)`,
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

  it('prints the definition itself with --format json, loadable again, next to its warnings', async () => {
    const r = await sousei('strategy', 'check', 'kushiro-1', '--format', 'json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.strategy).toEqual(bundledStrategies.get('kushiro-1'));
    expect(loadStrategy(out.strategy).ok).toBe(true);
    // The seed's own slips (targets beyond the plan, a % target on a KPI in 人), in both languages.
    expect(out.warnings).toHaveLength(5);
    expect(out.warnings[0]).toEqual({
      path: '1-1-イ 生乳生産量',
      message: {
        ja: '目標の年・年度「H32年」が計画期間(2015〜2019年度)の外です。',
        en: 'The target period "H32年" lies outside the plan period (FY2015–2019).',
      },
    });
  });

  it('prints the warnings of a definition file in text, and still exits 0', async () => {
    const file = path.join(dir, 'village-slips.json');
    const village = JSON.parse(fs.readFileSync('tests/fixtures/sora-village-v3.json', 'utf8'));
    village.nodes[0].children[0].projects[0].区分 = '新規';
    village.nodes[1].children[0].kpis[0].unit = '人';
    fs.writeFileSync(file, JSON.stringify(village));
    const r = await sousei('strategy', 'check', file);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('事業の区分 / project categories: 新規、拡充、継続、見直し\n');
    expect(r.stderr).toContain(
      '  nodes[0].children[0].projects[0].区分: 「区分」は定義の形式にない項目のため読み飛ばしました。',
    );
    expect(r.stderr).toContain(
      '2-A 見守り協力世帯の割合: 目標「50%とし10ポイント向上」の単位が KPI の単位「人」と合いません。',
    );
    const json = JSON.parse((await sousei('strategy', 'check', file, '--format', 'json')).stdout);
    expect(json.warnings.map((w: { path: string }) => w.path)).toEqual([
      'nodes[0].children[0].projects[0].区分',
      '2-A 見守り協力世帯の割合',
    ]);
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
