import { beforeAll, describe, expect, it } from 'vitest';
import {
  bundledStrategies,
  validate,
  type CellValue,
  type ProgressRow,
  type WorkbookSnapshot,
} from '#shared';
import { buildProgressWorkbook } from '../../fixtures/progress-book';
import { progressGoal1 } from '../../fixtures/progress-seed';
import { added, keys, snapshotOf, withCell } from '../../fixtures/snapshot';

const kushiro2 = bundledStrategies.get('kushiro-2')!;
const SHEET = '進捗報告';
let book: WorkbookSnapshot;
let rows: ProgressRow[];

beforeAll(async () => {
  book = await snapshotOf(await buildProgressWorkbook([progressGoal1], SHEET, { repeatHeaderBefore: [2] }));
  rows = validate(book, kushiro2).sheets[0]!.progress!.rows;
});

const findingsOf = (snapshot: WorkbookSnapshot) => validate(snapshot, kushiro2).sheets[0]!.findings;
/** The department row of `department` under the 施策 whose label starts with `policy`. */
const rowOf = (policy: string, department: string) =>
  rows.find((r) => r.block?.policy?.text.startsWith(policy) && r.department === department)!;

describe('progress report transcribed from the seed (two-row header, spacer column, merged item cells)', () => {
  it('recognizes the template by its header texts and reads one row per department', () => {
    const sheet = validate(book, kushiro2).sheets[0]!;
    expect(sheet.template).toBe('progress');
    expect(sheet.rows).toBe(8);
    expect(sheet.progress!.detection).toMatchObject({ resultsYear: 2023, planYear: 2024 });
    const fisheries = rowOf('①', '水産課');
    expect(fisheries.block!.items.map((i) => i.label)).toEqual([
      'ア 持続的成長を目指した水産業の振興',
      'イ 生産基盤の強化による農業の振興',
      'ウ 森林資源の循環利用を通じた林業の振興',
    ]);
    expect(fisheries.block!.projects).toContainEqual({ name: 'くしろプライド釧魚事業', restated: false });
    expect(rowOf('②', '水産課').block!.projects).toContainEqual({
      name: 'くしろプライド釧魚事業',
      restated: true,
    });
  });

  it('finds exactly the seed’s own mistakes', () => {
    expect(keys(findingsOf(book)).sort()).toEqual(
      [
        // 農林課 left an R5 result sentence (…支援を行った。) in its R6 plan.
        `progress.plan-past-tense@${rowOf('①', '農林課').cells.plan}`,
        // The published report has no R5 results for 産業推進室 and 水産課 under ②.
        `progress.missing-text@${rowOf('②', '産業推進室').cells.results}`,
        `progress.missing-text@${rowOf('②', '水産課').cells.results}`,
      ].sort(),
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
      () => [rowOf('④', '商業労政課').cells.plan, null],
      () => [`progress.missing-text@${rowOf('④', '商業労政課').cells.plan}`],
    ],
    [
      'progress.plan-copies-results',
      () => [rowOf('④', '産業推進室').cells.plan, rowOf('④', '産業推進室').results],
      () => [`progress.plan-copies-results@${rowOf('④', '産業推進室').cells.plan}`],
    ],
    [
      'progress.plan-past-tense',
      () => [rowOf('⑤', '産業推進室').cells.plan, '石炭産業の振興に取り組む。\n・技術移転研修を実施した。'],
      () => [`progress.plan-past-tense@${rowOf('⑤', '産業推進室').cells.plan}`],
    ],
    [
      'progress.stale-year',
      () => [rowOf('⑤', '産業推進室').cells.plan, 'R3年度に策定した方針に基づき、石炭産業の振興に取り組む。'],
      () => [`progress.stale-year@${rowOf('⑤', '産業推進室').cells.plan}`],
    ],
    ['progress.year-mismatch', () => ['E4', 'R7年度(取組予定)'], () => ['progress.year-mismatch@E4']],
    [
      'hierarchy.unknown-item',
      () => [
        rowOf('⑤', '産業推進室').block!.cell,
        'ア 石炭の活用\n国内で唯一、坑内炭鉱で採掘される石炭を活用する。\n【主な事業】\n・産炭地振興対策事業\n・炭鉱技術研修支援事業',
      ],
      () => [`hierarchy.unknown-item@${rowOf('⑤', '産業推進室').block!.cell}`],
    ],
    [
      'hierarchy.restatement-missing-original',
      // ① no longer lists くしろプライド釧魚事業, which ② restates (【再掲】).
      () => [
        rowOf('①', '水産課').block!.cell,
        String(book.sheets[0]!.values[rowOf('①', '水産課').row - 1]![0]).replace(
          '・くしろプライド釧魚事業\n',
          '',
        ),
      ],
      () => [`hierarchy.restatement-missing-original@${rowOf('②', '水産課').block!.cell}`],
    ],
    [
      'ownership.unknown-department',
      () => [rowOf('④', '商業労政課').cells.department, '商業労政'],
      () => [`ownership.unknown-department@${rowOf('④', '商業労政課').cells.department}`],
      '商業労政課',
    ],
    [
      'ownership.not-owner',
      () => [rowOf('④', '商業労政課').cells.department, '博物館'],
      () => [`ownership.not-owner@${rowOf('④', '商業労政課').cells.department}`],
    ],
    [
      'general.formula-error',
      () => [rowOf('⑤', '産業推進室').cells.results, '#VALUE!'],
      () => [`general.formula-error@${rowOf('⑤', '産業推進室').cells.results}`],
    ],
  ];

  it.each(cases)('%s', (rule, edit, expected, suggestion) => {
    const [address, value] = edit();
    const extra = added(findingsOf(book), findingsOf(withCell(book, SHEET, address, value)));
    expect(keys(extra).sort()).toEqual(expected().sort());
    if (suggestion !== undefined) expect(extra.find((f) => f.rule === rule)!.suggestion).toBe(suggestion);
  });

  it('a header with 全角 digits and brackets is the same header', async () => {
    const variant = await snapshotOf(
      await buildProgressWorkbook([progressGoal1], SHEET, {
        resultsHeader: 'Ｒ５年度（実績）',
        planHeader: '令和６年度\n（取組予定）',
      }),
    );
    expect(keys(findingsOf(variant)).sort()).toEqual(keys(findingsOf(book)).sort());
  });
});
