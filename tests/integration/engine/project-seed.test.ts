import { beforeAll, describe, expect, it } from 'vitest';
import { bundledStrategies, validate, type CellValue, type WorkbookSnapshot } from '#shared';
import { buildProjectWorkbook, projectCells } from '../../fixtures/project-book';
import {
  cityPromotion,
  propertyManagement,
  seedProjects,
  settlementSupport,
} from '../../fixtures/project-seed';
import { added, keys, snapshotOf, withCell } from '../../fixtures/snapshot';

const kushiro2 = bundledStrategies.get('kushiro-2')!;
let book: WorkbookSnapshot;

beforeAll(async () => {
  book = await snapshotOf(await buildProjectWorkbook(seedProjects));
});

const findingsBySheet = (snapshot: WorkbookSnapshot) =>
  Object.fromEntries(validate(snapshot, kushiro2).sheets.map((s) => [s.sheet, keys(s.findings)]));

describe('three 主要施策成果シート from the seed (form layout, one sheet per project)', () => {
  it('recognizes each sheet and reads the 予算・決算 table by its year headers', () => {
    const sheets = validate(book, kushiro2).sheets;
    expect(sheets.map((s) => s.template)).toEqual(['project', 'project', 'project']);
    const property = sheets[1]!.project!;
    expect(property.reportYear).toBe(2024);
    expect(property.years.map((y) => [y.fiscalYear, y.kind])).toEqual([
      [2023, 'settled'],
      [2024, 'settled'],
      [2025, 'budget'],
    ]);
    expect(property.funds.find((f) => f.key === '一般財源')!.amounts.map((a) => a.value)).toEqual([
      -39168, -5359, -20007,
    ]);
    expect(property.population).toMatchObject({ value: { value: 152875 }, date: 'R7.3末現在' });
  });

  it('finds exactly the seeds’ own discrepancies (funds, per-capita costs and evaluations all agree)', () => {
    expect(findingsBySheet(book)).toEqual({
      // The R6 sheet names 総合政策部企画課; the 2nd-period strategy lists this project under 都市経営課.
      [settlementSupport.sheet]: [`ownership.unknown-department@${projectCells.department}`],
      // Neither project is among the strategy's 主な事業 (they are city-wide administration).
      [propertyManagement.sheet]: [`project.not-in-strategy@${projectCells.name}`],
      [cityPromotion.sheet]: [`project.not-in-strategy@${projectCells.name}`],
    });
  });
});

describe('one injected mistake per rule', () => {
  const total = projectCells.totalRow;
  const general = projectCells.fundRow('一般財源');
  const cases: [
    rule: string,
    sheet: string,
    address: string,
    value: CellValue,
    expected: string[],
    suggestion?: string,
  ][] = [
    ['project.funds-sum', settlementSupport.sheet, `D${general}`, 80, [`project.funds-sum@D${total}`]],
    [
      'project.per-capita',
      propertyManagement.sheet,
      projectCells.perCapita,
      4.2,
      [`project.per-capita@${projectCells.perCapita}`],
      '42.0',
    ],
    [
      'project.evaluation-unknown',
      propertyManagement.sheet,
      projectCells.evaluation,
      '継続',
      [`project.evaluation-unknown@${projectCells.evaluation}`],
      '継続維持',
    ],
    [
      'project.missing-field',
      propertyManagement.sheet,
      projectCells.issues,
      null,
      ['project.missing-field@A29'],
    ],
    [
      'general.number-as-text',
      propertyManagement.sheet,
      `C${total}`,
      '5,154',
      [`general.number-as-text@C${total}`],
      '5154',
    ],
    ['general.formula-error', propertyManagement.sheet, 'D23', '#REF!', ['general.formula-error@D23']],
    [
      'ownership.unknown-department',
      propertyManagement.sheet,
      projectCells.department,
      '財政部市有財産対策',
      [`ownership.unknown-department@${projectCells.department}`],
      '市有財産対策室',
    ],
    [
      'project.not-in-strategy',
      settlementSupport.sheet,
      projectCells.name,
      '定住自立圏推進事業＜当初＞',
      [`project.not-in-strategy@${projectCells.name}`],
    ],
  ];

  it.each(cases)('%s', (rule, sheet, address, value, expected, suggestion) => {
    const before = validate(book, kushiro2).sheets.find((s) => s.sheet === sheet)!.findings;
    const after = validate(withCell(book, sheet, address, value), kushiro2).sheets.find(
      (s) => s.sheet === sheet,
    )!.findings;
    const extra = added(before, after);
    expect(keys(extra)).toEqual(expected);
    if (suggestion !== undefined) expect(extra.find((f) => f.rule === rule)!.suggestion).toBe(suggestion);
  });

  it('takes the 評価 words from the strategy definition', () => {
    const custom = withCell(book, propertyManagement.sheet, projectCells.evaluation, '見直し');
    const cell = `project.evaluation-unknown@${projectCells.evaluation}`;
    const sheetOf = (snapshot: WorkbookSnapshot, strategy: typeof kushiro2) =>
      validate(snapshot, strategy).sheets.find((s) => s.sheet === propertyManagement.sheet)!.findings;
    // Kushiro's list has no 見直し.
    expect(keys(sheetOf(custom, kushiro2))).toContain(cell);
    // A town whose list has 見直し accepts it and refuses Kushiro's 継続維持, suggesting from its own list.
    const town = { ...kushiro2, evaluations: ['拡充', '継続', '見直し', '廃止'] };
    expect(keys(sheetOf(custom, town))).not.toContain(cell);
    const kept = sheetOf(withCell(book, propertyManagement.sheet, projectCells.evaluation, '継続維持'), town);
    expect(
      kept.filter((f) => f.rule === 'project.evaluation-unknown').map((f) => [f.cell, f.suggestion]),
    ).toEqual([
      ['C26', '継続'], // the seed's R5 評価
      [projectCells.evaluation, '継続'],
    ]);
    // A format-1 definition (no list) gets the default list, which has 継続維持 but not 見直し.
    const format1 = { ...kushiro2, schemaVersion: 1 as const, evaluations: undefined };
    expect(keys(sheetOf(custom, format1))).toContain(cell);
    expect(keys(sheetOf(book, format1))).not.toContain(cell);
  });
});
