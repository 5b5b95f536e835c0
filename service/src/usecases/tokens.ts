import { createHash, randomBytes } from 'node:crypto';
import { nameKey, nearestWord } from '#shared';
import type { Actor, Principal, Role, Store } from '../store/store';

/** Tokens are shown once; only their SHA-256 is stored. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export async function issueToken(
  store: Store,
  role: Role,
  department: string | null,
  label: string | null = null,
  actor: Actor = { principal: null, client: 'cli' },
): Promise<string> {
  const token = `ss_${randomBytes(24).toString('base64url')}`;
  await store.createToken(hashToken(token), role, department, label, actor);
  return token;
}

export async function authenticate(store: Store, token: string): Promise<Principal | null> {
  if (!/^ss_[A-Za-z0-9_-]{20,64}$/.test(token)) return null;
  return store.findToken(hashToken(token));
}

/** On first start (no admin yet) an admin token is created for the person starting the service. */
export async function ensureFirstAdmin(store: Store): Promise<string | null> {
  if ((await store.countTokens('admin')) > 0) return null;
  return issueToken(store, 'admin', null, 'first start', { principal: null, client: 'first start' });
}

/** A department named for a token: as a stored strategy definition spells it, or the nearest known one. */
export type DepartmentLookup =
  | { ok: true; department: string }
  | { ok: false; nearest: string | null; known: string[]; strategies: string[] };

/**
 * Looks a department up in every definition the service has stored (bundled ones and those PUT, all
 * versions), so a municipality that PUT its own strategy gets tokens for its departments.
 */
export async function findDepartment(store: Store, written: string): Promise<DepartmentLookup> {
  const stored = await store.listStrategies();
  const byKey = new Map<string, string>();
  // Latest versions first: a department renamed in a newer version is spelled the new way.
  for (const s of [...stored].reverse())
    for (const d of s.definition.departments) if (!byKey.has(nameKey(d))) byKey.set(nameKey(d), d);
  const key = nameKey(written);
  const found = byKey.get(key);
  if (found) return { ok: true, department: found };
  return {
    ok: false,
    nearest: key === '' ? null : nearestWord([key], [...byKey.keys()], byKey),
    known: [...byKey.values()],
    strategies: [...new Set(stored.map((s) => s.id))],
  };
}
