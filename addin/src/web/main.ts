import ExcelJS from 'exceljs';
import {
  checkNotEmpty,
  checkXlsxBytes,
  defaultStrategy,
  readErrorTexts,
  snapshotFromExcelJs,
  toReport,
  validateWorkbook,
} from '#shared';
import { uiTexts } from '../messages';
import { el, renderReport } from '../ui/findings-view';

/**
 * The browser page at `/`: a clerk drops an .xlsx and sees the findings. The file never leaves
 * the browser; the same shared engine as the task pane and the service checks it.
 */
const MAX_BYTES = 20 * 1024 * 1024;

const zone = document.getElementById('drop') as HTMLLabelElement;
const input = document.getElementById('file') as HTMLInputElement;
const results = document.getElementById('results')!;

function notice(text: string, kind: 'error' | 'busy'): void {
  results.replaceChildren(el('p', `notice ${kind}`, text));
}

async function check(file: File): Promise<void> {
  notice(uiTexts.reading(file.name).ja, 'busy');
  const bytes = new Uint8Array(await file.arrayBuffer());
  const problem = checkXlsxBytes(bytes, MAX_BYTES);
  if (problem) return notice(problem.message.ja, 'error');
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes.buffer);
  } catch {
    return notice(readErrorTexts.corrupt.ja, 'error');
  }
  const snapshot = snapshotFromExcelJs(workbook);
  const empty = checkNotEmpty(snapshot);
  if (empty) return notice(empty.message.ja, 'error');
  renderReport(results, toReport(validateWorkbook(snapshot, defaultStrategy()), file.name));
}

function run(file: File | undefined): void {
  if (!file) return;
  check(file).catch((error: unknown) => notice(`${uiTexts.unexpected.ja} ${String(error)}`, 'error'));
}

input.addEventListener('change', () => run(input.files?.[0]));
zone.addEventListener('dragover', (e) => {
  e.preventDefault();
  zone.classList.add('over');
});
zone.addEventListener('dragleave', () => zone.classList.remove('over'));
zone.addEventListener('drop', (e) => {
  e.preventDefault();
  zone.classList.remove('over');
  run(e.dataTransfer?.files[0]);
});
