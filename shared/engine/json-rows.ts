import { z } from 'zod';
import type { EngineOptions } from '../rules/context';
import type { Strategy } from '../strategy/schema';
import { headerFiscalYear, type Located } from '../templates/labels';
import { parseItemCell, type ProgressRow, type ProgressSheet } from '../templates/progress';
import { FUND_LABELS, projectLabels, type AmountCell, type ProjectSheet } from '../templates/project';
import { CellValueSchema, type SheetGrid } from '../workbook/snapshot';
import type { Finding } from './findings';
import { contextFor, strategyIndexFor, runRules, workbookFacts, type RecognizedSheet } from './validate';

/**
 * JSON rows of progress reports and project sheets (the submission API's other format): the same
 * rules as for a workbook, run over the template structures built from the JSON values. JSON has no
 * cells: findings carry `cell: null` and the 1-based index of the row (or project) as `row`.
 */

/** One department row of a progress report. */
export const ProgressJsonRowSchema = z.object({
  /** The item cell's text: `ア 持続的成長を目指した水産業の振興`, optionally with its description and 【主な事業】 lines. */
  item: z.string().min(1).max(4000),
  department: z.string().max(200),
  /** 実績 of the report year. */
  results: z.string().max(32_767),
  /** 取組予定 of the next year. */
  plan: z.string().max(32_767),
});
export type ProgressJsonRow = z.infer<typeof ProgressJsonRowSchema>;

const fundNames = FUND_LABELS.map((f) => f.key).join('、');

/** The figures of one 主要施策成果シート. Amounts in 千円, as numbers or as written (`5,154`, `△1,200`). */
export const ProjectJsonSchema = z
  .object({
    name: z.string().min(1).max(500),
    department: z.string().max(200),
    /** Year columns of the 予算・決算 table, e.g. `{"header":"令和６年度(決算額)","total":8030}`. */
    years: z
      .array(
        z.object({
          header: z.string().max(200),
          /** Default: read from the header (`令和６年度` → 2024). */
          fiscalYear: z.number().int().min(1900).max(2200).nullable().optional(),
          kind: z.enum(['settled', 'budget']).nullable().optional(),
          total: CellValueSchema,
        }),
      )
      .min(1)
      .max(10),
    /** 財源 lines, one amount per year column. */
    funds: z
      .array(
        z.object({
          name: z.string().refine((n) => FUND_LABELS.some((f) => f.pattern.test(n.replace(/\s+/g, ''))), {
            message: `財源は ${fundNames} のいずれかです`,
          }),
          amounts: z.array(CellValueSchema).max(10),
        }),
      )
      .max(FUND_LABELS.length),
    /** 人口 (needed to check 市民一人あたりの費用). */
    population: CellValueSchema.default(null),
    /** 市民一人あたりの費用 (円). */
    perCapita: CellValueSchema.default(null),
    /** 評価 per fiscal year. */
    evaluations: z
      .array(z.object({ fiscalYear: z.number().int().nullable(), value: z.string().max(200).nullable() }))
      .max(10),
    /** 課題 and 方向性: checked as required when sent. */
    issues: z.string().max(32_767).optional(),
    direction: z.string().max(32_767).optional(),
  })
  .refine((p) => p.funds.every((f) => f.amounts.length === p.years.length), {
    message: '財源の金額は年度の列と同じ数だけ書いてください',
    path: ['funds'],
  });
export type ProjectJson = z.infer<typeof ProjectJsonSchema>;

/** What JSON rows are validated with: the usual options, `fiscalYear` being the report year. */
export type JsonRowOptions = EngineOptions;

/** A year column's header as the template writes it, by era year: `R5年度(実績)`. */
export function eraYearHeader(fiscalYear: number, what: '実績' | '取組予定'): string {
  const era = fiscalYear >= 2019 ? `R${fiscalYear - 2018}` : `H${fiscalYear - 1988}`;
  return `${era}年度(${what})`;
}

/** JSON has no cells: report the row (or project) index only. */
const withoutCells = (findings: Finding[]): Finding[] => findings.map((f) => ({ ...f, cell: null }));

/**
 * Progress-report rows as JSON. Each row is its own item cell (no sections above it, so the 施策 a
 * row stands under is not judged); the report year comes from `options.fiscalYear`.
 */
export function validateProgressRows(
  rows: readonly ProgressJsonRow[],
  strategy: Strategy,
  options: JsonRowOptions = {},
): { sheet: ProgressSheet; findings: Finding[] } {
  const index = strategyIndexFor(strategy);
  const year = options.fiscalYear ?? null;
  const progressRows: ProgressRow[] = rows.map((r, i) => {
    // A unique placeholder per item cell: rules judge each item cell once, by its address.
    const block = {
      ...parseItemCell(r.item, `#${i + 1}`, i + 1, index.numbering),
      goal: null,
      measure: null,
    };
    return {
      row: i + 1,
      block,
      department: r.department.trim(),
      results: r.results.trim(),
      plan: r.plan.trim(),
      // JSON rows carry no earlier plan.
      previousPlan: '',
      cells: { department: '', results: '', plan: '' },
    };
  });
  const sheet: ProgressSheet = {
    detection: {
      ok: true,
      headerRow: 0,
      dataRow: 1,
      columns: { item: 1, department: 2, results: 3, plan: 4 },
      previousPlanColumn: null,
      resultsYear: year,
      planYear: year === null ? null : year + 1,
      resultsHeader: year === null ? '実績' : eraYearHeader(year, '実績'),
      planHeader: year === null ? '取組予定' : eraYearHeader(year + 1, '取組予定'),
    },
    sections: [],
    blocks: progressRows.map((r) => r.block!),
    rows: progressRows,
  };
  const recognized: RecognizedSheet = { template: 'progress', sheet };
  const workbook = workbookFacts(index, [{ name: '', recognized }]);
  const findings = runRules(contextFor(null, '', recognized, index, options, workbook));
  return { sheet, findings: withoutCells(findings) };
}

/** Project figures as JSON: each project is checked as its own 主要施策成果シート. */
export function validateProjects(
  projects: readonly ProjectJson[],
  strategy: Strategy,
  options: JsonRowOptions = {},
): { sheets: ProjectSheet[]; findings: Finding[] } {
  const index = strategyIndexFor(strategy);
  const sheets = projects.map((p, i) => projectSheetOf(p, i + 1, options.fiscalYear ?? null));
  const findings = sheets.flatMap((sheet) => {
    const recognized: RecognizedSheet = { template: 'project', sheet };
    const workbook = workbookFacts(index, [{ name: '', recognized }]);
    return runRules(contextFor(null, '', recognized, index, options, workbook));
  });
  return { sheets, findings: withoutCells(findings) };
}

function projectSheetOf(p: ProjectJson, row: number, reportYear: number | null): ProjectSheet {
  const at = (text: string): Located => ({ text, cell: '', row, column: 0 });
  const amount = (value: z.infer<typeof CellValueSchema> | undefined): AmountCell => ({
    value: value ?? null,
    cell: '',
    row,
    column: 0,
  });
  const filled = (text: string | null | undefined) => (text && text.trim() !== '' ? at(text.trim()) : null);
  const years = p.years.map((y, i) => ({
    column: i + 1,
    fiscalYear: y.fiscalYear ?? headerFiscalYear(y.header),
    header: y.header,
    kind: y.kind ?? (/決算/.test(y.header) ? 'settled' : /予算/.test(y.header) ? 'budget' : null),
  }));
  const funds = p.funds.map((f) => ({
    key: FUND_LABELS.find((l) => l.pattern.test(f.name.replace(/\s+/g, '')))!.key,
    label: at(f.name),
    amounts: f.amounts.map(amount),
  }));
  const texts = (
    [
      ['issues', projectLabels.issues, p.issues],
      ['direction', projectLabels.direction, p.direction],
    ] as const
  ).flatMap(([field, label, text]) =>
    text === undefined ? [] : [{ field, label: at(label), value: filled(text) }],
  );
  return {
    reportYear,
    name: { label: at(projectLabels.name), value: filled(p.name) },
    department: { label: at(projectLabels.department), value: filled(p.department) },
    years,
    total: { label: at(projectLabels.total), amounts: p.years.map((y) => amount(y.total)) },
    funds,
    staffCost: null,
    staffCount: null,
    // Neither sent: no per-capita cost to check (a form always prints the line; JSON may leave it out).
    ...(p.perCapita === null && p.population === null
      ? { population: null, perCapita: null }
      : {
          population: { label: at(projectLabels.population), value: amount(p.population), date: null },
          perCapita: { label: at(projectLabels.perCapita), value: amount(p.perCapita) },
        }),
    evaluations: p.evaluations.map((e) => ({
      label: at(
        e.fiscalYear === null ? projectLabels.evaluation : `${e.fiscalYear}年度 ${projectLabels.evaluation}`,
      ),
      fiscalYear: e.fiscalYear,
      value: filled(e.value),
    })),
    texts,
  };
}

/**
 * The JSON rows of a read progress sheet: what the task pane sends where the host cannot give the
 * file. `item` is the item cell's whole text, as the service stores it from a workbook.
 */
export function progressJsonRows(sheet: ProgressSheet, grid: SheetGrid): ProgressJsonRow[] {
  return sheet.rows.map((r) => ({
    item: r.block ? grid.text(r.block.row, sheet.detection.columns.item) : '',
    department: r.department,
    results: r.results,
    plan: r.plan,
  }));
}

/** The figures of a read 主要施策成果シート as JSON (the task pane's submission without the file). */
export function projectJson(sheet: ProjectSheet): ProjectJson {
  const text = (field: 'issues' | 'direction') => {
    const entry = sheet.texts.find((t) => t.field === field);
    return entry ? { [field]: entry.value?.text ?? '' } : {};
  };
  return {
    name: sheet.name?.value?.text ?? '',
    department: sheet.department?.value?.text ?? '',
    years: sheet.years.map((y, i) => ({
      header: y.header,
      fiscalYear: y.fiscalYear,
      kind: y.kind,
      total: sheet.total?.amounts[i]?.value ?? null,
    })),
    funds: sheet.funds.map((f) => ({ name: f.key, amounts: f.amounts.map((a) => a.value) })),
    population: sheet.population?.value?.value ?? null,
    perCapita: sheet.perCapita?.value?.value ?? null,
    evaluations: sheet.evaluations.map((e) => ({ fiscalYear: e.fiscalYear, value: e.value?.text ?? null })),
    ...text('issues'),
    ...text('direction'),
  };
}
