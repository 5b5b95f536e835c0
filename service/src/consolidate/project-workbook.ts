import ExcelJS from 'exceljs';
import { parseRange } from '#shared';
import { consolidationTexts } from '../messages';
import type { Cycle, ProjectRowData, Submission } from '../store/store';
import type { Resolution } from './conflicts';
import { mergeProjectRows } from './row-conflicts';
import { MergedAreas, writeWithMergedAreas } from './merged-areas';
import { addPrintSheet } from './print-sheet';

/**
 * The consolidated project workbook: a summary sheet with one row per project (total cost per year,
 * 財源, per-capita cost, 評価) followed by each submitted 主要施策成果シート copied in as it was sent.
 */

export interface ProjectSource {
  submission: Pick<Submission, 'id' | 'department' | 'version'>;
  rows: ProjectRowData[];
  /** The raw workbook the sheets are copied from. */
  file: Uint8Array | null;
}

const THIN = { style: 'thin' as const };
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const STYLES = {
  header: {
    border: BORDER,
    alignment: { horizontal: 'center', vertical: 'middle', wrapText: true },
    font: { bold: true },
    fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } },
  },
  text: { border: BORDER, alignment: { vertical: 'top', wrapText: true } },
  number: { border: BORDER, alignment: { vertical: 'top', horizontal: 'right' }, numFmt: '#,##0' },
  conflict: {
    border: BORDER,
    alignment: { vertical: 'top', wrapText: true },
    fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFC7CE' } },
  },
} satisfies Record<string, Partial<ExcelJS.Style>>;

/** A worksheet name Excel accepts (31 characters, none of []:*?/\), unique in the workbook. */
export function sheetName(raw: string, taken: Set<string>): string {
  const base = raw.replace(/[[\]:*?/\\]/g, '_').slice(0, 28) || 'sheet';
  let name = base;
  for (let n = 2; taken.has(name); n++) name = `${base.slice(0, 27)}(${n})`;
  taken.add(name);
  return name;
}

/** Links a council member may follow from the consolidated workbook: web pages and mail only. */
const SAFE_LINK = /^\s*(https?:|mailto:)/i;

/**
 * What a cell shows: a formula's cached result, never the formula (the copy must not recalculate),
 * and a link's text without a link that is not http(s)/mailto (`file://`, UNC paths, `#Sheet!A1`
 * would open a file on the reader's machine or point into a sheet that is not there).
 */
function shownValue(cell: ExcelJS.Cell): ExcelJS.CellValue {
  const v = cell.value;
  if (v && typeof v === 'object' && ('formula' in v || 'sharedFormula' in v))
    return (v as ExcelJS.CellFormulaValue).result ?? null;
  if (v && typeof v === 'object' && 'hyperlink' in v && !SAFE_LINK.test(v.hyperlink)) return v.text;
  return v;
}

function copySheet(from: ExcelJS.Worksheet, to: ExcelJS.Worksheet, merges: MergedAreas): void {
  from.columns?.forEach((col, i) => {
    if (col.width) to.getColumn(i + 1).width = col.width;
  });
  from.eachRow({ includeEmpty: true }, (row, r) => {
    if (row.height) to.getRow(r).height = row.height;
    row.eachCell({ includeEmpty: true }, (cell, c) => {
      if (cell.isMerged && cell.master !== cell) return;
      const target = to.getCell(r, c);
      target.value = shownValue(cell);
      target.style = structuredClone(cell.style);
    });
  });
  for (const range of from.model.merges ?? []) {
    const area = parseRange(range);
    if (area) merges.add(area.top, area.left, area.bottom, area.right);
  }
  to.pageSetup = { ...from.pageSetup };
}

export async function writeProjectWorkbook(
  cycle: Cycle,
  sources: ProjectSource[],
  resolutions: ReadonlyMap<string, Resolution<unknown>> = new Map(),
): Promise<Buffer> {
  // One row per (project, 所管部署): the owner's figures, or the sheet the admin chose in a conflict;
  // an unresolved disagreement is flagged with the other senders.
  const bySubmission = new Map(sources.map((s) => [s.submission.id, s]));
  const entries = mergeProjectRows(sources, resolutions)
    .map((g) => ({
      row: g.row,
      source: bySubmission.get(g.submissionId)!,
      differing: (g.conflict ?? []).filter((c) => c.submissionId !== g.submissionId).map((c) => c.department),
    }))
    .sort(
      (a, b) =>
        a.row.department.localeCompare(b.row.department, 'ja') || a.row.name.localeCompare(b.row.name, 'ja'),
    );
  const headers: string[] = [];
  for (const { row } of entries)
    for (const y of row.years) if (!headers.includes(y.header)) headers.push(y.header);

  const wb = new ExcelJS.Workbook();
  wb.creator = 'sousei-sync';
  const ws = addPrintSheet(wb, consolidationTexts.projectSummary.sheetName, { first: 3, last: 3 });
  const t = consolidationTexts.projectSummary;
  ws.getCell('A1').value = `${t.title}(${cycle.id}・${cycle.fiscalYear}年度)`;
  ws.getCell('A1').font = { bold: true, size: 14 };
  const header = [
    t.name,
    t.department,
    ...headers.map((h) => `${t.total} ${h}`),
    t.funds,
    t.perCapita,
    t.evaluation,
    t.sheet,
    t.check,
  ];
  ws.getRow(3).values = header;
  for (let c = 1; c <= header.length; c++) ws.getCell(3, c).style = STYLES.header;
  ws.columns = header.map((_, i) => ({
    width: i === 0 ? 36 : i === 1 ? 18 : i === 2 + headers.length ? 40 : 14,
  }));

  const taken = new Set([ws.name]);
  const sheets = new Map<number, MergedAreas>();
  const loaded = new Map<Uint8Array, Promise<ExcelJS.Workbook>>();
  const load = (bytes: Uint8Array) => {
    let wbPromise = loaded.get(bytes);
    if (!wbPromise) {
      const source = new ExcelJS.Workbook();
      wbPromise = source.xlsx.load(bytes as unknown as ArrayBuffer).then(() => source);
      loaded.set(bytes, wbPromise);
    }
    return wbPromise;
  };
  let r = 4;
  for (const { row, source, differing } of entries) {
    const lastYear = row.years.length - 1;
    const funds = row.funds
      .filter(
        (f) =>
          f.amounts[lastYear] !== null && f.amounts[lastYear] !== '' && f.amounts[lastYear] !== undefined,
      )
      .map((f) => `${f.name} ${String(f.amounts[lastYear])}`)
      .join(' / ');
    const evaluation = [...row.evaluations].reverse().find((e) => e.value)?.value ?? '';
    const totals = headers.map((h) => row.years.find((y) => y.header === h)?.total ?? null);
    let copied = '';
    if (source.file) {
      const from = (await load(source.file)).getWorksheet(row.sheet);
      if (from) {
        copied = sheetName(row.sheet, taken);
        const to = wb.addWorksheet(copied);
        const merges = new MergedAreas();
        copySheet(from, to, merges);
        sheets.set(wb.worksheets.length, merges);
      }
    }
    // Clerks' text goes in as plain strings: exceljs writes a formula only for { formula } values.
    ws.getRow(r).values = [
      row.name,
      row.department,
      ...totals,
      funds,
      row.perCapita,
      evaluation,
      copied,
      differing.length > 0 ? t.conflict(differing) : '',
    ];
    for (let c = 1; c <= header.length; c++) {
      const numeric = (c > 2 && c <= 2 + headers.length) || c === 4 + headers.length;
      ws.getCell(r, c).style =
        c === header.length && differing.length > 0 ? STYLES.conflict : numeric ? STYLES.number : STYLES.text;
    }
    r++;
  }
  return writeWithMergedAreas(wb, sheets);
}
