import { countBySeverity, loadStrategy, type Strategy, type WorkbookReport } from '#shared';
import { createApiClient, type ApiResult, type CycleReply } from '#shared/api';
import { uiTexts } from '../messages';
import { el } from '../ui/findings-view';

/**
 * The browser page's department side, for clerks whose Excel cannot run the add-in: sign in with the
 * department token, pick the cycle (its definition then checks the file, as the service will), see a
 * 差し戻し and the deadline, and submit the checked workbook (Idempotency-Key, a reason for warnings).
 */
const TOKEN_KEY = 'sousei.page.token';

/** An ISO time as city hall reads it: Japan time, to the minute. */
const japanTime = (iso: string) =>
  new Date(Date.parse(iso) + 9 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

export interface DepartmentPanel {
  /** A file was checked here: what Submit would send, and its counts. */
  checked(file: File, report: WorkbookReport): void;
}

export function departmentPanel(checkWith: (strategy: Strategy) => void): DepartmentPanel {
  const signin = byId<HTMLFormElement>('signin');
  const tokenInput = byId<HTMLInputElement>('token');
  const signedIn = byId<HTMLDivElement>('signed-in');
  const who = byId<HTMLParagraphElement>('who');
  const cycleSelect = byId<HTMLSelectElement>('cycle');
  const banner = byId<HTMLDivElement>('banner');
  const reason = byId<HTMLTextAreaElement>('reason');
  const submit = byId<HTMLButtonElement>('submit');
  const result = byId<HTMLDivElement>('submit-result');
  const versions = byId<HTMLUListElement>('versions');

  let client: ReturnType<typeof createApiClient> | null = null;
  let cycles: CycleReply[] = [];
  let last: { file: File; errors: number; warnings: number } | null = null;
  // Kept after a send that got no answer: the retry of the same file is then stored once.
  let pendingKey: { file: File; key: string } | null = null;
  let sending = false;

  const say = (box: HTMLElement, kind: 'error' | 'ok' | 'busy', text: string, details: string[] = []) => {
    const notice = el('div', `notice ${kind}`);
    notice.append(el('p', '', text));
    if (details.length > 0) {
      const list = el('ul');
      for (const d of details) list.append(el('li', '', d));
      notice.append(list);
    }
    box.replaceChildren(notice);
  };
  const problemOf = (r: ApiResult<unknown>): string => {
    if (r.ok) return '';
    const e = r.error?.error;
    if (!e) return r.status === 0 ? uiTexts.networkError.ja : `HTTP ${r.status}`;
    return typeof e === 'string' ? e : e.message;
  };
  const update = () => {
    submit.disabled = sending || !client || !cycleSelect.value || !last || last.errors > 0;
  };

  async function showCycle(): Promise<void> {
    if (!client || !cycleSelect.value) return;
    const cycle = cycles.find((c) => c.id === cycleSelect.value);
    // The cycle's own definition checks the file here, as the service will check it.
    if (cycle) {
      const def = await client.strategy({
        id: cycle.strategyId,
        ...(cycle.strategyVersion ? { version: cycle.strategyVersion } : {}),
      });
      const loaded = def.ok ? loadStrategy(def.data.strategy.definition) : null;
      if (loaded?.ok) checkWith(loaded.strategy);
    }
    const [standing, listed] = await Promise.all([
      client.standing(cycleSelect.value),
      client.versions(cycleSelect.value),
    ]);
    banner.replaceChildren();
    if (standing.ok) {
      const own = standing.data.departments[0];
      if (own?.returned) {
        const box = el('div', 'notice error');
        box.setAttribute('data-testid', 'page-return-banner');
        box.append(el('p', '', uiTexts.returnedBanner(own.version ?? null).ja));
        box.append(el('p', '', own.returned.comment));
        const notes = el('ul');
        for (const n of own.returned.notes)
          notes.append(
            el('li', '', `${n.cell ? `${n.sheet ? `${n.sheet}!` : ''}${n.cell}: ` : ''}${n.message}`),
          );
        box.append(notes);
        banner.append(box);
      }
      if (standing.data.cycle.closedAt) banner.append(el('p', 'notice error', uiTexts.cycleClosedLine.ja));
      if (standing.data.cycle.deadline)
        banner.append(el('p', '', uiTexts.deadlineLine(standing.data.cycle.deadline).ja));
    }
    versions.replaceChildren(
      ...(listed.ok ? listed.data.submissions : []).map((s) =>
        el('li', '', uiTexts.versionLine(s.version, japanTime(s.createdAt), s.fileName ?? '').ja),
      ),
    );
    update();
  }

  async function signIn(token: string): Promise<void> {
    const candidate = createApiClient({ serviceUrl: location.origin, token, fetch: (u, i) => fetch(u, i) });
    const me = await candidate.me();
    if (!me.ok) return say(result, 'error', problemOf(me));
    if (!me.data.department) return say(result, 'error', uiTexts.needsDepartmentToken.ja);
    const listed = await candidate.cycles();
    if (!listed.ok) return say(result, 'error', problemOf(listed));
    client = candidate;
    cycles = listed.data;
    sessionStorage.setItem(TOKEN_KEY, token);
    signin.hidden = true;
    signedIn.hidden = false;
    who.textContent = uiTexts.signedInAs(me.data.department).ja;
    cycleSelect.replaceChildren(...cycles.map((c) => new Option(c.id, c.id)));
    cycleSelect.value = cycles[cycles.length - 1]?.id ?? '';
    result.replaceChildren();
    if (cycles.length === 0) say(result, 'error', uiTexts.noCycle.ja);
    await showCycle();
  }

  async function send(): Promise<void> {
    if (!client || !last) return say(result, 'error', uiTexts.checkFirst.ja);
    if (last.warnings > 0 && reason.value.trim() === '') return say(result, 'error', uiTexts.reasonNeeded.ja);
    const file = last.file;
    // getRandomValues, not randomUUID: the page runs on Safari 15.0 (Excel for Mac users open it there too).
    if (pendingKey?.file !== file)
      pendingKey = {
        file,
        key: Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) =>
          b.toString(16).padStart(2, '0'),
        ).join(''),
      };
    sending = true;
    update();
    say(result, 'busy', uiTexts.uploading.ja);
    const outcome = await client.submit(
      cycleSelect.value,
      { kind: 'xlsx', bytes: new Uint8Array(await file.arrayBuffer()), fileName: file.name },
      { idempotencyKey: pendingKey.key, reason: reason.value.trim() || null },
    );
    sending = false;
    if (outcome.status !== 0) pendingKey = null;
    if (outcome.ok) {
      say(result, 'ok', uiTexts.delivered(outcome.data.submission.version).ja);
      result.firstElementChild?.setAttribute('data-version', String(outcome.data.submission.version));
      reason.value = '';
    } else {
      const findings = outcome.error?.findings ?? [];
      say(
        result,
        'error',
        problemOf(outcome),
        findings.slice(0, 20).map((f) => `${f.sheet ? `${f.sheet}!` : ''}${f.cell ?? ''} ${f.message}`),
      );
    }
    await showCycle();
  }

  signin.addEventListener('submit', (e) => {
    e.preventDefault();
    void signIn(tokenInput.value.trim());
  });
  byId<HTMLButtonElement>('signout').addEventListener('click', () => {
    sessionStorage.removeItem(TOKEN_KEY);
    client = null;
    signin.hidden = false;
    signedIn.hidden = true;
    tokenInput.value = '';
  });
  cycleSelect.addEventListener('change', () => void showCycle());
  submit.addEventListener('click', () => void send());
  const kept = sessionStorage.getItem(TOKEN_KEY);
  if (kept) void signIn(kept);

  return {
    checked(file, report) {
      const counts = countBySeverity(report.sheets.flatMap((s) => s.findings));
      last = { file, errors: counts.error, warnings: counts.warning };
      update();
    },
  };
}
