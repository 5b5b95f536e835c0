import { describe, expect, it } from 'vitest';
import { bundledStrategies } from '../strategy/bundled/index';
import { validateKpiRows } from '../engine/validate';
import type { KpiRow } from '../templates/kpi';

const strategy = bundledStrategies.get('kushiro-1')!;
const row = (policy: string): KpiRow => ({
  policy,
  kpi: '・KPI',
  kind: 'actual',
  period: 'H27年度',
  value: 1,
  unit: '件',
  department: '水産課',
});
const hierarchy = (rows: KpiRow[]) =>
  validateKpiRows(rows, strategy).findings.filter((f) => f.rule === 'hierarchy.unknown-item');

describe('hierarchy.unknown-item', () => {
  it.each([
    'ア 持続的成長を目指した水産業の振興',
    '(ア) 持続的成長を目指した水産業の振興',
    'ア　持続的成長を目指した水産業の振興',
    'ウ 国内外からの交流人口の受入拡大(再掲)',
    'ア 「日本版DMO」の構築',
    'ア 「日本版ＤＭＯ」の構築',
  ])('accepts an item of the strategy: %s', (label) => {
    expect(hierarchy([row(label)])).toEqual([]);
  });

  it('flags an item that is not in the strategy (a KPI name written as the item, seed 基本目標4 ⑤)', () => {
    const [f, ...rest] = hierarchy([row('イ マップ作成小学校数')]);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({
      rule: 'hierarchy.unknown-item',
      severity: 'error',
      column: '施策体系',
      suggestion: null,
    });
    expect(f!.message).toContain('「イ マップ作成小学校数」は施策体系にありません');
  });

  it('suggests the nearest item for a near miss (a missing character)', () => {
    const [f] = hierarchy([row('ア 持続的成長を目指した水産の振興')]);
    expect(f?.suggestion).toBe('ア 持続的成長を目指した水産業の振興');
  });

  it('reports an item once however many KPI rows carry it', () => {
    expect(
      hierarchy([row('ア 存在しない施策'), row('ア 存在しない施策'), row('ア 存在しない施策')]),
    ).toHaveLength(1);
  });
});
