import fs from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  bundledStrategies,
  loadStrategy,
  validate,
  validateKpiRows,
  type CellValue,
  type Finding,
  type KpiRow,
  type SheetKpiRow,
  type Strategy,
  type WorkbookSnapshot,
} from '#shared';
import { kakuuKpiTable } from '../../fixtures/kakuu-kpi';
import { buildKpiWorkbook } from '../../fixtures/kpi-book';
import { goal1Complete, seedKpiTable, type FixtureGoal } from '../../fixtures/kpi-seed';
import { added, keys, snapshotOf, withCell } from '../../fixtures/snapshot';

/**
 * kpi-schema.*: each rule failing and passing on the seed (kushiro-1, whose definition carries the
 * seed's KPIs; kushiro-2, which has none) and on the invented town of kakuu-town.json, whose
 * numbering (第一章, (1), ア) and target phrasing (`5年で…とし…ポイント向上`, `ゼロ名維持`, 累計) differ.
 */

const kushiro1 = bundledStrategies.get('kushiro-1')!;
const kushiro2 = bundledStrategies.get('kushiro-2')!;
const loaded = loadStrategy(JSON.parse(fs.readFileSync('tests/fixtures/kakuu-town.json', 'utf8')));
if (!loaded.ok) throw new Error('kakuu-town.json does not load');
const kakuu: Strategy = loaded.strategy;

let seed: WorkbookSnapshot;
let seedRows: SheetKpiRow[];
let town: WorkbookSnapshot;
let townRows: SheetKpiRow[];

beforeAll(async () => {
  seed = await snapshotOf(await buildKpiWorkbook([goal1Complete], 'KPI', { numbers: true }));
  seedRows = validate(seed, kushiro1).sheets[0]!.kpiRows;
  town = await snapshotOf(await buildKpiWorkbook(kakuuKpiTable()));
  townRows = validate(town, kakuu).sheets[0]!.kpiRows;
});

const rowIn = (rows: SheetKpiRow[], kpi: string, kind: SheetKpiRow['kind']) =>
  rows.find((r) => r.kpi.includes(kpi) && r.kind === kind)!;
const findingsOf = (book: WorkbookSnapshot, strategy: Strategy, options = {}) =>
  validate(book, strategy, options).sheets.flatMap((s) => s.findings);

/** What one edited cell adds: `[rule@cell]` and the finding of `rule`. */
function edit(
  book: WorkbookSnapshot,
  strategy: Strategy,
  address: string,
  value: CellValue,
  options = {},
): Finding[] {
  return added(
    findingsOf(book, strategy, options),
    findingsOf(withCell(book, 'KPI', address, value), strategy, options),
  );
}

describe('clean tables pass', () => {
  it('the seed excerpt against kushiro-1 has no kpi-schema finding', () => {
    expect(findingsOf(seed, kushiro1).filter((f) => f.rule.startsWith('kpi-schema'))).toEqual([]);
  });

  it('the invented town’s table has no finding at all, with or without its cycle’s year', () => {
    expect(findingsOf(town, kakuu)).toEqual([]);
    // A unitless rate written `-`, `ゼロ名維持` on a KPI in 人, a 累計 target, a % bound: all clean.
    expect(findingsOf(town, kakuu, { fiscalYear: 2025 })).toEqual([]);
  });
});

describe('kpi-schema.unknown-name', () => {
  it('fails on a name the item does not define, suggesting the nearest defined one', () => {
    const at = rowIn(seedRows, '釧路港年間水揚量', 'baseline').cells.kpi!;
    const found = edit(seed, kushiro1, at, '・釧路港年間漁獲量');
    expect(keys(found)).toEqual(['kpi-schema.missing-kpi@-', `kpi-schema.unknown-name@${at}`]);
    expect(found[1]).toMatchObject({ severity: 'error', suggestion: '釧路港年間水揚量' });
    expect(found[1]!.message).toContain('「ア 持続的成長を目指した水産業の振興」の KPI にありません');
    const townAt = rowIn(townRows, '満足度', 'baseline').cells.kpi!;
    const town2 = edit(town, kakuu, townAt, '・移住相談の満足度');
    expect(keys(town2)).toEqual(['kpi-schema.missing-kpi@-', `kpi-schema.unknown-name@${townAt}`]);
    expect(town2[1]!.suggestion).toBe('移住相談者の満足度');
  });

  it('passes on the defined name with bullets, spaces, 全角 letters and 再掲 marks', () => {
    const at = rowIn(seedRows, '釧路港年間水揚量', 'baseline').cells.kpi!;
    for (const name of [
      '釧路港年間水揚量',
      '・釧路港 年間水揚量',
      '釧路港年間水揚量（再掲）',
      '【再掲】釧路港年間水揚量',
    ])
      expect(keys(edit(seed, kushiro1, at, name)).filter((k) => k.startsWith('kpi-schema'))).toEqual([]);
  });
});

describe('kpi-schema.unit', () => {
  it('fails on another unit than the defined one, suggesting it', () => {
    const at = rowIn(seedRows, '釧路港年間水揚量', 'baseline').cells.unit!;
    const found = edit(seed, kushiro1, at, 'kg');
    expect(keys(found)).toEqual([`kpi-schema.unit@${at}`]);
    expect(found[0]).toMatchObject({ severity: 'error', suggestion: 'トン' });
    // A % KPI written in 人 (its % target no longer fits either).
    const pct = rowIn(townRows, '満足度', 'baseline');
    expect(keys(edit(town, kakuu, pct.cells.unit!, '人')).sort()).toEqual(
      [
        `kpi-schema.unit@${pct.cells.unit}`,
        `kpi.unit-target-mismatch@${rowIn(townRows, '満足度', 'target').cells.value}`,
      ].sort(),
    );
    // A unitless rate given a unit.
    const rate = rowIn(townRows, '合計特殊出生率', 'baseline').cells.unit!;
    const unitless = edit(town, kakuu, rate, '%');
    expect(keys(unitless)).toEqual([`kpi-schema.unit@${rate}`]);
    expect(unitless[0]!.suggestion).toBe('-');
  });

  it('passes on the canonical unit, and a unitless rate with `-` or nothing', () => {
    const at = rowIn(seedRows, '釧路港年間水揚量', 'baseline').cells.unit!;
    expect(edit(seed, kushiro1, at, 't')).toEqual([]);
    const rate = rowIn(townRows, '合計特殊出生率', 'baseline').cells.unit!;
    expect(edit(town, kakuu, rate, null)).toEqual([]);
    expect(edit(town, kakuu, rate, '－')).toEqual([]);
  });
});

describe('ownership with the KPI’s owners', () => {
  it('fails when 所管部署 is not the KPI’s owner, although it owns the item', () => {
    // イ 創業・第二創業の支援 is owned by 商業労政課 and 都市経営課; the strategy gives 創業支援者数 to 商業労政課.
    const at = rowIn(seedRows, '創業支援者数', 'baseline').cells.department!;
    const found = edit(seed, kushiro1, at, '都市経営課');
    expect(keys(found)).toEqual([`ownership.not-owner@${at}`]);
    expect(found[0]!.message).toContain('(所管: 商業労政課)');
    const tour = rowIn(townRows, 'ツアー', 'baseline').cells.department!;
    expect(keys(edit(town, kakuu, tour, '農政課'))).toEqual([`ownership.not-owner@${tour}`]);
  });

  it('passes for the owner and for a co-owner the definition names', () => {
    const tour = rowIn(townRows, 'ツアー', 'baseline').cells.department!;
    expect(edit(town, kakuu, tour, '企画課')).toEqual([]);
    expect(edit(town, kakuu, tour, '観光交流課')).toEqual([]);
  });
});

describe('kpi-schema.target-changed and kpi-schema.baseline-changed', () => {
  it('warn on a changed value or period, suggesting the defined one', () => {
    const target = rowIn(seedRows, '釧路港年間水揚量', 'target');
    const value = edit(seed, kushiro1, target.cells.value!, 999999);
    expect(keys(value)).toEqual([`kpi-schema.target-changed@${target.cells.value}`]);
    expect(value[0]).toMatchObject({ severity: 'warning', suggestion: '120,000' });
    const period = edit(seed, kushiro1, target.cells.period!, 'H30年');
    expect(keys(period)).toEqual([`kpi-schema.target-changed@${target.cells.period}`]);
    expect(period[0]!.suggestion).toBe('H31年');
    const relative = rowIn(seedRows, '食料品製造業粗付加価値額', 'target').cells.value!;
    expect(keys(edit(seed, kushiro1, relative, '20%増(対H25年比)'))).toEqual([
      `kpi-schema.target-changed@${relative}`,
    ]);
    const baseline = rowIn(townRows, '新規就農者数', 'baseline').cells.value!;
    const changed = edit(town, kakuu, baseline, '3');
    expect(keys(changed)).toEqual([`kpi-schema.baseline-changed@${baseline}`]);
    expect(changed[0]).toMatchObject({ severity: 'warning', suggestion: '2' });
    const zero = rowIn(townRows, '待機児童', 'target').cells.value!;
    expect(keys(edit(town, kakuu, zero, '5名以下'))).toEqual([`kpi-schema.target-changed@${zero}`]);
  });

  it('pass on the same value written otherwise', () => {
    const target = rowIn(seedRows, '釧路港年間水揚量', 'target');
    // The seed sheet holds numbers; the town's holds texts, as transcribed.
    for (const v of [120000, '12万トン']) expect(edit(seed, kushiro1, target.cells.value!, v)).toEqual([]);
    const farming = rowIn(townRows, '新規就農者数', 'target').cells.value!;
    for (const v of ['１０', '10.0', '10人']) expect(edit(town, kakuu, farming, v)).toEqual([]);
    // 平成31年 is H31年.
    expect(edit(seed, kushiro1, target.cells.period!, '平成31年')).toEqual([]);
    const relative = rowIn(seedRows, '食料品製造業粗付加価値額', 'target').cells.value!;
    expect(edit(seed, kushiro1, relative, '２５％増（対Ｈ２５年比）')).toEqual([]);
    // 15 in 万人 written as 15万人.
    const visitors = rowIn(townRows, '観光入込客数', 'target').cells.value!;
    expect(edit(town, kakuu, visitors, '15万人')).toEqual([]);
    const zero = rowIn(townRows, '待機児童', 'target').cells.value!;
    expect(edit(town, kakuu, zero, '0名維持')).toEqual([]);
  });
});

describe('kpi-schema.period-outside-plan', () => {
  it('fails on a result after the plan and a target outside it', () => {
    // 架空町's plan runs 2025–2029 (R7–R11).
    const actual = rowIn(townRows, '新規就農者数', 'actual').cells.period!;
    const late = edit(town, kakuu, actual, 'R12年度');
    expect(keys(late).sort()).toEqual(
      [
        `kpi-schema.period-outside-plan@${actual}`,
        `kpi.period-order@${rowIn(townRows, '新規就農者数', 'target').cells.period}`,
      ].sort(),
    );
    expect(late.find((f) => f.rule === 'kpi-schema.period-outside-plan')!.message).toContain(
      '2025〜2029年度',
    );
    const target = rowIn(townRows, '満足度', 'target').cells.period!;
    expect(keys(edit(town, kakuu, target, 'R15年度')).sort()).toEqual(
      [`kpi-schema.period-outside-plan@${target}`, `kpi-schema.target-changed@${target}`].sort(),
    );
  });

  it('passes on a baseline before the plan and on the strategy’s own target year after it', () => {
    // 合計特殊出生率's baseline is R5年 (2023), before the plan; clean table above. 生乳生産量's
    // target H32年 lies after kushiro-1's plan (2015–2019) as the strategy sets it.
    expect(findingsOf(town, kakuu).filter((f) => f.rule === 'kpi-schema.period-outside-plan')).toEqual([]);
    const milk = rowIn(seedRows, '生乳生産量', 'target');
    expect(milk.period).toBe('H32年');
    expect(findingsOf(seed, kushiro1).filter((f) => f.rule === 'kpi-schema.period-outside-plan')).toEqual([]);
  });
});

describe('kpi-schema.missing-kpi', () => {
  const without = (goals: FixtureGoal[], name: string): FixtureGoal[] =>
    goals.map((g) => ({
      ...g,
      policies: g.policies.map((p) => ({
        ...p,
        items: p.items
          .map((i) => ({ ...i, kpis: i.kpis.filter((k) => !k.name.includes(name)) }))
          .filter((i) => i.kpis.length > 0),
      })),
    }));

  it('warns once, listing the department’s (or the listed items’) missing KPIs', async () => {
    const book = await snapshotOf(await buildKpiWorkbook(without(kakuuKpiTable(), '待機児童')));
    // (The whole table also holds other departments' rows: ownership findings.)
    const found = findingsOf(book, kakuu, { department: '企画課' }).filter((f) =>
      f.rule.startsWith('kpi-schema'),
    );
    expect(keys(found)).toEqual(['kpi-schema.missing-kpi@-']);
    expect(found[0]).toMatchObject({ severity: 'warning', row: null });
    expect(found[0]!.message).toContain('保育所待機児童数');
    // The KPI co-owned by 企画課 (its owner) and 観光交流課 is 企画課's to report.
    const tour = await snapshotOf(await buildKpiWorkbook(without(kakuuKpiTable(), 'ツアー')));
    expect(findingsOf(tour, kakuu, { department: '企画課' })[0]!.message).toContain('移住体験ツアー参加者数');
    expect(findingsOf(tour, kakuu, { department: '観光交流課' }).map((f) => f.rule)).not.toContain(
      'kpi-schema.missing-kpi',
    );
    // No department: the KPIs of the items the table lists (ア 移住相談の充実 lists three).
    expect(findingsOf(tour, kakuu)[0]!.message).toContain('移住体験ツアー参加者数');
    // The seed excerpt sent by 水産課 has its one KPI; 農林課's three are all missing.
    const nourin = findingsOf(seed, kushiro1, { department: '農林課' }).find(
      (f) => f.rule === 'kpi-schema.missing-kpi',
    );
    expect(nourin).toBeUndefined();
  });

  it('passes when every assigned KPI is present', () => {
    // (Other departments' rows in the whole table are ownership findings, not missing KPIs.)
    for (const department of ['農政課', '観光交流課', '企画課'])
      expect(findingsOf(town, kakuu, { department }).map((f) => f.rule)).not.toContain(
        'kpi-schema.missing-kpi',
      );
  });
});

describe('kpi-schema.missing-actual', () => {
  it('fails when the cycle’s year has no 実績値, or a 実績値 is empty', () => {
    const found = findingsOf(town, kakuu, { fiscalYear: 2026 });
    expect(new Set(found.map((f) => f.rule))).toEqual(new Set(['kpi-schema.missing-actual']));
    // One per KPI, at its name.
    expect(found.map((f) => f.cell).sort()).toEqual([...new Set(townRows.map((r) => r.cells.kpi))].sort());
    expect(found[0]!.message).toContain('2026年度');
    const value = rowIn(townRows, '新規就農者数', 'actual').cells.value!;
    expect(keys(edit(town, kakuu, value, null))).toEqual([`kpi-schema.missing-actual@${value}`]);
    expect(keys(edit(town, kakuu, value, null, { fiscalYear: 2025 }))).toEqual([
      `kpi-schema.missing-actual@${value}`,
    ]);
  });

  it('passes with the year’s 実績値 (a calendar-year one counts for the same-numbered year)', () => {
    expect(findingsOf(town, kakuu, { fiscalYear: 2025 })).toEqual([]);
  });
});

describe('kpi-schema.not-checked', () => {
  it('says once per KPI sheet that a definition without KPIs checked none', () => {
    const found = findingsOf(seed, kushiro2).filter((f) => f.rule.startsWith('kpi-schema'));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ severity: 'info', cell: null, row: null });
    expect(found[0]!.message).toBe('施策体系に KPI が定義されていないため、KPI の照合はしていません。');
  });

  it('is not said against a definition with KPIs', () => {
    expect(findingsOf(seed, kushiro1).map((f) => f.rule)).not.toContain('kpi-schema.not-checked');
  });
});

describe('JSON KPI rows get the same checks', () => {
  const rows = (): KpiRow[] =>
    (
      [
        ['baseline', 'R6年度', 72.5],
        ['actual', 'R7年度', 75],
        ['target', 'R11年度', '80%以上'],
      ] as const
    ).map(([kind, period, value]) => ({
      policy: 'ア 移住相談の充実',
      kpi: '移住相談者の満足度',
      kind,
      period,
      value,
      unit: '%',
      department: '企画課',
    }));

  it('flags a wrong unit, a changed target and a missing year at the row index', () => {
    const bad = rows().map((r, i) => ({ ...r, unit: '人', ...(i === 2 ? { value: '90%以上' } : {}) }));
    const { findings } = validateKpiRows(bad, kakuu, { fiscalYear: 2026 });
    expect(findings.map((f) => [f.rule, f.row, f.cell])).toEqual(
      expect.arrayContaining([
        ['kpi-schema.unit', 1, null],
        ['kpi-schema.target-changed', 3, null],
        ['kpi-schema.missing-actual', 1, null],
      ]),
    );
  });

  it('passes the clean rows (the item’s other KPIs are missing: one warning)', () => {
    const { findings } = validateKpiRows(rows(), kakuu, { fiscalYear: 2025 });
    expect(findings.map((f) => f.rule)).toEqual(['kpi-schema.missing-kpi']);
    expect(findings[0]!.message).toContain('移住体験ツアー参加者数、合計特殊出生率');
  });
});

describe('再掲 marks anywhere in a KPI name', () => {
  let whole: WorkbookSnapshot;
  let rows: SheetKpiRow[];
  beforeAll(async () => {
    whole = await snapshotOf(await buildKpiWorkbook(seedKpiTable, 'KPI', { numbers: true }));
    rows = validate(whole, kushiro1).sheets[0]!.kpiRows;
  });

  it.each([
    '・釧路空港乗降客数（再掲）',
    '・釧路空港乗降客数【再掲】',
    '(再)・釧路空港乗降客数',
    '再掲 ・釧路空港乗降客数',
    '・釧路空港乗降客数 (再掲)',
  ])('%s is compared with its original', (name) => {
    const restated = rows.filter((r) => r.kpi === '・釧路空港乗降客数' && r.kind === 'actual')[1]!;
    const renamed = withCell(whole, 'KPI', restated.cells.kpi!, name);
    // Same values: nothing added.
    expect(added(findingsOf(whole, kushiro1), findingsOf(renamed, kushiro1))).toEqual([]);
    // A different value (the seed mistake that was missed): flagged with the original's value.
    const found = added(
      findingsOf(whole, kushiro1),
      findingsOf(withCell(renamed, 'KPI', restated.cells.value!, 69.5), kushiro1),
    );
    expect(keys(found)).toEqual([`kpi.restatement-mismatch@${restated.cells.value}`]);
    expect(found[0]!.suggestion).toBe('69.3');
  });
});
