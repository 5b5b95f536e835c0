import { createRoot } from 'react-dom/client';
import { CyclesReplySchema, DepartmentStatusReplySchema, MeReplySchema, type CycleReply } from '#shared/api';
import { detectCapabilities, MIN_EXCEL_API, OfficeExcelPort } from '../excel/office-adapter';
import { uiTexts } from '../messages';
import { App, type CycleNotice } from './App';
import { Checker } from './checker';
import {
  loadSettings,
  loadStrategy,
  REQUEST_TIMEOUT_MS,
  saveSettings,
  strategyOfCycles,
  timeoutSignal,
  type Settings,
  type StrategySource,
} from './storage';
import { SubmitQueue, xhrTransport } from './submit-queue';
import { Submitter } from './submitter';
import { openTemplate } from './template';

type Cycle = CycleReply;

async function listCycles(settings: Settings): Promise<Cycle[]> {
  if (!settings.serviceUrl || !settings.token) return [];
  try {
    const res = await fetch(`${settings.serviceUrl.replace(/\/$/, '')}/api/cycles`, {
      headers: { Authorization: `Bearer ${settings.token}` },
      signal: timeoutSignal(REQUEST_TIMEOUT_MS),
    });
    const parsed = CyclesReplySchema.safeParse(await res.json());
    return parsed.success ? parsed.data.cycles : [];
  } catch {
    return [];
  }
}

/** The token's department (null for an admin token, or when the service cannot say). */
async function tokenDepartment(settings: Settings): Promise<string | null> {
  if (!settings.serviceUrl || !settings.token) return null;
  try {
    const res = await fetch(`${settings.serviceUrl.replace(/\/$/, '')}/api/me`, {
      headers: { Authorization: `Bearer ${settings.token}` },
      signal: timeoutSignal(REQUEST_TIMEOUT_MS),
    });
    const parsed = MeReplySchema.safeParse(await res.json());
    return parsed.success ? parsed.data.department : null;
  } catch {
    return null;
  }
}

/**
 * The department's standing in the chosen cycle: a 差し戻し of its latest version, the deadline, whether
 * the cycle is closed (null when there is no cycle chosen or the service cannot say).
 */
async function cycleNotice(settings: Settings): Promise<CycleNotice | null> {
  if (!settings.serviceUrl || !settings.token || !settings.cycle) return null;
  try {
    const base = settings.serviceUrl.replace(/\/$/, '');
    const res = await fetch(`${base}/api/cycles/${encodeURIComponent(settings.cycle)}/status`, {
      headers: { Authorization: `Bearer ${settings.token}` },
      signal: timeoutSignal(REQUEST_TIMEOUT_MS),
    });
    const parsed = DepartmentStatusReplySchema.safeParse(await res.json());
    if (!parsed.success) return null;
    const own = parsed.data.departments[0];
    return {
      deadline: parsed.data.cycle.deadline,
      closed: parsed.data.cycle.closedAt !== null,
      returned: own?.returned ? { ...own.returned, version: own.version ?? undefined } : null,
    };
  } catch {
    return null;
  }
}

function workbookName(): string {
  const url = Office.context.document?.url ?? '';
  const name = url.split(/[\\/]/).pop() ?? '';
  return /\.xls[xm]$/i.test(name) ? name : 'workbook.xlsx';
}

/** Task pane: validate in place, mark cells, re-check edits, submit (queued when offline). */
async function start(container: HTMLElement): Promise<void> {
  const store = window.localStorage;
  const capabilities = detectCapabilities();
  if (!capabilities.supported) {
    showUnsupported(container, capabilities.apiVersion);
    return;
  }
  let settings = loadSettings(store, location.origin, Office.context.displayLanguage);
  const port = new OfficeExcelPort(capabilities, { comments: settings.comments });
  // Validate at once with the cached (or bundled) definition; the service's copy follows.
  const offline = await loadStrategy(store, { ...settings, token: '' });
  let strategy: { name: string; source: StrategySource } = {
    name: offline.strategy.title,
    source: offline.source,
  };
  let cycles: Cycle[] = [];
  let notice: CycleNotice | null = null;
  const checker = new Checker(port, offline.strategy);
  const submitter = new Submitter(new SubmitQueue(store, xhrTransport), port);
  const root = createRoot(container);

  const render = () =>
    root.render(
      <App
        checker={checker}
        submitter={submitter}
        capabilities={capabilities}
        settings={settings}
        onSettings={(next) => {
          if (next.comments !== settings.comments) {
            port.showComments(next.comments);
            void checker.remark();
          }
          settings = next;
          saveSettings(store, next);
          render();
          void refresh();
        }}
        strategy={strategy}
        cycles={cycles.map((c) => c.id)}
        cycleKind={cycles.find((c) => c.id === settings.cycle)?.kind ?? 'kpi'}
        fileName={workbookName()}
        onTemplate={() => openTemplate(port, settings)}
        notice={notice}
      />,
    );

  const refresh = async () => {
    // Checked as the service will check it: as the token's department's submission.
    const [listed, department, standing] = await Promise.all([
      listCycles(settings),
      tokenDepartment(settings),
      cycleNotice(settings),
    ]);
    cycles = listed;
    notice = standing;
    // A KPI cycle's fiscal year: every KPI needs its 実績値 of that year.
    const chosen = cycles.find((c) => c.id === settings.cycle);
    await checker.setDepartment(department, chosen?.kind === 'kpi' ? (chosen.fiscalYear ?? null) : null);
    // Validate against the definition the chosen cycle is checked with on the server.
    const loaded = await loadStrategy(store, settings, strategyOfCycles(cycles, settings.cycle));
    strategy = { name: loaded.strategy.title, source: loaded.source };
    render();
    if (loaded.source === 'service') await checker.setStrategy(loaded.strategy);
  };

  // A version delivered: the banner follows (a resubmission ends a 差し戻し).
  let lastOutcome = submitter.state.last;
  submitter.subscribe((state) => {
    if (state.last === lastOutcome) return;
    lastOutcome = state.last;
    void cycleNotice(settings).then((standing) => {
      notice = standing;
      render();
    });
  });

  render();
  // Signed in: check against the service's definition for the cycle from the first pass (the
  // request gives up after a few seconds; the cached or bundled one is used meanwhile).
  if (settings.token) await refresh();
  await checker.check();
  await checker.startLive();
  if (!settings.token) void refresh();
  window.addEventListener('online', () => void submitter.flush());
  if (submitter.state.queued.length > 0) void submitter.flush();
}

/**
 * Below the pane's minimum ExcelApi: what is missing and where to check instead (this service's
 * browser page), Japanese first; no Excel call is made, so the workbook is left exactly as it is.
 */
function showUnsupported(container: HTMLElement, apiVersion: string): void {
  const box = document.createElement('main');
  box.setAttribute('data-testid', 'unsupported');
  const text = uiTexts.unsupportedExcel(apiVersion, MIN_EXCEL_API);
  const link = document.createElement('a');
  link.href = new URL('../', location.href).href;
  link.target = '_blank';
  link.rel = 'noopener';
  link.textContent = link.href;
  for (const lang of ['ja', 'en'] as const) {
    const p = document.createElement('p');
    p.lang = lang;
    p.textContent = text[lang];
    const q = document.createElement('p');
    q.lang = lang;
    q.textContent = uiTexts.browserPageLink[lang];
    box.append(p, q);
    if (lang === 'ja') box.append(link);
  }
  container.replaceChildren(box);
}

void Office.onReady((info) => {
  const container = document.getElementById('root')!;
  if (info.host !== Office.HostType.Excel) {
    container.textContent = `${uiTexts.outsideExcel.ja} / ${uiTexts.outsideExcel.en}`;
    return;
  }
  void start(container);
});
