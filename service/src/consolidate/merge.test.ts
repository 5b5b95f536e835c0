import { describe, expect, it } from 'vitest';
import { bundledStrategies, type KpiRow } from '#shared';
import { minatoVillage } from '../../../tests/fixtures/minato-village';
import { detectConflicts, keyOf, mergeKpi, RowKeyer } from './merge';

const kushiro1 = bundledStrategies.get('kushiro-1')!;
// 1④イ is owned by 商業労政課 and 都市経営課: either may send its rows.
const row = (department: string, value: number): KpiRow & { sheetRow: null } => ({
  policy: 'イ 創業・第二創業の支援',
  kpi: '・くしろ応援ファンド事業によるファンド形成事業数',
  kind: 'actual',
  period: 'H27年度',
  value,
  unit: '事業',
  department,
  sheetRow: null,
});
const sent = (id: number, department: string, rows: ReturnType<typeof row>[]) => ({
  submission: { id, department, version: 1 },
  rows,
});

describe('KPI merge identity', () => {
  it('names 所管部署 as the strategy does: a bureau prefix or spacing makes no other row', () => {
    const keyer = new RowKeyer(kushiro1);
    const plain = keyOf(keyer.identity(row('都市経営課', 1)));
    expect(keyOf(keyer.identity(row('総合政策部都市経営課', 1)))).toBe(plain);
    expect(keyOf(keyer.identity(row('都市経営課 ', 1)))).toBe(plain);
    expect(keyOf(keyer.identity(row('商業労政課', 1)))).not.toBe(plain);
  });

  it('records a conflict when a co-owner writes the owner with its bureau and another value', () => {
    const latest = [
      sent(1, '都市経営課', [row('都市経営課', 2)]),
      sent(2, '商業労政課', [row('総合政策部都市経営課', 3)]),
    ];
    const conflicts = detectConflicts(kushiro1, latest);
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]!.identity.department).toBe('都市経営課');
    expect(conflicts[0]!.candidates.map((c) => [c.department, c.value])).toEqual([
      ['都市経営課', 2],
      ['商業労政課', 3],
    ]);
    // The same value from both is one row, not a conflict.
    const agreeing = mergeKpi(kushiro1, [
      sent(1, '都市経営課', [row('都市経営課', 2)]),
      sent(2, '商業労政課', [row('総合政策部都市経営課', 2)]),
    ]);
    expect(agreeing.conflicts).toEqual([]);
    expect(agreeing.rows).toHaveLength(1);
    expect(agreeing.rows[0]!.sources).toEqual(['都市経営課', '商業労政課']);
  });
});

describe("merge by the definition's own numbering", () => {
  it("finds an item written in another town's style (`ア. …`, `(1) …`), which the generic reader cannot split", () => {
    const keyer = new RowKeyer(minatoVillage());
    expect(keyer.node('ア. 新規漁業者の育成')).toEqual({ code: expect.any(String), restatementOf: null });
    expect(keyer.node('(2) 体験型観光の推進')).not.toBeNull();
    expect(keyer.node('ア. 存在しない取組')).toBeNull();
  });
});
