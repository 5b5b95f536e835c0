import { z } from 'zod';
import { defaultStrategy, StrategySchema, type Strategy } from '#shared';

/**
 * What the pane keeps between sessions, per add-in origin: localStorage (Excel has no roaming
 * settings for add-ins; document settings would travel inside the clerk's file, token included).
 */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export const SettingsSchema = z.object({
  serviceUrl: z.string().default(''),
  token: z.string().default(''),
  cycle: z.string().default(''),
  lang: z.enum(['ja', 'en']).default('ja'),
  /** Messages also as cell comments (ExcelApi 1.10+). */
  comments: z.boolean().default(false),
});
export type Settings = z.infer<typeof SettingsSchema>;

const SETTINGS_KEY = 'sousei.settings';
const STRATEGY_KEY = 'sousei.strategy';

/**
 * The stored settings; until the clerk picks a language, Office's display language decides
 * (`ja-JP` → Japanese, any other → English; none known → Japanese).
 */
export function loadSettings(store: KeyValueStore, origin: string, displayLanguage?: string): Settings {
  const stored = safeJson(store.getItem(SETTINGS_KEY));
  const parsed = SettingsSchema.safeParse(stored ?? {});
  const settings = parsed.success ? parsed.data : SettingsSchema.parse({});
  const chosen = parsed.success && typeof stored === 'object' && stored !== null && 'lang' in stored;
  const lang = chosen || !displayLanguage ? settings.lang : /^ja\b/i.test(displayLanguage) ? 'ja' : 'en';
  // The pane is served by the service: its origin is the right default.
  return { ...settings, lang, serviceUrl: settings.serviceUrl || origin };
}

export function saveSettings(store: KeyValueStore, settings: Settings): void {
  store.setItem(SETTINGS_KEY, JSON.stringify(settings));
}

export function safeJson(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** A closed network may drop packets instead of refusing: never wait longer than this for the service. */
export const REQUEST_TIMEOUT_MS = 5000;

/**
 * A signal that aborts after `ms`: AbortSignal.timeout without it, which needs Safari 16 (the pane
 * targets Safari 15 for Excel for Mac; tests/integration/safari-target.test.ts keeps it out).
 */
export function timeoutSignal(ms: number): AbortSignal {
  const controller = new AbortController();
  setTimeout(() => controller.abort(), ms);
  return controller.signal;
}

export type StrategySource = 'service' | 'cache' | 'bundled';

/** A reporting cycle as the pane sees it in GET /api/cycles. */
export interface CycleRef {
  id: string;
  strategyId: string;
  strategyVersion?: number | undefined;
}

/**
 * The stored definition to check against: the chosen cycle's; before one is chosen, the newest
 * cycle's (another municipality's cycles name its own definition, not the bundled default); null
 * when the service has no cycle (its default definition).
 */
export function strategyOfCycles(
  cycles: readonly CycleRef[],
  chosen: string,
): { id: string; version?: number } | null {
  const cycle = cycles.find((c) => c.id === chosen) ?? cycles[cycles.length - 1];
  if (!cycle) return null;
  return { id: cycle.strategyId, ...(cycle.strategyVersion ? { version: cycle.strategyVersion } : {}) };
}

/**
 * The strategy definition to validate against: the service's, cached for offline use; else the
 * last cached copy; else the one bundled with the add-in.
 */
export async function loadStrategy(
  store: KeyValueStore,
  settings: Settings,
  /** The cycle's definition (`id`, `version`); the service's default without. */
  which: { id: string; version?: number } | null = null,
  fetcher: typeof fetch = fetch,
): Promise<{ strategy: Strategy; source: StrategySource }> {
  if (settings.serviceUrl && settings.token) {
    try {
      const query = which
        ? `?id=${encodeURIComponent(which.id)}${which.version ? `&version=${which.version}` : ''}`
        : '';
      const res = await fetcher(`${settings.serviceUrl.replace(/\/$/, '')}/api/strategy${query}`, {
        headers: { Authorization: `Bearer ${settings.token}` },
        signal: timeoutSignal(REQUEST_TIMEOUT_MS),
      });
      if (res.ok) {
        // {strategy: {id, version, definition}} — a bare definition is accepted too.
        const body = (await res.json()) as { strategy?: { definition?: unknown } };
        const parsed = StrategySchema.safeParse(body.strategy?.definition ?? body.strategy ?? body);
        if (parsed.success) {
          store.setItem(STRATEGY_KEY, JSON.stringify(parsed.data));
          return { strategy: parsed.data, source: 'service' };
        }
      }
    } catch {
      // Offline: the cached copy below.
    }
  }
  const cached = StrategySchema.safeParse(safeJson(store.getItem(STRATEGY_KEY)));
  if (cached.success) return { strategy: cached.data, source: 'cache' };
  return { strategy: defaultStrategy(), source: 'bundled' };
}
