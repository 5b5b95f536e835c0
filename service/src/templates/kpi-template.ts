import type ExcelJS from 'exceljs';
import {
  kpiKindLabel,
  normalizeNumeric,
  parsePeriod,
  periodEndYear,
  readNumber,
  type CellValue,
  type KpiDefinition,
  type KpiKind,
  type Strategy,
  type StrategyNode,
  type TemplateKey,
} from '#shared';
import { sectionLabel } from '../consolidate/kpi-workbook';
import { MergedAreas } from '../consolidate/merged-areas';
import type { Cycle } from '../store/store';
import { templateTexts } from '../messages';
import { departmentKpis } from './department-parts';
import { kpiKey, type EarlierValues } from './earlier';
import {
  addTemplateSheet,
  inlineList,
  listOf,
  numberValidation,
  shortYear,
  TEMPLATE_STYLES as S,
  withNumFmt,
  yearTitle,
  type TemplateLists,
} from './template-sheets';

/**
 * The department's KPI表 in the seed-003 layout: a title, the header `施策体系 | 重要業績評価指標(KPI) |
 * 年・年度 (over 区分 and the year) | 数値 | 単位 | 所管部署`, section rows numbered as the definition
 * prints them, and per KPI its 現状値, earlier 実績値 (last accepted, with a note), this year's empty
 * 実績値 and its 指標値. Only the 数値 of 実績値 rows is input.
 */

const COLUMNS = 7;
const HEADER = ['施策体系', '重要業績評価指標(KPI)', '年・年度', null, '数値', '単位', '所管部署'];
const KINDS = (['baseline', 'actual', 'target'] as const).map(kpiKindLabel);

/**
 * A planned value as a clerk keeps it in Excel: a plain number (`2,000`, `67.3`) as a number formatted
 * the same way, so it is not text that cannot be totalled; anything else (`25%増(対H25年比)`) as written.
 */
function plannedCell(value: CellValue): { value: CellValue; numFmt?: string } {
  if (typeof value !== 'string') return { value };
  const plain = normalizeNumeric(value);
  if (!/^-?[\d,]+(\.\d+)?$/.test(plain)) return { value };
  const n = readNumber(plain);
  if (n.kind !== 'number') return { value };
  const decimals = plain.split('.')[1]?.length ?? 0;
  return { value: n.value, numFmt: decimals > 0 ? `#,##0.${'0'.repeat(decimals)}` : '#,##0' };
}

/** Whether a planned period counts calendar years (`H26年`, `H27.2月末`) rather than fiscal years. */
function calendarBasis(text: string | undefined): boolean {
  if (text === undefined) return false;
  const period = parsePeriod(text);
  const point =
    period.kind === 'point'
      ? period.point
      : period.kind === 'range' || period.kind === 'each-year'
        ? period.from
        : period.kind === 'cumulative'
          ? (period.from ?? period.to)
          : null;
  return point?.basis === 'calendar';
}

/** This year's period as the KPI's plan counts years: `R6年` for a calendar-year KPI, else `R6年度`. */
function actualPeriod(kpi: KpiDefinition, fiscalYear: number): string {
  const fy = shortYear(fiscalYear);
  return calendarBasis(kpi.target?.period) || calendarBasis(kpi.baseline?.period)
    ? fy.replace(/年度$/, '年')
    : fy;
}

interface KpiLine {
  kind: KpiKind;
  period: string;
  value: CellValue;
  input: boolean;
  note?: string;
}

export function writeKpiTemplate(
  wb: ExcelJS.Workbook,
  strategy: Strategy,
  cycle: Cycle,
  department: string,
  earlier: EarlierValues,
  lists: TemplateLists,
  keys: TemplateKey[],
): MergedAreas {
  const ws = addTemplateSheet(wb, 'KPI表', { first: 3, last: 3 });
  ws.columns = [
    { width: 36 },
    { width: 40 },
    { width: 9 },
    { width: 16 },
    { width: 14 },
    { width: 9 },
    { width: 16 },
  ];
  const merges = new MergedAreas();
  ws.getCell('A1').value = `${strategy.title} 重要業績評価指標(KPI) ${yearTitle(cycle.fiscalYear)} 実績報告`;
  ws.getCell('A1').style = S.title;
  ws.getCell('A2').value = `${templateTexts.cycleLine(cycle.id, department)}  ${templateTexts.inputGuide}`;
  ws.getRow(3).values = HEADER;
  for (let c = 1; c <= COLUMNS; c++) ws.getCell(3, c).style = S.header;
  merges.add(3, 3, 3, 4);

  const kindList = inlineList(KINDS);
  // 実績値 takes a number (or `-` for none, which the rules read as no value): Excel refuses text.
  const valueCheck = numberValidation('decimal');
  const departmentList = listOf(lists.departments);
  const printed = new Set<string>();
  let r = 4;
  // The department's KPIs by item, in the strategy's order.
  const items: { path: StrategyNode[]; kpis: { kpi: KpiDefinition; id: string }[] }[] = [];
  for (const { path, kpi, id } of departmentKpis(strategy, department)) {
    const last = items.at(-1);
    if (last && last.path.at(-1) === path.at(-1)) last.kpis.push({ kpi, id });
    else items.push({ path, kpis: [{ kpi, id }] });
  }
  for (const { path, kpis } of items) {
    const item = path.at(-1)!;
    const itemLabel = sectionLabel(strategy, path.length - 1, item);
    for (const [depth, node] of path.slice(0, -1).entries()) {
      if (printed.has(node.code)) continue;
      printed.add(node.code);
      ws.getCell(r, 1).value = sectionLabel(strategy, depth, node);
      for (let c = 1; c <= COLUMNS; c++) ws.getCell(r, c).style = S.section;
      merges.add(r, 1, r, COLUMNS);
      r++;
    }
    const itemStart = r;
    for (const { kpi, id } of kpis) {
      const thisYear = actualPeriod(kpi, cycle.fiscalYear);
      const lines: KpiLine[] = [
        {
          kind: 'baseline',
          period: kpi.baseline?.period ?? '-',
          value: kpi.baseline?.value ?? '-',
          input: false,
        },
        ...(earlier.actuals.get(kpiKey(item.code, kpi.name)) ?? [])
          .filter((a) => (periodEndYear(parsePeriod(a.period)) ?? Infinity) < cycle.fiscalYear)
          .map((a) => ({
            kind: 'actual' as const,
            period: a.period,
            value: a.value,
            input: true,
            note: templateTexts.previousValue(a.cycle),
          })),
        { kind: 'actual', period: thisYear, value: null, input: true },
        ...(kpi.target
          ? [{ kind: 'target' as const, period: kpi.target.period, value: kpi.target.value, input: false }]
          : []),
      ];
      const unitList = kpi.unit === '' ? null : inlineList([kpi.unit]);
      const kpiStart = r;
      for (const line of lines) {
        const row = ws.getRow(r);
        const planned: { value: CellValue; numFmt?: string } = line.input
          ? { value: line.value }
          : plannedCell(line.value);
        row.values = [null, null, kpiKindLabel(line.kind), line.period, planned.value];
        for (let c = 1; c <= COLUMNS; c++) row.getCell(c).style = S.structure;
        row.getCell(3).dataValidation = kindList;
        const value = row.getCell(5);
        if (line.input) {
          value.style = S.inputNumber;
          value.dataValidation = valueCheck;
        } else if (planned.numFmt) value.style = withNumFmt(S.structure, planned.numFmt);
        if (line.note) value.note = line.note;
        keys.push({
          template: 'kpi',
          cycle: cycle.id,
          item: item.code,
          itemLabel,
          kpi: id,
          name: kpi.name,
          kind: line.kind,
          period: line.period,
          department,
        });
        r++;
      }
      ws.getCell(kpiStart, 2).value = kpi.name;
      ws.getCell(kpiStart, 6).value = kpi.unit;
      ws.getCell(kpiStart, 7).value = department;
      if (unitList) ws.getCell(kpiStart, 6).dataValidation = unitList;
      ws.getCell(kpiStart, 7).dataValidation = departmentList;
      for (const c of [2, 6, 7]) merges.add(kpiStart, c, r - 1, c);
    }
    // Written after its KPI rows, whose values would overwrite it.
    ws.getCell(itemStart, 1).value = itemLabel;
    merges.add(itemStart, 1, r - 1, 1);
  }
  return merges;
}
