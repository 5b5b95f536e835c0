import type { Finding, WorkbookReport } from '#shared';
import { countBySeverity } from '#shared';
import { uiTexts } from '../messages';

// Findings added to the page per task. A 10,000-row KPI表 has ~3,000; building and styling them in
// one go kept the page from answering for about a second (bench/drop-page.ts, docs/PERFORMANCE.md).
const FINDINGS_PER_TASK = 150;

/**
 * Renders a validation report as a list grouped by sheet; cells are buttons when `onSelect` is given.
 * The summary, the sheet headings and the first findings are shown at once, the other findings in
 * the tasks that follow; a report or notice rendered meanwhile into `container` stops that.
 */
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
  const lists: { list: HTMLUListElement; sheet: string; findings: Finding[]; next: number }[] = [];
  for (const sheet of report.sheets) {
    const section = el('section', 'sheet');
    section.append(el('h2', '', uiTexts.sheetHeading(sheet.sheet, sheet.template, sheet.rows).ja));
    const list = el('ul', 'findings');
    section.append(list);
    container.append(section);
    if (sheet.findings.length > 0)
      lists.push({ list, sheet: sheet.sheet, findings: sheet.findings, next: 0 });
  }
  const addSome = () => {
    let room = FINDINGS_PER_TASK;
    while (room > 0 && lists.length > 0) {
      const l = lists[0]!;
      if (!l.list.isConnected) return; // replaced by a newer report or a notice
      const end = Math.min(l.findings.length, l.next + room);
      room -= end - l.next;
      const items = document.createDocumentFragment();
      for (; l.next < end; l.next++) items.append(findingItem(l.sheet, l.findings[l.next]!, onSelect));
      l.list.append(items);
      if (l.next === l.findings.length) lists.shift();
    }
    if (lists.length > 0) setTimeout(addSome);
  };
  addSome();
}

function findingItem(
  sheet: string,
  f: Finding,
  onSelect: ((sheet: string, finding: Finding) => void) | undefined,
): HTMLLIElement {
  const item = el('li', `finding ${f.severity}`);
  item.dataset.rule = f.rule;
  const where = f.cell ?? '—';
  const head = el('div', 'head');
  head.append(el('span', 'badge', uiTexts.severity[f.severity].ja));
  if (onSelect && f.cell) {
    const button = el('button', 'cell', where);
    button.type = 'button';
    button.addEventListener('click', () => onSelect(sheet, f));
    head.append(button);
  } else {
    head.append(el('span', 'cell', where));
  }
  head.append(el('code', 'rule', f.rule));
  item.append(head, el('p', 'message', f.message));
  if (f.suggestion) item.append(el('p', 'suggestion', `${uiTexts.suggestion.ja}: ${f.suggestion}`));
  return item;
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
