import { createContext, useContext } from 'react';
import type { AdminClient, ApiResult, Cycle, Strategies } from '#shared/api';
import { consoleTexts } from '../messages';

export type Lang = 'ja' | 'en';
export type Text = { ja: string; en: string };

/** What every screen of the console shares: the signed-in client, the language, the cycles. */
export interface ConsoleContext {
  client: AdminClient;
  token: string;
  lang: Lang;
  t: (m: Text) => string;
  cycles: Cycle[];
  strategies: Strategies['strategies'];
  /** Reads the cycles and strategies again (after a create, close or save). */
  refresh: () => Promise<void>;
  /** The cycle chosen at the top, shared by the status board, submissions and conflicts. */
  cycleId: string | null;
  setCycleId: (id: string) => void;
  /** Opens a department's submission in the submission screen. */
  openSubmission: (department: string) => void;
  goTo: (tab: TabId) => void;
}

export type TabId = keyof typeof consoleTexts.tabs;

export const Ctx = createContext<ConsoleContext | null>(null);

export function useConsole(): ConsoleContext {
  const c = useContext(Ctx);
  if (!c) throw new Error('console screens render inside the signed-in console');
  return c;
}

/** The service's own words for a refusal (Japanese or English), else a generic one. */
export function problemOf(result: ApiResult<unknown>, lang: Lang): string | null {
  if (result.ok) return null;
  if (result.status === 0) return consoleTexts.unreachable[lang];
  const e = result.error?.error;
  if (!e) return `HTTP ${result.status}`;
  if (typeof e === 'string') return e;
  const issues = (result.error as { issues?: { path: string; message: string }[] } | null)?.issues ?? [];
  const text = lang === 'en' && e.messageEn ? e.messageEn : e.message;
  return [text, ...issues.map((i) => `${i.path}: ${i.message}`)].join(' ');
}

/** An ISO time as city hall reads it: Japan time, to the minute. */
export function japanTime(iso: string | null): string {
  if (!iso) return '—';
  const t = new Date(Date.parse(iso) + 9 * 3_600_000).toISOString();
  return `${t.slice(0, 10)} ${t.slice(11, 16)}`;
}

/** Fetches a binary the API sends (a workbook) with the token and hands it to the browser as a download. */
export async function download(
  token: string,
  url: string,
  fallbackName: string,
  lang: Lang,
): Promise<string | null> {
  let res: Response;
  try {
    res = await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
  } catch {
    return consoleTexts.unreachable[lang];
  }
  if (!res.ok) return `HTTP ${res.status}`;
  const disposition = res.headers.get('content-disposition') ?? '';
  const named = /filename\*=UTF-8''([^;]+)/.exec(disposition);
  const name = named ? decodeURIComponent(named[1]!) : fallbackName;
  const href = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 60_000);
  return null;
}
