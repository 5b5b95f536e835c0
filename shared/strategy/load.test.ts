import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bundledStrategies } from './bundled/index';
import { loadStrategy } from './load';
import { DEFAULT_PROJECT_CATEGORIES, projectCategoryWords } from './schema';

/** The format-3 fixture: an invented village with project categories, descriptions and an implementer. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the tests edit raw JSON at any depth, as a town would
const village = (): Record<string, any> =>
  JSON.parse(fs.readFileSync('tests/fixtures/sora-village-v3.json', 'utf8'));

const messages = (raw: unknown) => {
  const r = loadStrategy(raw);
  return { ok: r.ok, warnings: r.warnings.map((w) => [w.path, w.message.ja]) };
};

/** A village whose first KPI is replaced by this one. */
function withKpi(kpi: Record<string, unknown>) {
  const v = village();
  v.nodes[0].children[0].kpis = [{ name: '試しの KPI', direction: 'up', owner: '産業振興課', ...kpi }];
  v.nodes[1].children[0].kpis = [];
  return v;
}

describe('definition format 3', () => {
  it('loads project 区分, 内容 and 実施主体 and the definition’s own category words, without warnings', () => {
    const r = loadStrategy(village());
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.warnings).toEqual([]);
    expect(r.strategy.nodes[0]!.children[0]!.projects).toEqual([
      expect.objectContaining({
        name: '特産品開発支援事業',
        category: '拡充',
        description: expect.any(String),
      }),
      expect.objectContaining({
        name: '道の駅販路拡大事業',
        category: '新規',
        implementer: '架空村観光協会',
      }),
    ]);
    expect(projectCategoryWords(r.strategy)).toEqual(['新規', '拡充', '継続', '見直し']);
  });

  it('uses 新規・拡充・継続 when a definition lists no categories, and warns on a word outside the list', () => {
    const v = village();
    delete v.projectCategories;
    const r = loadStrategy(v);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(projectCategoryWords(r.strategy)).toEqual(DEFAULT_PROJECT_CATEGORIES);
    expect(DEFAULT_PROJECT_CATEGORIES).toEqual(['新規', '拡充', '継続']);
    v.nodes[0].children[0].projects[0].category = '見直し';
    expect(messages(v).warnings).toEqual([
      ['1-A 特産品開発支援事業', '事業の区分「見直し」が区分の一覧(新規、拡充、継続)にありません。'],
    ]);
  });

  it('still loads versions 1 and 2, and asks for version 3 when an older one uses its fields', () => {
    const kushiro2 = bundledStrategies.get('kushiro-2')!;
    expect(messages({ ...kushiro2, schemaVersion: 1, evaluations: undefined })).toEqual({
      ok: true,
      warnings: [],
    });
    expect(messages({ ...kushiro2, schemaVersion: 2 })).toEqual({ ok: true, warnings: [] });
    const v2 = { ...village(), schemaVersion: 2 };
    const r = messages(v2);
    expect(r.ok).toBe(true);
    expect(r.warnings.map(([path, text]) => [path, text!.slice(0, text!.indexOf(' は'))])).toEqual([
      ['projectCategories', 'projectCategories'],
      ['1-A 特産品開発支援事業', 'category'],
      ['1-A 特産品開発支援事業', 'description'],
      ['1-A 道の駅販路拡大事業', 'category'],
      ['1-A 道の駅販路拡大事業', 'implementer'],
      ['2-A 見守りネットワーク事業', 'category'],
    ]);
    expect(loadStrategy({ ...village(), schemaVersion: 4 }).ok).toBe(false);
  });

  it('warns on each unknown field with where it is, and still loads the rest', () => {
    const v = village();
    v.nodes[1].children[0].projects[0].区分 = '継続';
    v.nodes[0].kpi = [];
    v.levels[0].nmbering = 'arabic';
    v.publishedAt = '2026-03-31';
    const r = loadStrategy(v);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.warnings.map((w) => [w.path, w.message.ja, w.message.en])).toEqual([
      [
        'levels[0].nmbering',
        '「nmbering」は定義の形式にない項目のため読み飛ばしました。綴りと schemaVersion を確認してください。',
        '"nmbering" is not a field of the definition format and was ignored: check its spelling and schemaVersion.',
      ],
      ['nodes[0].kpi', expect.stringContaining('「kpi」'), expect.any(String)],
      ['nodes[1].children[0].projects[0].区分', expect.stringContaining('「区分」'), expect.any(String)],
      ['publishedAt', expect.stringContaining('「publishedAt」'), expect.any(String)],
    ]);
    expect(r.strategy.nodes[1]!.children[0]!.projects![0]).toEqual({
      name: '見守りネットワーク事業',
      departments: ['住民福祉課'],
      category: '継続',
    });
  });
});

describe('KPI definitions that cannot be right (load warnings)', () => {
  const base = { unit: '人', baseline: { period: 'R7年度', value: 100 } };

  it('warns on a target period outside the plan, a baseline after it or after its target', () => {
    expect(messages(withKpi({ ...base, target: { period: 'R15年度', value: 120 } })).warnings).toEqual([
      ['1-A 試しの KPI', '目標の年・年度「R15年度」が計画期間(2026〜2030年度)の外です。'],
    ]);
    expect(
      messages(
        withKpi({
          ...base,
          baseline: { period: 'R13年度', value: 100 },
          target: { period: 'R12年度', value: 120 },
        }),
      ).warnings,
    ).toEqual([
      ['1-A 試しの KPI', '現状値の年・年度「R13年度」が計画期間の終わり(2030年度)より後です。'],
      ['1-A 試しの KPI', '現状値の年・年度「R13年度」が目標の年・年度「R12年度」より後です。'],
    ]);
    expect(
      messages(
        withKpi({
          ...base,
          baseline: { period: 'R11年度', value: 100 },
          target: { period: 'R10年度', value: 120 },
        }),
      ).warnings,
    ).toEqual([['1-A 試しの KPI', '現状値の年・年度「R11年度」が目標の年・年度「R10年度」より後です。']]);
    // A baseline before the plan is the rule, and a cumulative target inside it is fine.
    expect(
      messages(withKpi({ ...base, target: { period: 'R8-12年度累計', value: '5年で150人増加' } })).warnings,
    ).toEqual([]);
  });

  it('warns on a target in a unit of another kind than the KPI’s', () => {
    expect(messages(withKpi({ ...base, target: { period: 'R12年度', value: '1.49%' } })).warnings).toEqual([
      ['1-A 試しの KPI', '目標「1.49%」の単位が KPI の単位「人」と合いません。'],
    ]);
    expect(
      messages(withKpi({ ...base, target: { period: 'R12年度', value: '5ポイント向上' } })).warnings,
    ).toHaveLength(1);
    for (const [unit, value] of [
      ['人', 'ゼロ名維持'], // zero is zero in any unit
      ['万円', '25%増(対R7年度比)'], // a rate of change fits any KPI
      ['%', '5年で41.5%とし1.5ポイント向上'],
      ['人', '4万人以上'],
      ['', '1.49'], // a unitless rate (合計特殊出生率)
    ] as const)
      expect(
        messages(withKpi({ ...base, unit, target: { period: 'R12年度', value } })).warnings,
        `${unit} ${value}`,
      ).toEqual([]);
  });

  it('warns when the target’s wording points against the KPI’s direction', () => {
    const down = withKpi({
      ...base,
      unit: '%',
      direction: 'down',
      baseline: { period: 'R7年度', value: 12 },
      target: { period: 'R12年度', value: '5年で3ポイント向上' },
    });
    expect(messages(down).warnings).toEqual([
      [
        '1-A 試しの KPI',
        '目標「5年で3ポイント向上」の向きが KPI の良い方向(減少 down)と逆です。direction か目標を確認してください。',
      ],
    ]);
    down.nodes[0].children[0].kpis[0].target.value = '5年で3ポイント低下';
    expect(messages(down).warnings).toEqual([]);
    const up = withKpi({ ...base, target: { period: 'R12年度', value: '20人減少' } });
    expect(messages(up).warnings).toEqual([
      ['1-A 試しの KPI', expect.stringContaining('良い方向(増加 up)と逆です')],
    ]);
  });
});
