import ExcelJS from 'exceljs';
import {
  checkNotEmpty,
  checkXlsxBytes,
  bundledStrategies,
  DEFAULT_STRATEGY_ID,
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
const strategySelect = document.getElementById('strategy') as HTMLSelectElement;

// The bundled definitions, the current plan first; KPI sheets of an earlier period pick theirs.
for (const s of bundledStrategies.values()) {
  const option = new Option(`${s.title}(${s.period.from}〜${s.period.to})`, s.id);
  option.selected = s.id === DEFAULT_STRATEGY_ID;
  strategySelect.add(option);
}
let lastFile: File | undefined;

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
  const strategy = bundledStrategies.get(strategySelect.value) ?? bundledStrategies.get(DEFAULT_STRATEGY_ID)!;
  renderReport(results, toReport(validateWorkbook(snapshot, strategy), file.name));
}

function run(file: File | undefined): void {
  if (!file) return;
  lastFile = file;
  check(file).catch((error: unknown) => notice(`${uiTexts.unexpected.ja} ${String(error)}`, 'error'));
}

input.addEventListener('change', () => run(input.files?.[0]));
// Choosing another strategy re-checks the file already dropped.
strategySelect.addEventListener('change', () => run(lastFile));
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
