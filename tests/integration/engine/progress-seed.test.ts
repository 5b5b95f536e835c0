import { beforeAll, describe, expect, it } from 'vitest';
import {
  bundledStrategies,
  parseItemLabel,
  SheetGrid,
  StrategyIndex,
  validate,
  type CellValue,
  type ProgressRow,
  type WorkbookSnapshot,
} from '#shared';
import { buildProgressWorkbook } from '../../fixtures/progress-book';
import { progressReport, progressReportPageBreaks } from '../../fixtures/progress-seed';
import { added, keys, snapshotOf, withCell } from '../../fixtures/snapshot';

const kushiro2 = bundledStrategies.get('kushiro-2')!;
const SHEET = '進捗報告';
let book: WorkbookSnapshot;
let rows: ProgressRow[];

beforeAll(async () => {
  book = await snapshotOf(await buildProgressWorkbook(progressReport, SHEET, progressReportPageBreaks));
  rows = validate(book, kushiro2).sheets[0]!.progress!.rows;
});

const findingsOf = (snapshot: WorkbookSnapshot, department?: string) =>
  validate(snapshot, kushiro2, { department }).sheets[0]!.findings;
/**
 * The `nth` row of `department` under a 施策: `where` is the 基本目標's number and the 施策's circled
 * number (`3④`).
 */
const rowOf = (where: string, department: string, nth = 0) => {
  const [goal, policy] = [where.slice(0, 1), where.slice(1)];
  const found = rows.filter(
    (r) =>
      r.block?.goal?.text.startsWith(`【基本目標${goal}】`) &&
      r.block.measure?.text.startsWith(policy) &&
      r.department === department,
  );
  expect(found.length, `${where} ${department}`).toBeGreaterThan(nth);
  return found[nth]!;
};
const itemCell = (where: string, department: string) => rowOf(where, department).block!.cell;
const itemText = (where: string, department: string) => {
  const row = rowOf(where, department).row;
  const sheet = book.sheets[0]!;
  return String(new SheetGrid(sheet).raw(row, sheet.startColumn));
};

describe('the whole progress report transcribed from the seed (real layout: page breaks, merged cells)', () => {
  it('recognizes the template and reads every 施策, block and department row', () => {
    const sheet = validate(book, kushiro2).sheets[0]!;
    expect(sheet.template).toBe('progress');
    expect(sheet.progress!.detection).toMatchObject({ resultsYear: 2023, planYear: 2024 });
    const total = (f: (b: (typeof progressReport)[number]['policies'][number]['blocks'][number]) => number) =>
      progressReport.flatMap((g) => g.policies.flatMap((p) => p.blocks.map(f))).reduce((a, b) => a + b, 0);
    expect(sheet.rows).toBe(total((b) => b.rows.length));
    expect(sheet.progress!.blocks).toHaveLength(total(() => 1));
    // 4 基本目標 and 17 施策, as in the strategy.
    expect(sheet.progress!.sections).toHaveLength(4 + 17);
    const fisheries = rowOf('1①', '水産課');
    expect(fisheries.block!.items.map((i) => i.label)).toEqual([
      'ア 持続的成長を目指した水産業の振興',
      'イ 生産基盤の強化による農業の振興',
      'ウ 森林資源の循環利用を通じた林業の振興',
    ]);
    expect(fisheries.block!.projects).toContainEqual({ name: 'くしろプライド釧魚事業', restated: false });
    expect(rowOf('1②', '水産課').block!.projects).toContainEqual({
      name: 'くしろプライド釧魚事業',
      restated: true,
    });
    // A 「・」 inside a project name is not a bullet.
    expect(rowOf('1④', '商業労政課').block!.projects).toContainEqual({
      name: '中小企業・小規模事業者活性化推進事業',
      restated: false,
    });
    expect(rowOf('2③', '商業労政課').block!.projects).toContainEqual({
      name: '人材確保・定着促進事業',
      restated: true,
    });
  });

  it('keeps a block together across a page break inside it (the header repeats, the item cell does not)', () => {
    // 阿寒観光振興課 continues ③ of 基本目標1 on the next page; 健康推進課 runs on in ② of 基本目標3.
    expect(rowOf('1③', '阿寒観光振興課', 1).block).toBe(rowOf('1③', '観光振興室').block);
    expect(rowOf('3②', '健康推進課', 1).block).toBe(rowOf('3②', '市民協働推進課').block);
    expect(rowOf('4②', '港湾空港課').block!.items.map((i) => i.label)).toEqual([
      'ア 物流拠点機能の充実',
      'イ 医療体制の整備(再掲)',
      'ウ 釧路定住自立圏等の取組の推進',
    ]);
  });

  it('finds exactly the seed’s own mistakes', () => {
    expect(keys(findingsOf(book)).sort()).toEqual(
      [
        // 農林課 left an R5 result sentence (…支援を行った。) in its R6 plan.
        `progress.plan-past-tense@${rowOf('1①', '農林課').cells.plan}`,
        // The published report has no R5 results for 産業推進室 and 水産課 under ② of 基本目標1.
        `progress.missing-text@${rowOf('1②', '産業推進室').cells.results}`,
        `progress.missing-text@${rowOf('1②', '水産課').cells.results}`,
        // One 阿寒観光振興課 row under ③ of 基本目標1 has its 所管部署 cut short to 阿寒観光振.
        `ownership.unknown-department@${rowOf('1③', '阿寒観光振').cells.department}`,
        // 基本目標2 ① names its item ア 「…人材の育成・確保」; the strategy's is 「…人材の育成」.
        `hierarchy.unknown-item@${itemCell('2①', '市民協働推進課')}`,
        // 基本目標2 ③ names its item ア 「…官民の連携による…」; the strategy's is 「…官民や域学の連携による…」.
        `hierarchy.unknown-item@${itemCell('2③', '市民協働推進課')}`,
        // The published report has no R5 results for 社会援護課 under ⑤ of 基本目標2.
        `progress.missing-text@${rowOf('2⑤', '社会援護課').cells.results}`,
        // 基本目標3 ④ is printed 「医療・保健サービスの充実」; the strategy's 施策 is 「医療・保健・福祉サービスの充実」.
        `hierarchy.unknown-item@${rowOf('3④', '健康推進課').block!.measure!.cell}`,
        // 音別地域振興課 has a row under ① of 基本目標4 with neither text written.
        `progress.missing-text@${rowOf('4①', '音別地域振興課').cells.results}`,
        `progress.missing-text@${rowOf('4①', '音別地域振興課').cells.plan}`,
      ].sort(),
    );
  });

  it('suggests what to write for each of them', () => {
    const suggestion = (cell: string) => findingsOf(book).find((f) => f.cell === cell)!.suggestion;
    expect(suggestion(rowOf('1③', '阿寒観光振').cells.department)).toBe('阿寒観光振興課');
    expect(suggestion(itemCell('2①', '市民協働推進課'))).toBe('ア 地域産業を支える多様な人材の育成');
    expect(suggestion(itemCell('2③', '市民協働推進課'))).toBe(
      'ア 釧路の強みを生かした官民や域学の連携による移住・定住の促進及び関係人口の創出',
    );
    expect(suggestion(rowOf('3④', '健康推進課').block!.measure!.cell)).toBe(
      '④ 医療・保健・福祉サービスの充実',
    );
  });
});

describe('one injected mistake per rule', () => {
  const cases: [
    rule: string,
    edit: () => [string, CellValue],
    expected: () => string[],
    suggestion?: string,
  ][] = [
    [
      'progress.missing-text',
      () => [rowOf('1④', '商業労政課').cells.plan, null],
      () => [`progress.missing-text@${rowOf('1④', '商業労政課').cells.plan}`],
    ],
    [
      'progress.plan-copies-results',
      () => [rowOf('4①', '都市計画課').cells.plan, rowOf('4①', '都市計画課').results],
      () => [`progress.plan-copies-results@${rowOf('4①', '都市計画課').cells.plan}`],
    ],
    [
      'progress.plan-past-tense',
      () => [rowOf('1⑤', '産業推進室').cells.plan, '石炭産業の振興に取り組む。\n・技術移転研修を実施した。'],
      () => [`progress.plan-past-tense@${rowOf('1⑤', '産業推進室').cells.plan}`],
    ],
    [
      'progress.stale-year',
      () => [
        rowOf('2②', '産業推進室').cells.plan,
        'R3年度に策定した方針に基づき、石炭産業の振興に取り組む。',
      ],
      () => [`progress.stale-year@${rowOf('2②', '産業推進室').cells.plan}`],
    ],
    ['progress.year-mismatch', () => ['E4', 'R7年度(取組予定)'], () => ['progress.year-mismatch@E4']],
    [
      'hierarchy.unknown-item',
      () => [
        itemCell('1⑤', '産業推進室'),
        'ア 石炭の活用\n国内で唯一、坑内炭鉱で採掘される石炭を活用する。\n【主な事業】\n・産炭地振興対策事業\n・炭鉱技術研修支援事業',
      ],
      () => [`hierarchy.unknown-item@${itemCell('1⑤', '産業推進室')}`],
    ],
    [
      'hierarchy.number-mismatch',
      () => [itemCell('2②', '産業推進室'), itemText('2②', '産業推進室').replace(/^ア /, 'イ ')],
      () => [`hierarchy.number-mismatch@${itemCell('2②', '産業推進室')}`],
      'ア 物流機能、ものづくり技術などを生かした企業誘致',
    ],
    [
      'hierarchy.wrong-parent',
      // ⑤ of 基本目標2 given the 施策 of ⑤ of 基本目標1 above its block.
      () => [rowOf('2⑤', '障がい福祉課').block!.measure!.cell, '⑤地域に根ざした石炭産業の振興'],
      () => [
        `hierarchy.wrong-parent@${rowOf('2⑤', '障がい福祉課').block!.measure!.cell}`,
        // …and each of the three items (ア イ ウ) its item cell names.
        ...Array<string>(3).fill(`hierarchy.wrong-parent@${itemCell('2⑤', '障がい福祉課')}`),
      ],
    ],
    [
      'hierarchy.restatement-missing-original',
      // ① of 基本目標1 no longer lists くしろプライド釧魚事業, which ② restates (【再掲】).
      () => [itemCell('1①', '水産課'), itemText('1①', '水産課').replace('・くしろプライド釧魚事業\n', '')],
      () => [`hierarchy.restatement-missing-original@${itemCell('1②', '水産課')}`],
    ],
    [
      'ownership.unknown-department',
      () => [rowOf('3②', 'こども育成課').cells.department, 'こども育成'],
      () => [`ownership.unknown-department@${rowOf('3②', 'こども育成課').cells.department}`],
      'こども育成課',
    ],
    [
      'ownership.not-owner',
      () => [rowOf('1④', '商業労政課').cells.department, '博物館'],
      () => [`ownership.not-owner@${rowOf('1④', '商業労政課').cells.department}`],
    ],
    [
      'general.formula-error',
      () => [rowOf('4②', '市立病院経営企画課').cells.results, '#VALUE!'],
      () => [`general.formula-error@${rowOf('4②', '市立病院経営企画課').cells.results}`],
    ],
    [
      'general.stray-space',
      () => [rowOf('3③', '生涯学習課').cells.department, '生涯学習課 '],
      () => [`general.stray-space@${rowOf('3③', '生涯学習課').cells.department}`],
    ],
    [
      'general.too-long',
      () => [
        rowOf('3①', '住宅課').cells.plan,
        '定期公募において、既存住宅から複数戸を提供する。'.repeat(200),
      ],
      () => [`general.too-long@${rowOf('3①', '住宅課').cells.plan}`],
    ],
  ];

  it.each(cases)('%s', (rule, edit, expected, suggestion) => {
    const [address, value] = edit();
    const extra = added(findingsOf(book), findingsOf(withCell(book, SHEET, address, value)));
    expect(keys(extra).sort()).toEqual(expected().sort());
    if (suggestion !== undefined) expect(extra.find((f) => f.rule === rule)!.suggestion).toBe(suggestion);
  });

  it('ownership.other-department: every row of another department in 水産課’s submission, but a co-owned item’s', () => {
    const found = findingsOf(book, '水産課');
    const others = rows.filter((r) => r.department !== '水産課' && r.department !== '阿寒観光振');
    // Items whose 施策 lists 水産課 among its owners (1①: 水産課 and 農林課) may be sent by 水産課 too.
    const index = new StrategyIndex(kushiro2);
    const coOwned = (r: ProgressRow) =>
      (r.block?.items ?? []).some((i) => {
        const code = index.resolve(parseItemLabel(i.label))?.node.code;
        return code !== undefined && index.departmentsOf(code).includes('水産課');
      });
    const expected = (rule: string, rs: ProgressRow[]) =>
      rs.map((r) => `${rule}@${r.cells.department}`).sort();
    const of = (rule: string) => keys(found.filter((f) => f.rule === rule)).sort();
    expect(others.filter(coOwned).length).toBeGreaterThan(0);
    expect(of('ownership.other-department')).toEqual(
      expected(
        'ownership.other-department',
        others.filter((r) => !coOwned(r)),
      ),
    );
    expect(of('ownership.co-owner-row')).toEqual(expected('ownership.co-owner-row', others.filter(coOwned)));
  });

  it('a header with 全角 digits and brackets is the same header', async () => {
    const variant = await snapshotOf(
      await buildProgressWorkbook(progressReport, SHEET, {
        ...progressReportPageBreaks,
        resultsHeader: 'Ｒ５年度（実績）',
        planHeader: '令和６年度\n（取組予定）',
      }),
    );
    expect(keys(findingsOf(variant)).sort()).toEqual(keys(findingsOf(book)).sort());
  });
});
