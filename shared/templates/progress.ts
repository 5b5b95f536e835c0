import { normalizeText } from '../normalize/text';
import type { LevelNumbering } from '../strategy/numbering';
import type { SheetGrid } from '../workbook/snapshot';
import { headerFiscalYear, labelKey, located, type Located } from './labels';

/**
 * The progress report template (進捗報告): strategy item text | 所管部署 | 実績 text for year N |
 * 取組予定 text for year N+1. The item cell is merged down over one row per department; section rows
 * (`【基本目標1】…`, `①…`, numbered as the definition's upper levels) open a goal and a 施策. The header may take two rows (`進捗報告` spanning
 * `R5年度(実績)` and `R6年度(取組予定)`) and repeats after page breaks.
 */

export type ProgressField = 'item' | 'department' | 'results' | 'plan';

export const progressColumnLabels: Record<ProgressField, string> = {
  item: '具体的な施策',
  department: '所管部署',
  results: '年度(実績)',
  plan: '年度(取組予定)',
};

const HEADER: Record<ProgressField, RegExp> = {
  item: /具体的な施策|施策体系|基本目標と基本的方向/,
  department: /^(所管部署|所管課|担当課|担当部署|所管課・室)$/,
  results: /年度.*実績$|^実績$/,
  plan: /年度.*(取組予定|取組み予定|予定)$|^(取組予定|今後の予定)$/,
};
const FIELDS = Object.keys(HEADER) as ProgressField[];
/**
 * The greyed column of a generated 進捗報告 (`R6年度の取組予定(前回報告・参考)`): last cycle's plan beside
 * this year's results. Optional: a report without it reads as before.
 */
const PREVIOUS_PLAN = /前回報告・?参考$/;
const HEADER_SCAN_ROWS = 30;

export type ProgressDetection =
  | {
      ok: true;
      headerRow: number;
      dataRow: number;
      columns: Record<ProgressField, number>;
      /** The column of last cycle's plan (generated templates), or null. */
      previousPlanColumn: number | null;
      resultsYear: number | null;
      planYear: number | null;
      /** The year headers as written, for messages. */
      resultsHeader: string;
      planHeader: string;
    }
  | { ok: false; missing: string[] };

/** Finds the header (one or two rows) by its texts. */
export function detectProgressReport(grid: SheetGrid): ProgressDetection {
  let bestMissing = FIELDS.map((f) => progressColumnLabels[f]);
  const lastScan = Math.min(grid.lastRow, grid.firstRow + HEADER_SCAN_ROWS - 1);
  for (let r = grid.firstRow; r <= lastScan; r++) {
    // A two-row header: look at this row and the next one together.
    const found: Partial<Record<ProgressField, { row: number; column: number }>> = {};
    let previousPlanColumn: number | null = null;
    for (const row of [r, r + 1]) {
      if (row > grid.lastRow) continue;
      for (let c = grid.firstColumn; c <= grid.lastColumn; c++) {
        const key = labelKey(grid.text(row, c));
        if (key === '') continue;
        for (const f of FIELDS) if (!found[f] && HEADER[f].test(key)) found[f] = { row, column: c };
        if (previousPlanColumn === null && PREVIOUS_PLAN.test(key)) previousPlanColumn = c;
      }
    }
    const missing = FIELDS.filter((f) => !found[f]).map((f) => progressColumnLabels[f]);
    if (missing.length < bestMissing.length) bestMissing = missing;
    if (missing.length > 0 || !found.item || found.item.row !== r) continue;
    const columns = Object.fromEntries(FIELDS.map((f) => [f, found[f]!.column])) as Record<
      ProgressField,
      number
    >;
    const resultsHeader = grid.text(found.results!.row, columns.results);
    const planHeader = grid.text(found.plan!.row, columns.plan);
    return {
      ok: true,
      headerRow: r,
      dataRow: Math.max(...FIELDS.map((f) => found[f]!.row)) + 1,
      columns,
      previousPlanColumn,
      resultsYear: headerFiscalYear(resultsHeader),
      planYear: headerFiscalYear(planHeader),
      resultsHeader,
      planHeader,
    };
  }
  return { ok: false, missing: bestMissing };
}

/** A 具体的な施策 named in an item cell (`ア 持続的成長を目指した水産業の振興`). */
export interface ItemMention {
  label: string;
  cell: string;
  row: number;
}

/** A project listed under 【主な事業】 in an item cell. */
export interface ProjectMention {
  name: string;
  restated: boolean;
}

/** One merged item cell: the 具体的な施策 it names, its 主な事業, and the sections above it. */
export interface ProgressBlock {
  cell: string;
  row: number;
  items: ItemMention[];
  projects: ProjectMention[];
  goal: Located | null;
  /** The 施策 section above (the level under 基本目標). */
  measure: Located | null;
}

export interface ProgressRow {
  row: number;
  block: ProgressBlock | null;
  department: string;
  results: string;
  plan: string;
  /** Last cycle's plan shown beside the results (generated templates), '' when none. */
  previousPlan: string;
  cells: { department: string; results: string; plan: string };
}

export interface ProgressSheet {
  detection: Extract<ProgressDetection, { ok: true }>;
  sections: Located[];
  blocks: ProgressBlock[];
  rows: ProgressRow[];
}

const PROJECTS_HEADING = /【\s*主な事業\s*】/;
const RESTATED = /[【(]\s*再掲\s*[】)]/;

export function readProgressReport(
  grid: SheetGrid,
  detection: Extract<ProgressDetection, { ok: true }>,
  numbering: LevelNumbering,
): ProgressSheet {
  const { columns } = detection;
  const sections: Located[] = [];
  const blocks: ProgressBlock[] = [];
  const rows: ProgressRow[] = [];
  let goal: Located | null = null;
  let measure: Located | null = null;
  let block: ProgressBlock | null = null;
  for (let r = detection.dataRow; r <= grid.lastRow; r++) {
    // A section row merged across the sheet shows its text in every column: only its first cell counts.
    const own = (c: number) => (grid.isMergedAcross(r, c) ? '' : grid.text(r, c).trim());
    const itemText = own(columns.item);
    const department = own(columns.department);
    const results = own(columns.results);
    const plan = own(columns.plan);
    // The header repeated after a page break (its first row has 進捗報告 over the years, not the years).
    if (HEADER.department.test(labelKey(department))) continue;
    if (itemText !== '' && !grid.isMergedContinuation(r, columns.item)) {
      const depth =
        department === '' && results === '' && plan === '' ? numbering.sectionDepth(itemText) : null;
      if (depth !== null) {
        const section = located(grid, r, columns.item);
        if (depth === 0) [goal, measure] = [section, null];
        else measure = section;
        block = null;
        sections.push(section);
        continue;
      }
      block = { ...parseItemCell(itemText, grid.address(r, columns.item), r, numbering), goal, measure };
      blocks.push(block);
    }
    if (department === '' && results === '' && plan === '') continue;
    rows.push({
      row: r,
      block,
      department,
      results,
      plan,
      previousPlan: detection.previousPlanColumn === null ? '' : own(detection.previousPlanColumn),
      cells: {
        department: grid.address(r, columns.department),
        results: grid.address(r, columns.results),
        plan: grid.address(r, columns.plan),
      },
    });
  }
  return { detection, sections, blocks, rows };
}

/**
 * Splits an item cell into the items it names (one per line, each starting with a number of the
 * definition's item level: `ア …`, `(ア) …`, `a. …`) and its 【主な事業】 list.
 */
export function parseItemCell(
  text: string,
  cell: string,
  row: number,
  numbering: LevelNumbering,
): { cell: string; row: number; items: ItemMention[]; projects: ProjectMention[] } {
  const items: ItemMention[] = [];
  const projects: ProjectMention[] = [];
  let inProjects = false;
  for (const rawLine of text.split(/\r?\n/)) {
    const line = normalizeText(rawLine);
    if (line === '') continue;
    if (PROJECTS_HEADING.test(line)) {
      inProjects = true;
      const rest = line.replace(PROJECTS_HEADING, '');
      if (rest.trim() !== '') projects.push(...projectNames(rest));
      continue;
    }
    if (inProjects) projects.push(...projectNames(line));
    else if (numbering.isItem(line)) items.push({ label: line, cell, row });
  }
  return { cell, row, items, projects };
}

// A bullet starts a name at the start of a line or after a space (`・A ・B`); a `・` inside a name
// (`中小企業・小規模事業者活性化推進事業`) does not.
const PROJECT_BULLET = /(?:^|\s)・/;

function projectNames(line: string): ProjectMention[] {
  return line
    .split(PROJECT_BULLET)
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .map((p) => ({ name: p.replace(RESTATED, '').trim(), restated: RESTATED.test(p) }));
}
