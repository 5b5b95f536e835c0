import { createHash, randomBytes } from 'node:crypto';
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
