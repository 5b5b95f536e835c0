import type ExcelJS from 'exceljs';

/**
 * A sheet set up as the council prints it: A4 landscape, fit to one page wide, and — when the
 * sheet has a header — the header rows repeated on every page and frozen on screen.
 */
export function addPrintSheet(
  wb: ExcelJS.Workbook,
  name: string,
  headerRows?: { first: number; last: number },
): ExcelJS.Worksheet {
  return wb.addWorksheet(name, {
    pageSetup: {
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      ...(headerRows ? { printTitlesRow: `${headerRows.first}:${headerRows.last}` } : {}),
    },
    ...(headerRows ? { views: [{ state: 'frozen' as const, ySplit: headerRows.last }] } : {}),
  });
}
