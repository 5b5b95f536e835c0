import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { ownerDepartments, type Strategy, type TemplateKey } from '#shared';
import type { MergedAreas } from '../consolidate/merged-areas';
import type { Cycle, Store } from '../store/store';
import { earlierValues, NO_EARLIER, type EarlierValues } from './earlier';
import { writeKpiTemplate } from './kpi-template';
import { writeProgressTemplate } from './progress-template';
import { writeProjectTemplates } from './project-template';
import { addKeySheet, addListSheet, listRanges, protectSheet } from './template-sheets';

/**
 * A department's workbook for a cycle, generated from the strategy definition the cycle pins (any
 * municipality's) and what earlier cycles accepted: the cycle kind's template with dropdowns, number
 * checks, protected structure cells, print setup, and the row keys the service merges it by.
 */
export async function generateTemplate(
  strategy: Strategy,
  cycle: Cycle,
  department: string,
  earlier: EarlierValues = NO_EARLIER,
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'sousei-sync';
  const keys: TemplateKey[] = [];
  const lists = listRanges(strategy);
  let merges: Map<number, MergedAreas>;
  if (cycle.kind === 'kpi') {
    merges = new Map([[1, writeKpiTemplate(wb, strategy, cycle, department, earlier, lists, keys)]]);
  } else if (cycle.kind === 'progress') {
    merges = new Map([[1, writeProgressTemplate(wb, strategy, cycle, department, earlier, lists, keys)]]);
  } else {
    merges = writeProjectTemplates(wb, strategy, cycle, department, earlier, lists, keys);
  }
  // After the report sheets, so that those are sheet 1… (the merged areas are written by number).
  addListSheet(wb, strategy);
  addKeySheet(wb, keys);
  for (const ws of wb.worksheets) if (ws.state === 'visible') await protectSheet(ws);
  // A department's sheets have a few dozen merged areas: exceljs merges them (see MergedAreas.applyTo).
  for (const [n, areas] of merges) areas.applyTo(wb.worksheets[n - 1]!);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The template of the department, with what its earlier cycles accepted. */
export async function templateFor(
  store: Store,
  strategy: Strategy,
  cycle: Cycle,
  department: string,
): Promise<Buffer> {
  return generateTemplate(strategy, cycle, department, await earlierValues(store, cycle, department));
}

/**
 * A zip of the template of every department the cycle expects a report from (the admin's download),
 * one `<cycle>-<department>.xlsx` each.
 */
export async function templatesZip(store: Store, strategy: Strategy, cycle: Cycle): Promise<Buffer> {
  const zip = new JSZip();
  for (const department of cycle.expectedDepartments ?? ownerDepartments(strategy))
    zip.file(templateFileName(cycle, department), await templateFor(store, strategy, cycle, department));
  // The workbooks are deflated already.
  return zip.generateAsync({ type: 'nodebuffer', compression: 'STORE' });
}

export const templateFileName = (cycle: Cycle, department: string) => `${cycle.id}-${department}.xlsx`;
