import type ExcelJS from 'exceljs';
import { eraOf, FUND_LABELS, nameKey, type CellValue, type Strategy, type TemplateKey } from '#shared';
import { MergedAreas } from '../consolidate/merged-areas';
import { sheetName } from '../consolidate/project-workbook';
import type { Cycle, ProjectRowData } from '../store/store';
import { templateTexts } from '../messages';
import { departmentProjects } from './department-parts';
import type { EarlierValues } from './earlier';
import {
  addTemplateSheet,
  listOf,
  longYear,
  numberValidation,
  TEMPLATE_STYLES as S,
  withNumFmt,
  type TemplateLists,
} from './template-sheets';

/**
 * One 主要施策成果シート per project of the department, in the seed-002 form (the layout the reader
 * finds by its labels): 事業名等, 当初計画と実績, the 予算・決算 table over the cycle's three years
 * (last year and this year settled, next year budgeted) with the 財源 lines, 参考データ, the two 評価
 * with the definition's words as a dropdown, 課題 and 方向性. Last year's figures are filled where a
 * project cycle accepted them.
 */

const FUNDS = ['国道支出金', '地方債', '使用料・手数料', 'その他特定財源', '一般財源'] as const;
const AMOUNT_COLUMNS = [3, 4, 5];

/** Rows of the form, named: tests and the round trip fill these. */
export const projectTemplateRows = {
  name: 4,
  department: 5,
  basis: 6,
  category: 7,
  purpose: 8,
  years: 11,
  total: 13,
  funds: 14,
  staffCost: 22,
  staffCount: 23,
  population: 24,
  perCapita: 25,
  evaluations: [26, 27],
  issues: 29,
  direction: 30,
} as const;

/** Last cycle's amount for a fiscal year of the form, when it accepted one. */
function earlierAmount(
  previous: ProjectRowData | undefined,
  fiscalYear: number,
  line: (row: ProjectRowData, column: number) => CellValue | undefined,
): CellValue {
  if (!previous) return null;
  const column = previous.years.findIndex((y) => y.fiscalYear === fiscalYear);
  return column < 0 ? null : (line(previous, column) ?? null);
}

export function writeProjectTemplates(
  wb: ExcelJS.Workbook,
  strategy: Strategy,
  cycle: Cycle,
  department: string,
  earlier: EarlierValues,
  lists: TemplateLists,
  keys: TemplateKey[],
): Map<number, MergedAreas> {
  const sheets = new Map<number, MergedAreas>();
  const taken = new Set<string>();
  const fy = cycle.fiscalYear;
  const years = [fy - 1, fy, fy + 1];
  const R = projectTemplateRows;
  const whole = numberValidation('whole');
  const decimal = numberValidation('decimal');
  for (const { node, project } of departmentProjects(strategy, department)) {
    const ws = addTemplateSheet(wb, sheetName(project.name, taken));
    const merges = new MergedAreas();
    sheets.set(wb.worksheets.length, merges);
    ws.columns = [
      { width: 22 },
      { width: 22 },
      { width: 14 },
      { width: 14 },
      { width: 14 },
      { width: 36 },
      { width: 30 },
      { width: 30 },
    ];
    const previous = earlier.projects.get(nameKey(project.name));
    const put = (row: number, column: number, value: CellValue, style: Partial<ExcelJS.Style>) => {
      const cell = ws.getCell(row, column);
      cell.value = value;
      cell.style = style;
      return cell;
    };
    const pair = (row: number, label: string, value: CellValue, input: boolean) => {
      put(row, 1, label, S.label);
      put(row, 2, value, input ? S.input : S.structure);
      for (const c of [3, 4]) ws.getCell(row, c).style = input ? S.input : S.structure;
      merges.add(row, 2, row, 4);
      return ws.getCell(row, 2);
    };
    put(1, 1, `${longYear(fy)}実施事業\u3000主要施策成果シート(${fy}年度)`, S.title);
    merges.add(1, 1, 1, 8);
    put(2, 1, templateTexts.inputGuide, {});
    merges.add(2, 1, 2, 8);
    put(3, 1, '１\u3000事業名等', S.label);
    put(3, 6, '２\u3000当初計画と実績・コスト・成果', S.label);
    pair(R.name, '事業名', project.name, false);
    pair(R.department, '所管課・室', department, false).dataValidation = listOf(lists.departments);
    pair(R.basis, '根拠となる計画', strategy.title, true);
    pair(R.category, '分類', project.category ?? null, true).dataValidation = listOf(lists.categories);
    pair(R.purpose, '目的と概要', project.description ?? null, true);
    put(4, 6, '（1）年度当初計画', S.label);
    put(4, 7, '（2）事業の実績と成果', S.label);
    put(5, 6, null, S.input);
    put(5, 7, null, S.input);
    for (let r = 5; r <= 9; r++) for (const c of [6, 7, 8]) ws.getCell(r, c).style = S.input;
    merges.add(5, 6, 9, 6);
    merges.add(5, 7, 9, 8);

    const yearHeader = (row: number) => {
      years.forEach((y, i) => put(row, AMOUNT_COLUMNS[i]!, longYear(y), S.header));
      ['（決算額）', '（決算額）', '（予算額）'].forEach((k, i) =>
        put(row + 1, AMOUNT_COLUMNS[i]!, k, S.header),
      );
    };
    const amounts = (
      row: number,
      line: (p: ProjectRowData, column: number) => CellValue | undefined,
      numFmt?: string,
    ) =>
      years.forEach((y, i) => {
        const style = numFmt ? withNumFmt(S.inputAmount, numFmt) : S.inputAmount;
        const cell = put(row, AMOUNT_COLUMNS[i]!, earlierAmount(previous, y, line), style);
        cell.dataValidation = numFmt ? decimal : whole;
      });
    put(10, 1, '【予算・決算データ】', S.label);
    yearHeader(R.years);
    put(R.total, 1, '事業費総額 (千円）', S.label);
    merges.add(R.total, 1, R.total, 2);
    amounts(R.total, (p, c) => p.years[c]?.total);
    put(R.funds, 1, '財源', S.label);
    merges.add(R.funds, 1, R.funds + FUNDS.length - 1, 1);
    FUNDS.forEach((fund, i) => {
      put(R.funds + i, 2, `${fund} (千円）`, S.label);
      const pattern = FUND_LABELS.find((f) => f.key === fund)!.pattern;
      amounts(R.funds + i, (p, c) => p.funds.find((f) => pattern.test(nameKey(f.name)))?.amounts[c]);
    });
    put(19, 1, '【参考データ】', S.label);
    yearHeader(20);
    put(R.staffCost, 1, '職員人件費 (千円）', S.label);
    merges.add(R.staffCost, 1, R.staffCost, 2);
    amounts(R.staffCost, () => null);
    put(R.staffCount, 1, '職員数 (人）', S.label);
    merges.add(R.staffCount, 1, R.staffCount, 2);
    amounts(R.staffCount, () => null, '0.0');
    put(R.population, 1, `${strategy.municipality}の人口`, S.label);
    merges.add(R.population, 1, R.population, 2);
    put(R.population, 3, null, S.inputAmount).dataValidation = whole;
    put(R.population, 4, `人（${eraOf(fy + 1).label}年3月31日現在）`, S.input);
    put(R.perCapita, 1, '市民一人あたりの費用 （円）', S.label);
    merges.add(R.perCapita, 1, R.perCapita, 2);
    put(R.perCapita, 3, null, withNumFmt(S.inputAmount, '#,##0.0')).dataValidation = decimal;
    put(R.perCapita, 4, '注1）一人当たりの費用は事業費総額/人口で算出します。', S.structure);
    const evaluationList = listOf(lists.evaluations);
    [fy - 1, fy].forEach((y, i) => {
      const row = R.evaluations[i]!;
      put(row, 1, `${longYear(y)}実施事業評価結果`, S.label);
      put(row, 2, '評価', S.label);
      const known = previous?.evaluations.find((e) => e.fiscalYear === y)?.value ?? null;
      put(row, 3, known, S.input).dataValidation = evaluationList;
    });
    put(28, 1, `３\u3000事業実施上の課題と今後（${longYear(fy + 2)}以降）の方向性`, S.label);
    merges.add(28, 1, 28, 8);
    pair(R.issues, '課題', null, true);
    pair(R.direction, `今後(${longYear(fy + 2)}以降)の方向性`, null, true);
    keys.push({
      template: 'project',
      cycle: cycle.id,
      item: node.code,
      itemLabel: '',
      kpi: project.name,
      name: project.name,
      kind: '',
      period: String(fy),
      department,
    });
  }
  // Excel refuses a workbook whose sheets are all hidden: a department without projects gets a note.
  if (sheets.size === 0) {
    const ws = addTemplateSheet(wb, templateTexts.noProjectsSheet);
    ws.getCell('A1').value = templateTexts.noProjects(department);
  }
  return sheets;
}
