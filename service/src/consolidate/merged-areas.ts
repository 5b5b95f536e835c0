import type ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { columnLetter } from '#shared';

/**
 * Merged areas of a consolidated sheet, written into the sheet XML after exceljs has written the
 * workbook. exceljs checks each new merge against every existing one through Object.keys (quadratic:
 * 13 s for the 12,000 merges of 40 departments' KPI tables); ours never overlap by construction.
 */
export class MergedAreas {
  private readonly refs: string[] = [];

  add(top: number, left: number, bottom: number, right: number): void {
    if (bottom === top && right === left) return;
    this.refs.push(`${columnLetter(left)}${top}:${columnLetter(right)}${bottom}`);
  }

  /**
   * Merges the areas with exceljs' own mergeCells: for a sheet of a few dozen areas (a department's
   * template) cheaper than writing the zip twice (bench/templates.ts); quadratic past thousands.
   */
  applyTo(ws: ExcelJS.Worksheet): void {
    for (const ref of this.refs) ws.mergeCells(ref);
  }

  get size(): number {
    return this.refs.length;
  }

  xml(): string {
    return `<mergeCells count="${this.refs.length}">${this.refs.map((r) => `<mergeCell ref="${r}"/>`).join('')}</mergeCells>`;
  }
}

/**
 * Writes the workbook with its merged areas. exceljs writes it uncompressed (STORE) so that the zip
 * is deflated once, here, after the areas are added; level 3 (not 6) makes the file ~15 % larger
 * and the write ~10 % faster (bench/merge.ts). `sheets` maps the 1-based worksheet number (the
 * order sheets were added) to its areas; those sheets must have no merges of exceljs' own. In the
 * worksheet schema <mergeCells> follows <sheetData> (we write no protection or auto-filter between).
 */
export async function writeWithMergedAreas(
  workbook: ExcelJS.Workbook,
  sheets: Map<number, MergedAreas>,
): Promise<Buffer> {
  const stored = await workbook.xlsx.writeBuffer({ zip: { compression: 'STORE' } });
  const zip = await JSZip.loadAsync(stored);
  for (const [n, areas] of sheets) {
    if (areas.size === 0) continue;
    const name = `xl/worksheets/sheet${n}.xml`;
    const xml = await zip.file(name)?.async('string');
    if (xml === undefined || xml.includes('<mergeCells'))
      throw new Error(`${name}: missing or already merged`);
    const at = xml.indexOf('</sheetData>');
    if (at < 0) throw new Error(`${name}: no sheetData`);
    const end = at + '</sheetData>'.length;
    zip.file(name, xml.slice(0, end) + areas.xml() + xml.slice(end));
  }
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 3 } });
}
