import { describe, expect, it } from 'vitest';
import { bundledStrategies } from './bundled/index';
import { parseItemLabel, StrategyIndex } from './lookup';

const k1 = new StrategyIndex(bundledStrategies.get('kushiro-1')!);
const k2 = new StrategyIndex(bundledStrategies.get('kushiro-2')!);

describe('StrategyIndex', () => {
  it('finds 2nd-period items as the hierarchy and the progress report print them', () => {
    for (const printed of [
      '(ア) 持続的成長を目指した水産業の振興',
      'ア 持続的成長を目指した水産業の振興',
      '（ア）持続的成長を目指した水産業の振興',
    ])
      expect(k2.resolve(parseItemLabel(printed))?.node.code).toBe('1-1-ア');
    expect(k2.resolve(parseItemLabel('イ 医療体制の整備(再掲)'))?.node.code).toBe('4-2-イ');
    expect(k2.resolve(parseItemLabel('ア 医療体制の整備'))?.node.code).toBe('3-4-ア');
  });

  it('suggests the near miss with the written number first', () => {
    // As near to イ 教育・保育サービスの充実 as to ④ 医療・保健・福祉サービスの充実 (seed, 基本目標3).
    expect(k2.suggest(parseItemLabel('④医療・保健サービスの充実'))).toBe('④ 医療・保健・福祉サービスの充実');
    expect(k2.suggest(parseItemLabel('ア 持続的成長を目指した水産の振興'))).toBe(
      'ア 持続的成長を目指した水産業の振興',
    );
    // A wrong number does not hide the item: the near miss is looked for among all items then.
    expect(k2.suggest(parseItemLabel('イ 持続的成長を目指した水産の振興'))).toBe(
      'ア 持続的成長を目指した水産業の振興',
    );
  });

  it('gives a 細節 the departments of its 施策(節) when it lists none', () => {
    expect(k2.departmentsOf('1-1-ア')).toEqual(['水産課', '農林課']);
    expect(k1.departmentsOf('1-1-ア')).toEqual(['水産課']);
    expect(k2.departmentsOf('9-9')).toEqual([]);
  });

  it('finds KPI definitions by name, with bullets and 再掲 marks ignored', () => {
    const hits = k1.findKpis('・釧路空港乗降客数');
    expect(hits.map((h) => [h.node.code, h.kpi.restated ?? false])).toEqual([
      ['1-3-エ', false],
      ['2-1-ウ', true],
      ['5-5-イ', true],
    ]);
    expect(k1.findKpis('存在しない指標')).toEqual([]);
  });

  it("reads another town's labels with its own numbering styles", () => {
    const town = new StrategyIndex({
      schemaVersion: 1,
      id: 'town',
      municipality: '架空町',
      title: '架空町総合戦略',
      period: { from: 2025, to: 2029 },
      levels: [
        { name: '章', numbering: { counter: 'kanji', prefix: '第', suffix: '章' } },
        { name: '施策', numbering: { counter: 'iroha', prefix: '', suffix: '.' } },
      ],
      departments: [],
      nodes: [
        {
          code: '1',
          number: '一',
          title: 'しごとをつくる',
          departments: [],
          children: [{ code: '1-イ', number: 'イ', title: '農業の振興', departments: [], children: [] }],
        },
      ],
    });
    expect(town.resolve(parseItemLabel('第一章 しごとをつくる'))?.node.code).toBe('1');
    expect(town.resolve(parseItemLabel('イ.農業の振興'))?.node.code).toBe('1-イ');
    expect(town.suggest(parseItemLabel('第一章 しごとをつくろう'))).toBe('一 しごとをつくる');
  });

  it('reads a label with the definition’s own numbering first, and its number as the node stores it', () => {
    const village = new StrategyIndex({
      schemaVersion: 1,
      id: 'village',
      municipality: '架空村',
      title: '架空村総合戦略',
      period: { from: 2025, to: 2029 },
      levels: [
        { name: '基本目標', numbering: { counter: 'arabic', prefix: '', suffix: '.' } },
        { name: '施策', numbering: 'paren-katakana' },
      ],
      departments: [],
      nodes: [
        {
          code: '1',
          number: '1',
          title: 'しごとを育てる',
          departments: [],
          children: [{ code: '1-ア', number: 'ア', title: '観光の振興', departments: [], children: [] }],
        },
      ],
    });
    expect(village.label('２．しごとを育てる')).toEqual({
      number: '2',
      title: 'しごとを育てる',
      restated: false,
    });
    expect(village.label('(イ) 観光の振興(再掲)')).toEqual({
      number: 'イ',
      title: '観光の振興',
      restated: true,
    });
    // Kushiro's goal form is Kushiro's level style, not a pattern of the reader.
    expect(k1.label('【基本目標2】人を呼び込む')).toMatchObject({ number: '2', title: '人を呼び込む' });
    expect(village.label('【基本目標2】人を呼び込む').number).toBeNull();
  });
});
