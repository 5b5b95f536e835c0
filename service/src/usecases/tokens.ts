import { createHash, randomBytes } from 'node:crypto';
import { nameKey, nearestWord } from '#shared';
import type { Actor, Principal, Role, Store, TokenInfo } from '../store/store';

/** Tokens are shown once; only their SHA-256 is stored. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export interface TokenRequest {
  role: Role;
  /** Department tokens: the department as the strategy spells it, and that strategy's id. */
  department: string | null;
  strategyId: string | null;
  label?: string | null;
  /** ISO-8601; null or absent = never expires. */
  expiresAt?: string | null;
}

export async function issueToken(
  store: Store,
  request: TokenRequest,
  actor: Actor = { principal: null, client: 'cli' },
): Promise<{ token: string; info: TokenInfo }> {
  const token = `ss_${randomBytes(24).toString('base64url')}`;
  const info = await store.createToken(
    {
      hash: hashToken(token),
      role: request.role,
      department: request.role === 'admin' ? null : request.department,
      strategyId: request.role === 'admin' ? null : request.strategyId,
      label: request.label ?? null,
      expiresAt: request.expiresAt ?? null,
    },
    actor,
  );
  return { token, info };
}

export type Authentication =
  | { ok: true; principal: Principal }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'expired' | 'revoked'; at: string };

/** A use is recorded at most once a minute per token: a request mostly reads its token, never writes. */
const TOUCH_INTERVAL_MS = 60_000;

export async function authenticate(store: Store, token: string, now = new Date()): Promise<Authentication> {
  if (!/^ss_[A-Za-z0-9_-]{20,64}$/.test(token)) return { ok: false, reason: 'invalid' };
  const found = await store.findToken(hashToken(token));
  if (!found) return { ok: false, reason: 'invalid' };
  if (found.revokedAt) return { ok: false, reason: 'revoked', at: found.revokedAt };
  if (found.expiresAt && Date.parse(found.expiresAt) <= now.getTime())
    return { ok: false, reason: 'expired', at: found.expiresAt };
  const stale = new Date(now.getTime() - TOUCH_INTERVAL_MS).toISOString();
  if (found.lastUsedAt === null || found.lastUsedAt <= stale)
    await store.touchToken(found.id, now.toISOString(), stale);
  return {
    ok: true,
    principal: {
      tokenId: found.id,
      role: found.role,
      department: found.department,
      strategyId: found.strategyId,
    },
  };
}

/** On first start (no admin yet) an admin token is created for the person starting the service. */
export async function ensureFirstAdmin(store: Store): Promise<string | null> {
  if ((await store.countTokens('admin')) > 0) return null;
  const { token } = await issueToken(
    store,
    { role: 'admin', department: null, strategyId: null, label: 'first start' },
    { principal: null, client: 'first start' },
  );
  return token;
}

/** The department and strategy a department token is issued for, or why not. */
export type TokenScope =
  | { ok: true; department: string; strategyId: string }
  | { ok: false; problem: 'unknown-strategy'; strategies: string[] }
  | {
      ok: false;
      problem: 'unknown-department';
      nearest: string | null;
      known: string[];
      strategies: string[];
    }
  /** Several strategies know the department and none is the default: name one. */
  | { ok: false; problem: 'ambiguous'; department: string; strategies: string[] };

/**
 * Looks a department up in the definitions the service has stored (bundled ones and those PUT, all
 * versions), in the named strategy only when one is named. Without a strategy: the only one that
 * knows the department, else the service's default (STRATEGY_ID) when it knows it.
 */
export async function resolveTokenScope(
  store: Store,
  written: string,
  strategyId: string | undefined,
  defaultStrategyId: string,
): Promise<TokenScope> {
  const all = await store.listStrategies();
  const ids = [...new Set(all.map((s) => s.id))];
  const stored = strategyId === undefined ? all : all.filter((s) => s.id === strategyId);
  if (stored.length === 0) return { ok: false, problem: 'unknown-strategy', strategies: ids };
  const byKey = new Map<string, string>();
  const knowers = new Map<string, Set<string>>();
  // Latest versions first: a department renamed in a newer version is spelled the new way.
  for (const s of [...stored].reverse())
    for (const d of s.definition.departments) {
      const key = nameKey(d);
      if (!byKey.has(key)) byKey.set(key, d);
      let set = knowers.get(key);
      if (!set) knowers.set(key, (set = new Set()));
      set.add(s.id);
    }
  const key = nameKey(written);
  const department = byKey.get(key);
  if (!department)
    return {
      ok: false,
      problem: 'unknown-department',
      nearest: key === '' ? null : nearestWord([key], [...byKey.keys()], byKey),
      known: [...byKey.values()],
      strategies: [...new Set(stored.map((s) => s.id))],
    };
  const candidates = [...knowers.get(key)!];
  if (candidates.length === 1) return { ok: true, department, strategyId: candidates[0]! };
  if (candidates.includes(defaultStrategyId)) return { ok: true, department, strategyId: defaultStrategyId };
  return { ok: false, problem: 'ambiguous', department, strategies: candidates.sort() };
}

/**
 * An expiry as written by an admin: a date (`2026-03-31`, valid through that day in Japan time, where
 * the city halls are) or a date-time with its offset. Null when it is not one or not in the future.
 */
export function parseExpiry(written: string, now = new Date()): string | null {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(written);
  let at: number;
  if (day) {
    const [y, m, d] = [Number(day[1]), Number(day[2]), Number(day[3])];
    // Date.UTC rolls 02-30 over into March: a date that does not round-trip does not exist.
    const utc = new Date(Date.UTC(y, m - 1, d));
    if (utc.getUTCFullYear() !== y || utc.getUTCMonth() !== m - 1 || utc.getUTCDate() !== d) return null;
    at = Date.UTC(y, m - 1, d + 1) - JST_OFFSET_MS;
  } else {
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(written)) return null;
    at = Date.parse(written);
  }
  if (Number.isNaN(at) || at <= now.getTime()) return null;
  return new Date(at).toISOString();
}

const JST_OFFSET_MS = 9 * 3_600_000;
