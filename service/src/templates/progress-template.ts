import type ExcelJS from 'exceljs';
import type { Strategy, TemplateKey } from '#shared';
import { sectionLabel } from '../consolidate/kpi-workbook';
import { MergedAreas } from '../consolidate/merged-areas';
import type { Cycle } from '../store/store';
import { templateTexts } from '../messages';
import { departmentBlocks } from './department-parts';
import type { EarlierValues } from './earlier';
import {
  addTemplateSheet,
  listOf,
  shortYear,
  TEMPLATE_STYLES as S,
  yearTitle,
  type TemplateLists,
} from './template-sheets';

/**
 * The department's 進捗報告 in the seed-000 layout: the two-row header (`進捗報告` over
 * `R6年度(実績)` and `R7年度(取組予定)`, years from the cycle), section rows numbered as the definition
 * prints them, each item cell (its 具体的な施策 and 【主な事業】) beside the department's row, and last
 * cycle's 取組予定 greyed beside this year's empty 実績 (the headers above it name no template column,
 * so the readers never take it for the report).
 */

const COLUMNS = 5;

export function writeProgressTemplate(
  wb: ExcelJS.Workbook,
  strategy: Strategy,
  cycle: Cycle,
  department: string,
  earlier: EarlierValues,
  lists: TemplateLists,
  keys: TemplateKey[],
): MergedAreas {
  const ws = addTemplateSheet(wb, '進捗報告', { first: 3, last: 4 });
  ws.columns = [{ width: 56 }, { width: 16 }, { width: 40 }, { width: 56 }, { width: 56 }];
  const merges = new MergedAreas();
  ws.getCell('A1').value = `${strategy.title} 進捗報告 ${yearTitle(cycle.fiscalYear)}`;
  ws.getCell('A1').style = S.title;
  ws.getCell('A2').value = `${templateTexts.cycleLine(cycle.id, department)}  ${templateTexts.inputGuide}`;
  const resultsHeader = `${shortYear(cycle.fiscalYear)}(実績)`;
  const planHeader = `${shortYear(cycle.fiscalYear + 1)}(取組予定)`;
  ws.getRow(3).values = [
    // 施策体系 is a header every reader knows, whatever the town calls its levels.
    `施策体系(${strategy.levels.map((l) => l.name).join('・')})`,
    '所管部署',
    templateTexts.previousPlanHeader(shortYear(cycle.fiscalYear)),
    '進捗報告',
  ];
  ws.getRow(4).values = [null, null, null, resultsHeader, planHeader];
  for (const r of [3, 4]) for (let c = 1; c <= COLUMNS; c++) ws.getCell(r, c).style = S.header;
  merges.add(3, 1, 4, 1);
  merges.add(3, 2, 4, 2);
  merges.add(3, 3, 4, 3);
  merges.add(3, 4, 3, 5);

  const departmentList = listOf(lists.departments);
  const printed = new Set<string>();
  let r = 5;
  for (const { path, items, projects } of departmentBlocks(strategy, department)) {
    for (const [depth, node] of path.entries()) {
      if (printed.has(node.code)) continue;
      printed.add(node.code);
      ws.getCell(r, 1).value = sectionLabel(strategy, depth, node);
      for (let c = 1; c <= COLUMNS; c++) ws.getCell(r, c).style = S.section;
      merges.add(r, 1, r, COLUMNS);
      r++;
    }
    const itemDepth = path.length;
    const labels = items.map((n) => sectionLabel(strategy, itemDepth, n));
    const first = items[0]!;
    const itemText = [
      ...labels,
      ...(projects.length > 0 ? ['【主な事業】', ...projects.map((p) => `・${p}`)] : []),
    ];
    const previous = earlier.plans.get(first.code);
    const row = ws.getRow(r);
    row.values = [itemText.join('\n'), department, previous?.plan ?? null, null, null];
    row.getCell(1).style = S.structure;
    row.getCell(2).style = S.structure;
    row.getCell(2).dataValidation = departmentList;
    row.getCell(3).style = S.reference;
    row.getCell(4).style = S.input;
    row.getCell(5).style = S.input;
    keys.push({
      template: 'progress',
      cycle: cycle.id,
      item: first.code,
      itemLabel: labels[0]!,
      kpi: '',
      name: department,
      kind: '',
      period: resultsHeader,
      department,
    });
    r++;
  }
  return merges;
}
