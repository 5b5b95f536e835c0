import type ExcelJS from 'exceljs';

/**
 * A worksheet as an HTML table, close to how Excel draws it: merged areas as row and column spans,
 * column widths, fills, bold and coloured fonts, thin borders, wrapped text and number formats of
 * the `#,##0` family. For looking at a generated workbook in a browser (README screenshot).
 */

const escape = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

function shown(cell: ExcelJS.Cell): string {
  const v = cell.value;
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') {
    const decimals = /0\.(0+)/.exec(cell.numFmt ?? '')?.[1]?.length ?? 0;
    return /#,##0/.test(cell.numFmt ?? '')
      ? v.toLocaleString('ja-JP', { minimumFractionDigits: decimals, maximumFractionDigits: decimals })
      : String(v);
  }
  return String(v);
}

const argb = (c: { argb?: string } | undefined) => (c?.argb ? `#${c.argb.slice(2)}` : null);

function cellStyle(cell: ExcelJS.Cell): string {
  const css: string[] = [];
  const fill = cell.fill as ExcelJS.FillPattern | undefined;
  const background = fill?.type === 'pattern' ? argb(fill.fgColor) : null;
  if (background) css.push(`background:${background}`);
  if (cell.font?.bold) css.push('font-weight:bold');
  if (cell.font?.size) css.push(`font-size:${cell.font.size}pt`);
  const color = argb(cell.font?.color);
  if (color) css.push(`color:${color}`);
  if (cell.border?.top) css.push('border:1px solid #000');
  if (cell.alignment?.horizontal) css.push(`text-align:${cell.alignment.horizontal}`);
  else if (typeof cell.value === 'number') css.push('text-align:right');
  css.push(`vertical-align:${cell.alignment?.vertical === 'middle' ? 'middle' : 'top'}`);
  css.push(cell.alignment?.wrapText ? 'white-space:pre-wrap' : 'white-space:nowrap');
  return css.join(';');
}

export function sheetHtml(ws: ExcelJS.Worksheet, lastRow = ws.rowCount): string {
  const lastColumn = ws.columnCount;
  const spans = new Map<string, { rows: number; columns: number }>();
  const covered = new Set<string>();
  for (const range of ws.model.merges ?? []) {
    const m = /^([A-Z]+)(\d+):([A-Z]+)(\d+)$/.exec(range);
    if (!m) continue;
    const col = (letters: string) => [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
    const [top, left, bottom, right] = [Number(m[2]), col(m[1]!), Number(m[4]), col(m[3]!)];
    spans.set(`${top},${left}`, { rows: bottom - top + 1, columns: right - left + 1 });
    for (let r = top; r <= bottom; r++)
      for (let c = left; c <= right; c++) if (r !== top || c !== left) covered.add(`${r},${c}`);
  }
  const widths = Array.from({ length: lastColumn }, (_, i) =>
    Math.round((ws.getColumn(i + 1).width ?? 9) * 7.5),
  );
  const rows: string[] = [];
  for (let r = 1; r <= lastRow; r++) {
    const cells: string[] = [];
    for (let c = 1; c <= lastColumn; c++) {
      if (covered.has(`${r},${c}`)) continue;
      const cell = ws.getCell(r, c);
      const span = spans.get(`${r},${c}`);
      const attrs = span ? ` rowspan="${span.rows}" colspan="${span.columns}"` : '';
      // Unwrapped text spills over empty cells to its right, as in Excel.
      const spill = cell.alignment?.wrapText ? '' : ' class="spill"';
      cells.push(`<td${attrs}${spill} style="${cellStyle(cell)}">${escape(shown(cell))}</td>`);
    }
    rows.push(`<tr>${cells.join('')}</tr>`);
  }
  return `<!doctype html><meta charset="utf-8"><style>
body{margin:12px;font-family:"Noto Sans CJK JP","IPAGothic",sans-serif;font-size:10pt;background:#fff}
table{border-collapse:collapse;table-layout:fixed;width:${widths.reduce((a, b) => a + b, 0)}px}
td{padding:2px 4px;overflow:hidden}td.spill{overflow:visible}
</style><table><colgroup>${widths.map((w) => `<col style="width:${w}px">`).join('')}</colgroup>${rows.join('')}</table>`;
}
