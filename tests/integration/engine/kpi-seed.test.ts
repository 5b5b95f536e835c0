import { beforeAll, describe, expect, it } from 'vitest';
import {
  bundledStrategies,
  validate,
  validateKpiRows,
  type SheetKpiRow,
  type WorkbookSnapshot,
  type CellValue,
  type Finding,
} from '#shared';
import { buildKpiWorkbook } from '../../fixtures/kpi-book';
import { forDepartment, goal1, goal1Complete, seedKpiTable } from '../../fixtures/kpi-seed';
import { added, keys, snapshotOf, withCell } from '../../fixtures/snapshot';

const kushiro1 = bundledStrategies.get('kushiro-1')!;
let book: WorkbookSnapshot;
let rows: SheetKpiRow[];

beforeAll(async () => {
  // The whole seed table as a kept-up Excel sheet: numbers as numbers, headers repeated at page breaks.
  book = await snapshotOf(
    await buildKpiWorkbook(seedKpiTable, 'KPI', { numbers: true, repeatHeaderBefore: [2, 4] }),
  );
  rows = validate(book, kushiro1).sheets[0]!.kpiRows;
});

/** The sheet row of a KPI's row of one kind (first listing of the KPI unless `nth`). */
function rowOf(kpi: string, kind: SheetKpiRow['kind'], nth = 0): SheetKpiRow {
  const found = rows.filter((r) => r.kpi === kpi && r.kind === kind);
  return found[nth]!;
}

const findingsOf = (snapshot: WorkbookSnapshot, options = {}) =>
  validate(snapshot, kushiro1, options).sheets[0]!.findings;

describe('the whole seed KPI table (1st period, real layout)', () => {
  it('reads every KPI row of 基本目標1–5 across repeated headers and merged cells', () => {
    const report = validate(book, kushiro1).sheets[0]!;
    expect(report.template).toBe('kpi');
    // 85 KPIs as listed in the seed (re-listed ones counted each time), three rows each.
    expect(report.rows).toBe(255);
    expect(rowOf('・延べ宿泊客数', 'actual').policy).toBe(
      'イ 釧路が誇る地域資源を活かした滞在型観光地域づくり',
    );
    expect(rowOf('・釧路港貨物取扱量', 'baseline')).toMatchObject({
      unit: '万トﾝ',
      department: '港湾空港振興課',
    });
  });

  it('finds exactly the seed’s own mistakes, each for a stated reason', () => {
    const at = (kpi: string, kind: SheetKpiRow['kind'], field: keyof SheetKpiRow['cells'], nth = 0) =>
      rowOf(kpi, kind, nth).cells[field];
    const expected = [
      // 人口の社会減: a text baseline (基準年) and a relative result (12%縮小) where numbers belong.
      `value.not-number@${at('・人口の社会減', 'baseline', 'value')}`,
      `value.not-number@${at('・人口の社会減', 'actual', 'value')}`,
      // 子どもの不読書 ×3: 現状値 and 実績値 are both of H27年度.
      ...[0, 1, 2].map(
        (i) =>
          `kpi.period-order@${at(['・子どもの不読書(1か月に1冊も本を読まない)割合(小学4~6年生)', '・子どもの不読書(1か月に1冊も本を読まない)割合(中学生)', '・子どもの不読書(1か月に1冊も本を読まない)割合(高校生)'][i]!, 'actual', 'period')}`,
      ),
      // 時間帯、居住地区に制限なく医療を受けられる体制: a text 実績値 (listed twice). Its unit "-" is right:
      // the strategy defines it without a unit.
      `value.not-number@${at('・時間帯、居住地区に制限なく医療を受けられる体制', 'actual', 'value')}`,
      // 特別養護老人ホーム…待機者数の割合: unit 人 for a 割合 with a % target (18.0%以下).
      `kpi.unit-target-mismatch@${at('・特別養護老人ホーム定員数に対する在宅重度の待機者数の割合', 'target', 'value')}`,
      // 机上訓練 (教育支援課) stands under 防疫、健康危機管理体制の整備 (健康推進課's item), but the strategy
      // defines the KPI as 教育支援課's: its 所管部署 is right.
      // `イ マップ作成小学校数`: the KPI name written as the item; its 現状値 and 実績値 share H27年度.
      `hierarchy.unknown-item@${at('・マップ作成小学校数', 'baseline', 'policy')}`,
      `kpi.period-order@${at('・マップ作成小学校数', 'actual', 'period')}`,
      // 釧路空港乗降客数 re-listed under 医療体制の整備(再掲), whose original (4②イ) does not list it
      // (its 所管部署 観光振興室 is the KPI's owner in the strategy).
      `hierarchy.restatement-missing-original@${at('・釧路空港乗降客数', 'baseline', 'kpi', 2)}`,
      `value.not-number@${at('・時間帯、居住地区に制限なく医療を受けられる体制', 'actual', 'value', 1)}`,
    ];
    expect(keys(findingsOf(book)).sort()).toEqual(expected.sort());
  });

  it('names the item and suggests nothing for a KPI written as an item (no near miss)', () => {
    const f = findingsOf(book).find((x) => x.rule === 'hierarchy.unknown-item')!;
    expect(f).toMatchObject({ severity: 'error', column: '施策体系', suggestion: null });
    expect(f.message).toContain('「イ マップ作成小学校数」は施策体系にありません');
  });
});

describe('one injected mistake per rule gives exactly the expected finding at the expected cell', () => {
  const cases: [
    rule: string,
    edit: () => [address: string, value: CellValue],
    expected: () => string[],
    suggestion?: string,
  ][] = [
    [
      'hierarchy.unknown-item',
      () => [rowOf('・釧路港年間水揚量', 'baseline').cells.policy!, 'ア 持続的成長を目指した水産の振興'],
      () => [`hierarchy.unknown-item@${rowOf('・釧路港年間水揚量', 'baseline').cells.policy}`],
      'ア 持続的成長を目指した水産業の振興',
    ],
    [
      'hierarchy.number-mismatch',
      () => [rowOf('・釧路港年間水揚量', 'baseline').cells.policy!, 'イ 持続的成長を目指した水産業の振興'],
      () => [`hierarchy.number-mismatch@${rowOf('・釧路港年間水揚量', 'baseline').cells.policy}`],
      'ア 持続的成長を目指した水産業の振興',
    ],
    [
      'hierarchy.wrong-parent',
      // 1④ア written under ⑦ (both owned by 商業労政課, so only the placement is wrong).
      () => [
        rowOf('・職業訓練の修了者', 'baseline').cells.policy!,
        'ア 地域経済を支える中小企業・小規模事業者の支援',
      ],
      () => [
        `hierarchy.wrong-parent@${rowOf('・職業訓練の修了者', 'baseline').cells.policy}`,
        // That item defines other KPIs.
        `kpi-schema.unknown-name@${rowOf('・職業訓練の修了者', 'baseline').cells.kpi}`,
      ],
    ],
    [
      'hierarchy.restatement-missing-original',
      () => [rowOf('・釧路空港乗降客数', 'baseline', 1).cells.kpi!, '・釧路空港乗降者数'],
      () => [
        `hierarchy.restatement-missing-original@${rowOf('・釧路空港乗降客数', 'baseline', 1).cells.kpi}`,
        `kpi-schema.unknown-name@${rowOf('・釧路空港乗降客数', 'baseline', 1).cells.kpi}`,
      ],
    ],
    [
      'ownership.unknown-department',
      () => [rowOf('・制度融資新規利用件数', 'baseline').cells.department!, '商業労政'],
      () => [`ownership.unknown-department@${rowOf('・制度融資新規利用件数', 'baseline').cells.department}`],
      '商業労政課',
    ],
    [
      'ownership.not-owner',
      () => [rowOf('・釧路港年間水揚量', 'baseline').cells.department!, '農林課'],
      () => [`ownership.not-owner@${rowOf('・釧路港年間水揚量', 'baseline').cells.department}`],
    ],
    [
      'value.not-number',
      () => [rowOf('・釧路港年間水揚量', 'actual').cells.value!, '114,977トン'],
      () => [`value.not-number@${rowOf('・釧路港年間水揚量', 'actual').cells.value}`],
      '114,977',
    ],
    [
      'kpi.kind-count',
      () => [rowOf('・釧路港年間水揚量', 'target').cells.kind!, '実績値'],
      () => [`kpi.kind-count@${rowOf('・釧路港年間水揚量', 'baseline').cells.kpi}`],
    ],
    [
      'kpi.unit-missing',
      () => [rowOf('・釧路港年間水揚量', 'baseline').cells.unit!, null],
      () => [`kpi.unit-missing@${rowOf('・釧路港年間水揚量', 'baseline').cells.unit}`],
    ],
    [
      'kpi.dash-not-allowed',
      () => [rowOf('・釧路港年間水揚量', 'actual').cells.value!, '-'],
      () => [`kpi.dash-not-allowed@${rowOf('・釧路港年間水揚量', 'actual').cells.value}`],
    ],
    [
      'kpi.restatement-mismatch',
      () => [rowOf('・釧路空港乗降客数', 'actual', 1).cells.value!, 69.5],
      () => [`kpi.restatement-mismatch@${rowOf('・釧路空港乗降客数', 'actual', 1).cells.value}`],
      '69.3',
    ],
    [
      'kpi.period-invalid',
      () => [rowOf('・釧路港年間水揚量', 'actual').cells.period!, 'R5年13月'],
      () => [`kpi.period-invalid@${rowOf('・釧路港年間水揚量', 'actual').cells.period}`],
    ],
    [
      'kpi.period-order',
      () => [rowOf('・釧路港年間水揚量', 'actual').cells.period!, 'H22年'],
      () => [`kpi.period-order@${rowOf('・釧路港年間水揚量', 'actual').cells.period}`],
    ],
    [
      'kpi.target-invalid',
      () => [rowOf('・釧路港年間水揚量', 'target').cells.value!, ' '],
      // The definition's target is the fix, offered by kpi-schema.target-changed.
      () => [
        `kpi.target-invalid@${rowOf('・釧路港年間水揚量', 'target').cells.value}`,
        `kpi-schema.target-changed@${rowOf('・釧路港年間水揚量', 'target').cells.value}`,
      ],
    ],
    [
      'value.target-unparsed',
      () => [rowOf('・釧路港年間水揚量', 'target').cells.value!, '12万3千トン?'],
      () => [
        `value.target-unparsed@${rowOf('・釧路港年間水揚量', 'target').cells.value}`,
        `kpi-schema.target-changed@${rowOf('・釧路港年間水揚量', 'target').cells.value}`,
      ],
    ],
    [
      'kpi.unit-target-mismatch',
      () => [rowOf('・釧路港年間水揚量', 'target').cells.value!, '50%以上'],
      () => [
        `kpi.unit-target-mismatch@${rowOf('・釧路港年間水揚量', 'target').cells.value}`,
        `kpi-schema.target-changed@${rowOf('・釧路港年間水揚量', 'target').cells.value}`,
      ],
    ],
    [
      'general.number-as-text',
      () => [rowOf('・釧路港年間水揚量', 'actual').cells.value!, '114,977'],
      () => [`general.number-as-text@${rowOf('・釧路港年間水揚量', 'actual').cells.value}`],
      '114977',
    ],
    [
      'general.formula-error',
      () => [rowOf('・釧路港年間水揚量', 'actual').cells.value!, '#REF!'],
      () => [
        `general.formula-error@${rowOf('・釧路港年間水揚量', 'actual').cells.value}`,
        // The broken cell is also not a number: both are true and both are shown.
        `value.not-number@${rowOf('・釧路港年間水揚量', 'actual').cells.value}`,
      ],
    ],
    [
      'general.stray-space',
      () => [rowOf('・釧路港年間水揚量', 'baseline').cells.department!, '水産課\n'],
      () => [`general.stray-space@${rowOf('・釧路港年間水揚量', 'baseline').cells.department}`],
      '水産課',
    ],
    [
      'general.too-long',
      () => [rowOf('・生乳生産量', 'baseline').cells.kpi!, `・生乳生産量${'(補足)'.repeat(60)}`],
      () => [
        `general.too-long@${rowOf('・生乳生産量', 'baseline').cells.kpi}`,
        `kpi-schema.unknown-name@${rowOf('・生乳生産量', 'baseline').cells.kpi}`,
        // …and the item's KPI ・生乳生産量 is no longer in the table.
        'kpi-schema.missing-kpi@-',
      ],
    ],
  ];

  it.each(cases)('%s', (rule, edit, expected, suggestion) => {
    const [address, value] = edit();
    const before = findingsOf(book);
    const after = findingsOf(withCell(book, 'KPI', address, value));
    const extra = added(before, after);
    expect(keys(extra).sort()).toEqual(expected().sort());
    const mine = extra.find((f) => f.rule === rule)!;
    expect(mine.message).toMatch(/[ぁ-んァ-ン一-龠]/);
    expect(mine.messageEn).not.toBe('');
    if (suggestion !== undefined) expect(mine.suggestion).toBe(suggestion);
  });

  it('kpi.unit-inconsistent (JSON rows carry a unit per row)', () => {
    const base = {
      policy: 'ア 持続的成長を目指した水産業の振興',
      kpi: '・釧路港年間水揚量',
      department: '水産課',
    };
    const { findings } = validateKpiRows(
      [
        { ...base, kind: 'baseline', period: 'H23-26年平均', value: 117779, unit: 'トン' },
        { ...base, kind: 'actual', period: 'H27年', value: 114977, unit: 'kg' },
        { ...base, kind: 'target', period: 'H31年', value: 120000, unit: 'トン' },
      ],
      kushiro1,
    );
    expect(keys(findings)).toEqual(['kpi.unit-inconsistent@-']);
    expect(findings[0]).toMatchObject({ row: 2, suggestion: 'トン' });
  });

  it('ownership.other-department: a department submits only its own rows', async () => {
    const own = await snapshotOf(await buildKpiWorkbook([forDepartment(goal1, '水産課')]));
    expect(validate(own, kushiro1, { department: '水産課' }).sheets[0]!.findings).toEqual([]);
    // 農林課 owns nothing under ア 持続的成長を目指した水産業の振興 (水産課 alone does); its own KPIs are missing.
    const other = validate(own, kushiro1, { department: '農林課' }).sheets[0]!;
    expect(keys(other.findings)).toEqual(['kpi-schema.missing-kpi@-', 'ownership.other-department@G6']);
    expect(other.findings[1]!.message).toBe(
      'この行は「水産課」の所管です。「農林課」は「ア 持続的成長を目指した水産業の振興」の所管部署ではないため提出できません。この行を削除するか、所管部署を確認してください。',
    );
  });

  it('ownership.co-owner-row: a co-owner of the item may send the other owner’s row (a warning)', async () => {
    // イ 創業・第二創業の支援 is owned by 商業労政課 and 都市経営課; the fund KPI is 都市経営課's.
    const both = forDepartment(goal1Complete, '商業労政課');
    const fund = goal1Complete.policies
      .flatMap((p) => p.items)
      .flatMap((i) => i.kpis)
      .find((k) => k.department === '都市経営課' && k.name.includes('ファンド'))!;
    const item = both.policies.flatMap((p) => p.items).find((i) => i.label.includes('創業・第二創業'))!;
    item.kpis.unshift(fund);
    const snapshot = await snapshotOf(await buildKpiWorkbook([both]));
    // Only 基本目標1 is written: each department's KPIs of the other goals are missing (kpi-schema.test.ts).
    const owned = (findings: Finding[]) => findings.filter((f) => f.rule !== 'kpi-schema.missing-kpi');
    const sheet = validate(snapshot, kushiro1, { department: '商業労政課' }).sheets[0]!;
    const fundRow = sheet.kpiRows.find((r) => r.kpi === fund.name)!;
    expect(keys(owned(sheet.findings))).toEqual([`ownership.co-owner-row@${fundRow.cells.department}`]);
    expect(owned(sheet.findings)[0]).toMatchObject({ severity: 'warning', row: fundRow.row });
    expect(owned(sheet.findings)[0]!.message).toContain(
      '「商業労政課」も「イ 創業・第二創業の支援」の所管部署',
    );
    // Seen from 都市経営課: 商業労政課's KPIs of the co-owned item are warnings, its other KPIs errors.
    const city = {
      findings: owned(validate(snapshot, kushiro1, { department: '都市経営課' }).sheets[0]!.findings),
    };
    const rulesAt = (findings: Finding[]) =>
      findings.map((f) => [
        f.rule,
        sheet.kpiRows.find((r) => r.row === f.row)!.policy.includes('創業・第二創業'),
      ]);
    const expected = [
      ...new Set(sheet.kpiRows.filter((r) => r.department === '商業労政課').map((r) => r.kpi)),
    ];
    expect(city.findings).toHaveLength(expected.length);
    for (const [rule, coOwned] of rulesAt(city.findings))
      expect(rule).toBe(coOwned ? 'ownership.co-owner-row' : 'ownership.other-department');
    expect(rulesAt(city.findings).filter(([, coOwned]) => coOwned).length).toBe(2);
    const outsider = owned(validate(snapshot, kushiro1, { department: '水産課' }).sheets[0]!.findings);
    expect(new Set(outsider.map((f) => f.rule))).toEqual(new Set(['ownership.other-department']));
  });

  it('ownership on JSON rows: the finding is at the row index', () => {
    const row = {
      policy: 'イ 創業・第二創業の支援',
      kpi: '・くしろ応援ファンド事業によるファンド形成事業数',
      kind: 'actual' as const,
      period: 'H27年度',
      value: '2',
      unit: '事業',
      department: '都市経営課',
    };
    const fisheries = {
      ...row,
      policy: 'ア 持続的成長を目指した水産業の振興',
      kpi: '・釧路港年間水揚量',
      unit: 'トン',
      department: '水産課',
    };
    const { findings } = validateKpiRows([row, fisheries], kushiro1, { department: '商業労政課' });
    expect(findings.map((f) => [f.rule, f.severity, f.row, f.cell])).toEqual([
      ['kpi-schema.missing-kpi', 'warning', null, null],
      ['ownership.co-owner-row', 'warning', 1, null],
      ['ownership.other-department', 'error', 2, null],
    ]);
  });
});
