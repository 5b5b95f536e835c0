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
});
export type Settings = z.infer<typeof SettingsSchema>;

const SETTINGS_KEY = 'sousei.settings';
const STRATEGY_KEY = 'sousei.strategy';

export function loadSettings(store: KeyValueStore, origin: string): Settings {
  const parsed = SettingsSchema.safeParse(safeJson(store.getItem(SETTINGS_KEY)) ?? {});
  const settings = parsed.success ? parsed.data : SettingsSchema.parse({});
  // The pane is served by the service: its origin is the right default.
  return { ...settings, serviceUrl: settings.serviceUrl || origin };
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

export type StrategySource = 'service' | 'cache' | 'bundled';

/**
 * The strategy definition to validate against: the service's, cached for offline use; else the
 * last cached copy; else the one bundled with the add-in.
 */
export async function loadStrategy(
  store: KeyValueStore,
  settings: Settings,
  fetcher: typeof fetch = fetch,
): Promise<{ strategy: Strategy; source: StrategySource }> {
  if (settings.serviceUrl && settings.token) {
    try {
      const res = await fetcher(`${settings.serviceUrl.replace(/\/$/, '')}/api/strategy`, {
        headers: { Authorization: `Bearer ${settings.token}` },
      });
      if (res.ok) {
        const body = (await res.json()) as { strategy?: unknown };
        const parsed = StrategySchema.safeParse(body.strategy ?? body);
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
