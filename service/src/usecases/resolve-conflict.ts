import type { z } from 'zod';
import type { CellValue } from '#shared';
import { ResolveInputSchema, type ProgressValue, type ProjectFigures } from '#shared/api';
import type { Actor, Conflict, Store } from '../store/store';

export type ResolveOutcome =
  | { status: 'not-found' }
  /** The request body is not a ResolveInput. */
  | { status: 'bad-request'; error: z.ZodError }
  /** The value does not fit the conflict (a field of the request and why, in Japanese). */
  | { status: 'bad-value'; path: 'department' | 'value'; message: string }
  /** Resolved already, or superseded by a newer disagreement. */
  | { status: 'not-open' }
  | { status: 'resolved'; conflict: Conflict };

/**
 * The admin's decision on a conflict: one department's value (a candidate), or a value of the
 * conflict's own shape — a cell value for a KPI row, the two texts for a progress row; a project's
 * figures only ever come from one department's sheet.
 */
export async function resolveConflict(
  store: Store,
  cycleId: string,
  id: number | null,
  body: unknown,
  actor: Actor,
): Promise<ResolveOutcome> {
  const conflict = id === null ? undefined : (await store.listConflicts(cycleId)).find((c) => c.id === id);
  if (!conflict) return { status: 'not-found' };
  const parsed = ResolveInputSchema.safeParse(body ?? {});
  if (!parsed.success) return { status: 'bad-request', error: parsed.error };
  const input = parsed.data;
  let value: CellValue | ProgressValue | ProjectFigures;
  if (input.department !== undefined) {
    const chosen = conflict.candidates.find((c) => c.department === input.department);
    if (!chosen) return { status: 'bad-value', path: 'department', message: 'この競合の候補にない部署です' };
    value = chosen.value;
  } else {
    const given = input.value ?? null;
    const texts = typeof given === 'object' && given !== null;
    if (conflict.subject === 'project')
      return {
        status: 'bad-value',
        path: 'value',
        message: '事業の競合は部署(department)を選んで解決してください',
      };
    if (texts !== (conflict.subject === 'progress'))
      return {
        status: 'bad-value',
        path: 'value',
        message:
          conflict.subject === 'progress'
            ? '進捗報告の競合の value は {"results":"…","plan":"…"} です'
            : 'KPI の競合の value は数値か文字列です',
      };
    value = given;
  }
  const resolved = await store.resolveConflict(cycleId, conflict.id, value, input.note, actor);
  return resolved ? { status: 'resolved', conflict: resolved } : { status: 'not-open' };
}
