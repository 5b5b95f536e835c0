import ExcelJS from 'exceljs';
import { StrategyIndex, type Strategy } from '#shared';
import { consolidationTexts } from '../messages';
import type { Cycle, ProgressRowData } from '../store/store';
import type { Resolution } from './conflicts';
import { mergeProgressRows, type LatestRows } from './row-conflicts';
import { MergedAreas, writeWithMergedAreas } from './merged-areas';
import { addPrintSheet } from './print-sheet';

/**
 * The consolidated progress report (進捗報告) in the seed report's layout: section rows for 基本目標
 * and 施策, the item text merged over its departments' rows, 所管部署, results and plans, the header
 * repeated on each printed page, A4 landscape fit to width.
 */

export interface MergedProgressRow extends ProgressRowData {
  /** Departments that sent this row with different texts, until the admin decides: nothing is silently kept. */
  conflict: { department: string; results: string; plan: string }[] | null;
}

/**
 * One row per (item, 所管部署): a department's new version replaces its rows; disagreements are shown
 * until the admin resolves the conflict, then the resolution's texts are.
 */
export function mergeProgress(
  latest: LatestRows<ProgressRowData>,
  resolutions: ReadonlyMap<string, Resolution<unknown>> = new Map(),
): MergedProgressRow[] {
  return mergeProgressRows(latest, resolutions).map((g) => ({
    ...g.row,
    ...g.value,
    conflict: g.conflict?.map((c) => ({ department: c.department, ...c.value })) ?? null,
  }));
}

const COLUMNS = 4;
const THIN = { style: 'thin' as const };
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const TOP = { vertical: 'top', wrapText: true } as const;
const STYLES = {
  body: { border: BORDER, alignment: TOP },
  section: { border: BORDER, alignment: TOP, font: { bold: true } },
  header: {
    border: BORDER,
    alignment: { horizontal: 'center', vertical: 'middle', wrapText: true },
    font: { bold: true },
    fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } },
  },
  conflict: {
    border: BORDER,
    alignment: TOP,
    fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFC7CE' } },
  },
} satisfies Record<string, Partial<ExcelJS.Style>>;

export async function writeProgressWorkbook(
  strategy: Strategy,
  cycle: Cycle,
  rows: MergedProgressRow[],
): Promise<Buffer> {
  const index = new StrategyIndex(strategy);
  const order = (r: MergedProgressRow) => (r.nodeCode ? index.order(r.nodeCode) : Number.MAX_SAFE_INTEGER);
  const placed = rows
    .map((row, sequence) => ({ row, sequence }))
    .sort((a, b) => order(a.row) - order(b.row) || a.sequence - b.sequence);

  const wb = new ExcelJS.Workbook();
  wb.creator = 'sousei-sync';
  const ws = addPrintSheet(wb, '進捗報告', { first: 3, last: 4 });
  ws.columns = [{ width: 60 }, { width: 16 }, { width: 60 }, { width: 60 }];
  const merges = new MergedAreas();
  ws.getCell('A1').value = `${strategy.title} 進捗報告`;
  ws.getCell('A1').font = { bold: true, size: 14 };
  ws.getCell('A2').value = `報告サイクル: ${cycle.id}(${cycle.fiscalYear}年度)`;
  const first = placed[0]?.row;
  const headers = [
    [
      consolidationTexts.progressHeader.item,
      consolidationTexts.progressHeader.department,
      consolidationTexts.progressHeader.report,
      '',
    ],
    [
      '',
      '',
      first?.resultsHeader || `${cycle.fiscalYear}年度(実績)`,
      first?.planHeader || `${cycle.fiscalYear + 1}年度(取組予定)`,
    ],
  ];
  for (const [i, values] of headers.entries()) {
    const row = ws.getRow(3 + i);
    row.values = values;
    for (let c = 1; c <= COLUMNS; c++) row.getCell(c).style = STYLES.header;
  }
  merges.add(3, 1, 4, 1);
  merges.add(3, 2, 4, 2);
  merges.add(3, 3, 3, 4);

  let r = 5;
  let goal: string | null = null;
  let measure: string | null = null;
  let i = 0;
  while (i < placed.length) {
    const item = placed[i]!.row;
    for (const [section, current] of [
      [item.goal, goal],
      [item.measure, measure],
    ] as const) {
      if (section && section !== current) {
        ws.getCell(r, 1).value = section;
        for (let c = 1; c <= COLUMNS; c++) ws.getCell(r, c).style = STYLES.section;
        merges.add(r, 1, r, COLUMNS);
        r++;
      }
    }
    goal = item.goal ?? goal;
    measure = item.measure ?? measure;
    let end = i;
    while (end + 1 < placed.length && placed[end + 1]!.row.item === item.item) end++;
    const start = r;
    for (let j = i; j <= end; j++) {
      const { row } = placed[j]!;
      // Clerks' text goes in as plain strings: exceljs writes a formula only for { formula } values.
      ws.getRow(r).values = [
        j === i ? row.item : '',
        row.department,
        row.conflict ? consolidationTexts.progressConflict(row.conflict, 'results') : row.results,
        row.conflict ? consolidationTexts.progressConflict(row.conflict, 'plan') : row.plan,
      ];
      for (let c = 1; c <= COLUMNS; c++)
        ws.getCell(r, c).style = row.conflict && c >= 3 ? STYLES.conflict : STYLES.body;
      r++;
    }
    merges.add(start, 1, r - 1, 1);
    i = end + 1;
  }
  return writeWithMergedAreas(wb, new Map([[1, merges]]));
}
