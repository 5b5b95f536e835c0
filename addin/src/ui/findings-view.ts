import type { Finding, WorkbookReport } from '#shared';
import { countBySeverity } from '#shared';
import { uiTexts } from '../messages';

/** Renders a validation report as a list grouped by sheet; cells are buttons when `onSelect` is given. */
export function renderReport(
  container: HTMLElement,
  report: WorkbookReport,
  onSelect?: (sheet: string, finding: Finding) => void,
): void {
  container.replaceChildren();
  const all = report.sheets.flatMap((s) => s.findings);
  const counts = countBySeverity(all);
  const summary = el('p', 'summary', uiTexts.summary(counts.error, counts.warning, counts.info).ja);
  summary.setAttribute('role', 'status');
  container.append(summary);
  if (all.length === 0) container.append(el('p', 'ok', uiTexts.noFindings.ja));
  for (const sheet of report.sheets) {
    const section = el('section', 'sheet');
    section.append(el('h2', '', uiTexts.sheetHeading(sheet.sheet, sheet.template, sheet.rows).ja));
    const list = el('ul', 'findings');
    for (const f of sheet.findings) {
      const item = el('li', `finding ${f.severity}`);
      item.dataset.rule = f.rule;
      const where = f.cell ?? '—';
      const head = el('div', 'head');
      head.append(el('span', 'badge', uiTexts.severity[f.severity].ja));
      if (onSelect && f.cell) {
        const button = el('button', 'cell', where);
        button.type = 'button';
        button.addEventListener('click', () => onSelect(sheet.sheet, f));
        head.append(button);
      } else {
        head.append(el('span', 'cell', where));
      }
      head.append(el('code', 'rule', f.rule));
      item.append(head, el('p', 'message', f.message));
      if (f.suggestion) item.append(el('p', 'suggestion', `${uiTexts.suggestion.ja}: ${f.suggestion}`));
      list.append(item);
    }
    section.append(list);
    container.append(section);
  }
}

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className = '',
  text?: string,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}
