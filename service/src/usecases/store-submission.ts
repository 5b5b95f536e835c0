import type { Strategy, WorkbookReport } from '#shared';
import { detectConflicts } from '../consolidate/merge';
import { detectProgressConflicts, detectProjectConflicts } from '../consolidate/row-conflicts';
import { conflictChanges, kpiRowsToCompare } from '../consolidate/sync';
import type { ConflictSubject, DetectedConflict } from '../consolidate/conflicts';
import type {
  Actor,
  ConflictState,
  KeyedSubmission,
  LastVersion,
  LatestSubmission,
  NewSubmission,
  Return,
  Store,
  Submission,
  SubmissionSteps,
} from '../store/store';

export type StoreSubmissionResult =
  | {
      status: 'stored';
      submission: Submission;
      /** The latest 差し戻し of the version this one follows, if it was returned. */
      previousReturn: (Return & { version: number }) | null;
    }
  /** The same principal sent this Idempotency-Key before: the original submission, nothing new stored. */
  | { status: 'replay'; submission: Submission; report: WorkbookReport | null; sameRequest: boolean };

const replayOf = (earlier: KeyedSubmission, requestSha256: string | null): StoreSubmissionResult => ({
  status: 'replay',
  submission: earlier.submission,
  report: earlier.report,
  sameRequest: earlier.requestSha256 === requestSha256,
});

/**
 * Stores a checked submission as the department's next version and brings the cycle's conflicts in
 * line with it, in one transaction holding the cycle's lock: concurrent instances number versions
 * and record conflicts one at a time. With an Idempotency-Key, a retry gets the original back.
 */
export async function storeSubmission(
  store: Store,
  strategy: Strategy,
  input: NewSubmission,
  actor: Actor,
): Promise<StoreSubmissionResult> {
  const tokenId = actor.principal?.tokenId ?? null;
  const key = input.idempotencyKey && tokenId !== null ? { tokenId, key: input.idempotencyKey } : null;
  const done = await store.withCycleLock(input.cycleId, async (tx) => {
    const earlier = key ? await tx.findByIdempotencyKey(key.tokenId, key.key) : null;
    if (earlier) return replayOf(earlier, input.requestSha256);
    const at = new Date().toISOString();
    if (input.file) await tx.saveFile(input.file, at);
    const last = await tx.lastVersion(input.cycleId, input.department);
    const version = (last?.version ?? 0) + 1;
    const before = await tx.latestKpiRows(input.cycleId);
    const submission = await tx.insertSubmission(input, version, tokenId, actor.client, at);
    await tx.insertRows(submission, input);
    await syncConflicts(tx, strategy, input, { submission, rows: input.rows }, before, last, at);
    await tx.audit(
      actor,
      'submission.create',
      String(submission.id),
      {
        cycle: input.cycleId,
        department: input.department,
        version,
        source: input.source,
        file: input.file ? { sha256: input.file.sha256, name: input.file.name } : null,
        rows: input.rows.length,
        idempotencyKey: input.idempotencyKey,
      },
      input.cycleId,
    );
    return {
      status: 'stored',
      submission,
      previousReturn: last?.latestReturn ? { ...last.latestReturn, version: last.version } : null,
    } as const;
  });
  if (done.status === 'done') return done.value;
  // The same key sent concurrently to another cycle: the unique index decides, the loser replays.
  const earlier = key ? await store.findByIdempotencyKey(key.tokenId, key.key) : null;
  if (earlier) return replayOf(earlier, input.requestSha256);
  throw done.error;
}

/**
 * Re-detects the conflicts a new version may change — KPI rows on the keys of this version and the
 * one it replaces; progress and project rows over the cycle's latest rows (a cycle holds a few
 * hundred), skipped when this version has none and the cycle has no such conflict to supersede — and
 * stores the difference.
 */
export async function syncConflicts(
  tx: SubmissionSteps,
  strategy: Strategy,
  input: Pick<NewSubmission, 'cycleId' | 'progressRows' | 'projectRows'>,
  latest: LatestSubmission,
  before: ReadonlyMap<string, LatestSubmission>,
  last: Pick<LastVersion, 'id'> | null,
  at: string,
): Promise<void> {
  const touched = last ? [latest.submission.id, last.id] : [latest.submission.id];
  const current = await tx.conflictsToSync(input.cycleId, touched);
  const of = (subject: ConflictSubject) => current.filter((c) => c.subject === subject);
  const apply = async (
    subject: ConflictSubject,
    stored: ConflictState[],
    detected: readonly DetectedConflict<unknown, unknown>[],
  ) => {
    const changes = conflictChanges(stored, detected);
    await tx.supersedeConflicts(changes.supersede);
    await tx.openConflicts(input.cycleId, subject, changes.open, at);
  };
  await apply('kpi', of('kpi'), detectConflicts(strategy, kpiRowsToCompare(before, latest)));
  if (input.progressRows.length > 0 || of('progress').length > 0)
    await apply('progress', of('progress'), detectProgressConflicts(await tx.latestProgress(input.cycleId)));
  if (input.projectRows.length > 0 || of('project').length > 0)
    await apply('project', of('project'), detectProjectConflicts(await tx.latestProjects(input.cycleId)));
}
