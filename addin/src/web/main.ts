import {
  checkXlsxBytes,
  bundledStrategies,
  DEFAULT_STRATEGY_ID,
  loadStrategy,
  loadStrategyJson,
  type Strategy,
} from '#shared';
import type { StrategyResponse } from '#shared/api';
import { uiTexts } from '../messages';
import { el, renderReport } from '../ui/findings-view';
import type { CheckMessage, CheckRequest } from './check-protocol';
import { departmentPanel } from './department';

/**
 * The browser page at `/`: a clerk drops an .xlsx and sees the findings. The file never leaves
 * the browser; the same shared engine as the task pane and the service checks it.
 */
const MAX_BYTES = 20 * 1024 * 1024;
// The worker bundle sits next to this one (dist/web/), wherever the service serves it from.
const WORKER_URL = new URL('check-worker.js', (document.currentScript as HTMLScriptElement).src).href;

const zone = document.getElementById('drop') as HTMLLabelElement;
const input = document.getElementById('file') as HTMLInputElement;
const results = document.getElementById('results')!;
const strategySelect = document.getElementById('strategy') as HTMLSelectElement;
const definitionInput = document.getElementById('definition') as HTMLInputElement;

// The bundled definitions, the current plan first; KPI sheets of an earlier period pick theirs.
for (const s of bundledStrategies.values()) {
  const option = new Option(`${s.title}(${s.period.from}〜${s.period.to})`, s.id);
  option.selected = s.id === DEFAULT_STRATEGY_ID;
  strategySelect.add(option);
}

/**
 * Definitions a clerk loaded from a file (another municipality's strategy, exported by its planning
 * office with `sousei strategy` or GET /api/strategy), kept in this browser: the page needs no token.
 */
const OWN_KEY = 'sousei.strategies';
const ownStrategies = new Map<string, Strategy>();
const ownValue = (id: string) => `own:${id}`;

function addOwn(strategy: Strategy, select: boolean): void {
  const value = ownValue(strategy.id);
  ownStrategies.set(value, strategy);
  let option = [...strategySelect.options].find((o) => o.value === value);
  if (!option) {
    option = new Option('', value);
    strategySelect.add(option, 0);
  }
  option.text = uiTexts.strategyOwnLabel(strategy.title, strategy.period.from, strategy.period.to).ja;
  if (select) option.selected = true;
}

function saveOwn(): void {
  try {
    localStorage.setItem(OWN_KEY, JSON.stringify([...ownStrategies.values()]));
  } catch {
    // Storage full or disabled: the definition still works until the page is closed.
  }
}

try {
  const kept: unknown = JSON.parse(localStorage.getItem(OWN_KEY) ?? '[]');
  for (const raw of Array.isArray(kept) ? kept : []) {
    const loaded = loadStrategy(raw);
    if (loaded.ok) addOwn(loaded.strategy, true);
  }
} catch {
  // A damaged entry is dropped; the bundled definitions remain.
}
let lastFile: File | undefined;
// Signed in with a department token: the chosen cycle's definition, kept like a loaded one.
const department = departmentPanel((strategy) => {
  addOwn(strategy, true);
  if (lastFile) run(lastFile);
});

function notice(text: string, kind: 'error' | 'busy' | 'ok', details: string[] = []): void {
  const box = el('div', `notice ${kind}`);
  box.append(el('p', '', text));
  if (details.length > 0) {
    const list = el('ul', '');
    for (const d of details) list.append(el('li', '', d));
    box.append(list);
  }
  results.replaceChildren(box);
}

function selectedStrategy(): Strategy {
  return (
    ownStrategies.get(strategySelect.value) ??
    bundledStrategies.get(strategySelect.value) ??
    bundledStrategies.get(DEFAULT_STRATEGY_ID)!
  );
}

async function loadDefinition(file: File): Promise<void> {
  // A definition sent back by GET /api/strategy wraps it as { strategy: { definition } }.
  const text = await file.text();
  let loaded = loadStrategyJson(text);
  if (!loaded.ok) {
    try {
      const wrapped = JSON.parse(text) as { strategy?: Partial<StrategyResponse['strategy']> };
      if (wrapped.strategy?.definition) loaded = loadStrategy(wrapped.strategy.definition);
    } catch {
      // Not JSON at all: the first error already says so.
    }
  }
  if (!loaded.ok)
    return notice(
      uiTexts.strategyRejected(file.name).ja,
      'error',
      loaded.errors.slice(0, 10).map((e) => `${e.path ? `${e.path}: ` : ''}${e.message.ja}`),
    );
  addOwn(loaded.strategy, true);
  saveOwn();
  if (lastFile) run(lastFile);
  else notice(uiTexts.strategyLoaded(loaded.strategy.title).ja, 'ok');
}

/**
 * The worker that reads and validates, kept between checks (it loads the engine once). A new file
 * or strategy while a check runs stops that worker and starts another.
 */
let worker: Worker | undefined;
let busy = false;
/** Counts checks, so that messages of a superseded check are ignored. */
let current = 0;

async function check(file: File): Promise<void> {
  const id = ++current;
  if (busy) {
    worker?.terminate();
    worker = undefined;
  }
  notice(uiTexts.reading(file.name).ja, 'busy');
  const bytes = await file.arrayBuffer();
  if (id !== current) return;
  const problem = checkXlsxBytes(new Uint8Array(bytes), MAX_BYTES);
  if (problem) return notice(problem.message.ja, 'error');
  const strategy = selectedStrategy();
  const request: CheckRequest = {
    bytes,
    fileName: file.name,
    maxBytes: MAX_BYTES,
    strategy: bundledStrategies.get(strategy.id) === strategy ? { bundled: strategy.id } : { own: strategy },
  };
  // Reading and validating run in the worker: the page keeps answering and shows where it is.
  const w = (worker ??= new Worker(WORKER_URL));
  busy = true;
  w.onmessage = (event: MessageEvent<CheckMessage>) => {
    if (id !== current) return;
    const m = event.data;
    if (m.kind === 'report') {
      busy = false;
      renderReport(results, m.report);
      department.checked(file, m.report);
    } else if (m.kind === 'problem') {
      busy = false;
      notice(m.message.ja, 'error');
    } else if (m.stage === 'sheets') notice(uiTexts.readingSheets(file.name, m.done, m.sheets).ja, 'busy');
    else if (m.stage === 'validating') notice(uiTexts.validatingFile(file.name).ja, 'busy');
  };
  w.onerror = () => {
    if (id !== current) return;
    // Out of memory or a bug: this worker is gone; the next check starts a fresh one.
    busy = false;
    w.terminate();
    if (worker === w) worker = undefined;
    notice(uiTexts.workerFailed.ja, 'error');
  };
  w.postMessage(request, [bytes]);
}

function run(file: File | undefined): void {
  if (!file) return;
  lastFile = file;
  check(file).catch((error: unknown) => notice(`${uiTexts.unexpected.ja} ${String(error)}`, 'error'));
}

input.addEventListener('change', () => run(input.files?.[0]));
definitionInput.addEventListener('change', () => {
  const file = definitionInput.files?.[0];
  if (file)
    loadDefinition(file).catch((error: unknown) =>
      notice(`${uiTexts.unexpected.ja} ${String(error)}`, 'error'),
    );
  definitionInput.value = '';
});
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
