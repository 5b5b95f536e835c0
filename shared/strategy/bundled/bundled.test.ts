import { describe, expect, it } from 'vitest';
import { checkStrategy } from '../load';
import { walkNodes, type Strategy } from '../schema';
import { bundledStrategies, DEFAULT_STRATEGY_ID, defaultStrategy } from './index';

/** Nodes per depth, and children per parent, counted from a definition. */
function shape(s: Strategy) {
  const perLevel: number[] = [];
  const children: Record<string, number> = {};
  for (const { node, depth } of walkNodes(s.nodes)) {
    perLevel[depth] = (perLevel[depth] ?? 0) + 1;
    children[node.code] = node.children.length;
  }
  return { perLevel, children };
}

describe('bundled kushiro-2 (第2期, from the 施策体系案 seed)', () => {
  const s = bundledStrategies.get('kushiro-2')!;
  const { perLevel, children } = shape(s);

  it('is the default', () => {
    expect(DEFAULT_STRATEGY_ID).toBe('kushiro-2');
    expect(defaultStrategy().id).toBe('kushiro-2');
  });

  it('has the 4 基本目標, 17 施策(節) and 47 施策(細節) of the seed', () => {
    expect(perLevel).toEqual([4, 17, 47]);
    // 施策(節) per 基本目標, 細節 per 節, as printed in the seed.
    expect([1, 2, 3, 4].map((g) => children[String(g)])).toEqual([6, 5, 4, 2]);
    expect(
      [
        '1-1',
        '1-2',
        '1-3',
        '1-4',
        '1-5',
        '1-6',
        '2-1',
        '2-2',
        '2-3',
        '2-4',
        '2-5',
        '3-1',
        '3-2',
        '3-3',
        '3-4',
        '4-1',
        '4-2',
      ].map((c) => children[c]),
    ).toEqual([3, 2, 3, 2, 1, 3, 3, 1, 2, 2, 3, 2, 5, 3, 2, 7, 3]);
  });

  it('gives every 施策(細節) its description and every 施策(節) its departments and 主な事業', () => {
    for (const { node, depth } of walkNodes(s.nodes)) {
      if (depth === 2) expect(node.description, node.code).toMatch(/。$/);
      if (depth === 1) {
        expect(node.departments.length, node.code).toBeGreaterThan(0);
        expect(node.projects?.length, node.code).toBeGreaterThan(0);
      }
    }
  });

  it('lists among a 施策(節)’s departments every department that runs one of its 主な事業', () => {
    // The progress report has a row for each of them under the 施策 (3-3: 阿寒・音別保健福祉課).
    for (const { node } of walkNodes(s.nodes))
      for (const p of node.projects ?? [])
        for (const d of p.departments) expect(node.departments, `${node.code} ${p.name}`).toContain(d);
  });

  it('marks 医療体制の整備(再掲) as a restatement of 3-4-ア', () => {
    const restated = [...walkNodes(s.nodes)].filter((e) => e.node.restatementOf);
    expect(restated.map((e) => [e.node.code, e.node.restatementOf])).toEqual([['4-2-イ', '3-4-ア']]);
  });

  it('passes the definition checks', () => {
    expect(checkStrategy(s)).toEqual({ errors: [], warnings: [] });
  });
});

describe('bundled kushiro-1 (第1期, from the KPI table seed)', () => {
  const s = bundledStrategies.get('kushiro-1')!;
  const { perLevel, children } = shape(s);

  it('has the 5 基本目標 with their 施策 and 具体的な施策', () => {
    expect([1, 2, 3, 4, 5].map((g) => children[String(g)])).toEqual([7, 2, 4, 5, 6]);
    expect(perLevel).toEqual([5, 24, 55]);
    expect([1, 2, 3, 4, 5].map((g) => s.nodes[g - 1]!.children.map((p) => p.children.length))).toEqual([
      [3, 2, 4, 2, 1, 1, 3],
      [3, 1],
      [2, 5, 3, 3],
      [2, 6, 2, 1, 3],
      [2, 1, 1, 1, 2, 1],
    ]);
  });

  it('carries the 85 KPI blocks of the seed, restatements marked', () => {
    const kpis = [...walkNodes(s.nodes)].flatMap((e) => e.node.kpis ?? []);
    expect(kpis).toHaveLength(85);
    expect(kpis.filter((k) => k.restated)).toHaveLength(10);
    const first = s.nodes[0]!.children[0]!.children[0]!.kpis![0]!;
    expect(first).toEqual({
      name: '釧路港年間水揚量',
      unit: 'トン',
      direction: 'up',
      owner: '水産課',
      baseline: { period: 'H23-26年平均', value: '117,779' },
      target: { period: 'H31年', value: '120,000' },
    });
  });

  it('sets down-is-good directions from the targets', () => {
    const byName = new Map([...walkNodes(s.nodes)].flatMap((e) => e.node.kpis ?? []).map((k) => [k.name, k]));
    expect(byName.get('0歳児保育の拡充(待機児童数)')?.direction).toBe('down');
    expect(byName.get('人口の社会減')?.direction).toBe('down');
    expect(byName.get('路線バス輸送人員')?.direction).toBe('maintain');
  });

  it('passes the definition checks, with a warning for each slip printed in the seed', () => {
    // The KPIs are kept as printed: three targets set for H32 and one for H27-34 lie beyond the plan
    // (2015–2019), and a share of waiting elderly people is printed in 人 with a target in %.
    const { errors, warnings } = checkStrategy(s);
    expect(errors).toEqual([]);
    expect(warnings.map((w) => [w.path, w.message.ja])).toEqual([
      ['1-1-イ 生乳生産量', '目標の年・年度「H32年」が計画期間(2015〜2019年度)の外です。'],
      ['1-1-イ 野菜出荷量', '目標の年・年度「H32年」が計画期間(2015〜2019年度)の外です。'],
      ['1-1-ウ 素材生産量', '目標の年・年度「H32年」が計画期間(2015〜2019年度)の外です。'],
      [
        '4-2-エ 特別養護老人ホーム定員数に対する在宅重度の待機者数の割合',
        '目標「18.0%以下」の単位が KPI の単位「人」と合いません。',
      ],
      [
        '5-3-ア 公共施設等の延床面積の削減量',
        '目標の年・年度「H27-34年度累計」が計画期間(2015〜2019年度)の外です。',
      ],
    ]);
  });
});
