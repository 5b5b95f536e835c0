import { defaultStrategy, toReport, validateWorkbook } from '#shared';
import { OfficeExcelPort } from '../excel/office-adapter';
import type { ExcelPort } from '../excel/port';
import { uiTexts } from '../messages';
import { renderReport } from '../ui/findings-view';

/** Task pane: check the open workbook with the shared engine and jump to problem cells. */
async function start(port: ExcelPort): Promise<void> {
  const button = document.getElementById('validate') as HTMLButtonElement;
  const results = document.getElementById('results')!;
  button.disabled = false;
  button.addEventListener('click', async () => {
    button.disabled = true;
    button.textContent = uiTexts.validating.ja;
    try {
      const snapshot = await port.readSnapshot();
      const report = toReport(validateWorkbook(snapshot, defaultStrategy()));
      renderReport(results, report, (sheet, f) => void port.selectCell(sheet, f.cell!));
    } catch (error) {
      results.textContent = `${uiTexts.unexpected.ja} ${error instanceof Error ? error.message : String(error)}`;
    } finally {
      button.disabled = false;
      button.textContent = uiTexts.validate.ja;
    }
  });
}

Office.onReady((info) => {
  if (info.host !== Office.HostType.Excel) {
    document.getElementById('results')!.textContent = uiTexts.outsideExcel.ja;
    return;
  }
  void start(new OfficeExcelPort());
});
