/**
 * The floor of the workbook writers' benchmarks (bench/templates.ts, bench/merge.ts): the cells a
 * written workbook holds, read back beforehand, then written again by exceljs with nothing else — no
 * styles, merged areas, validations, protection, notes or page setup.
 */
import ExcelJS from 'exceljs';

export type Cells = { name: string; cells: [number, number, ExcelJS.CellValue][] }[];

/** The cells a generated workbook holds (report sheets and hidden sheets), for the raw writer. */
export async function cellsOf(bytes: Buffer): Promise<Cells> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  return wb.worksheets.map((ws) => {
    const cells: [number, number, ExcelJS.CellValue][] = [];
    ws.eachRow((row, r) =>
      row.eachCell((cell, c) => {
        if (!cell.isMerged || cell.master === cell) cells.push([r, c, cell.value]);
      }),
    );
    return { name: ws.name, cells };
  });
}

/** Writes the cells raw; the workbook's size in bytes. */
export async function writeRaw(sheets: Cells): Promise<number> {
  const wb = new ExcelJS.Workbook();
  for (const { name, cells } of sheets) {
    const ws = wb.addWorksheet(name);
    for (const [r, c, v] of cells) ws.getCell(r, c).value = v;
  }
  return (await wb.xlsx.writeBuffer()).byteLength;
}
