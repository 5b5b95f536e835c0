import { sql, type Kysely, type Selectable, type SqlBool, type Transaction } from 'kysely';
import { z } from 'zod';
import {
  bundledStrategies,
  CellValueSchema,
  FindingSchema,
  type CellValue,
  type KpiRow,
  type Strategy,
  type WorkbookReport,
} from '#shared';
import type { Connection } from '../db/connect';
import type { ConflictsTable, Database, SubmissionsTable, TokensTable } from '../db/schema';
import type { ConflictSubject, DetectedConflict, Resolution } from '../consolidate/conflicts';
import { ConflictSchema, type ProgressValue, type ProjectFigures } from '#shared/api';
import type {
  Actor,
  AuditEntry,
  CellNote,
  AuditFilter,
  Conflict,
  ConflictState,
  Cycle,
  CycleChange,
  KeyedSubmission,
  LastVersion,
  LatestSubmission,
  Locked,
  NewSubmission,
  NewToken,
  ProgressRowData,
  ProjectRowData,
  Return,
  Role,
  Store,
  StoredKpiRow,
  StoredStrategy,
  Submission,
  SubmissionSteps,
  TokenInfo,
} from './store';

const now = () => new Date().toISOString();
const FindingsSchema = z.array(FindingSchema);
type Db = Kysely<Database> | Transaction<Database>;

/** A unique-constraint violation on either backend (SQLite's message, PostgreSQL's SQLSTATE 23505). */
function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return (
    e.code === '23505' || e.code === 'SQLITE_CONSTRAINT_UNIQUE' || e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
  );
}

/** The store over Kysely: the same queries run on SQLite and PostgreSQL. */
/** For a query over `submissions as s`: the row is its department's latest version in its cycle. */
const isLatestVersion = sql<SqlBool>`s.version = (select max(t.version) from submissions as t where t.cycle_id = s.cycle_id and t.department = s.department)`;

/** Parsed strategy versions kept in memory (a municipality has a handful). */
const STRATEGY_CACHE_LIMIT = 64;
/** Cycles whose latest KPI rows are kept in memory (the ones being submitted to). */
const LATEST_CACHE_LIMIT = 16;

/** A cycle's latest version per department with its KPI rows, as of the cycle's revision. */
interface LatestRows {
  revision: number;
  byDepartment: ReadonlyMap<string, LatestSubmission>;
}

export class KyselyStore implements Store {
  readonly dialect: 'sqlite' | 'postgres';
  private readonly db: Kysely<Database>;
  private readonly strategies = new Map<string, StoredStrategy>();
  /**
   * Each cycle's latest rows, kept between submissions so a new version is compared with the other
   * departments' rows without reading them again. Valid only for the revision it was taken at: a
   * submission through another instance (or a failed one) moves the revision on, and the rows are
   * read again from the database.
   */
  private readonly latestRows = new Map<string, LatestRows>();

  constructor(private readonly connection: Connection) {
    this.db = connection.db;
    this.dialect = connection.dialect;
  }

  async countTokens(role: Role): Promise<number> {
    const r = await this.db
      .selectFrom('tokens')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('role', '=', role)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async createToken(token: NewToken, actor: Actor): Promise<TokenInfo> {
    return this.db.transaction().execute(async (trx) => {
      const r = await trx
        .insertInto('tokens')
        .values({
          hash: token.hash,
          role: token.role,
          department: token.department,
          strategy_id: token.strategyId,
          label: token.label,
          expires_at: token.expiresAt,
          created_at: now(),
        })
        .returning(TOKEN_COLUMNS)
        .executeTakeFirstOrThrow();
      const info = toTokenInfo(r);
      await audit(trx, actor, 'token.create', String(r.id), {
        role: info.role,
        department: info.department,
        strategyId: info.strategyId,
        label: info.label,
        expiresAt: info.expiresAt,
      });
      return info;
    });
  }

  async findToken(hash: string): Promise<TokenInfo | null> {
    const r = await this.db
      .selectFrom('tokens')
      .select(TOKEN_COLUMNS)
      .where('hash', '=', hash)
      .executeTakeFirst();
    return r ? toTokenInfo(r) : null;
  }

  async listTokens(): Promise<TokenInfo[]> {
    const rows = await this.db.selectFrom('tokens').select(TOKEN_COLUMNS).orderBy('id').execute();
    return rows.map(toTokenInfo);
  }

  async revokeToken(id: number, actor: Actor): Promise<{ token: TokenInfo; already: boolean } | null> {
    return this.db.transaction().execute(async (trx) => {
      const revoked = await trx
        .updateTable('tokens')
        .set({ revoked_at: now() })
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .returning(TOKEN_COLUMNS)
        .executeTakeFirst();
      if (revoked) {
        const token = toTokenInfo(revoked);
        await audit(trx, actor, 'token.revoke', String(id), {
          role: token.role,
          department: token.department,
          strategyId: token.strategyId,
        });
        return { token, already: false };
      }
      const r = await trx.selectFrom('tokens').select(TOKEN_COLUMNS).where('id', '=', id).executeTakeFirst();
      return r ? { token: toTokenInfo(r), already: true } : null;
    });
  }

  async touchToken(id: number, at: string, unlessAfter: string): Promise<void> {
    // The condition keeps several instances from writing the same minute twice.
    await this.db
      .updateTable('tokens')
      .set({ last_used_at: at })
      .where('id', '=', id)
      .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<=', unlessAfter)]))
      .execute();
  }

  async scopeLegacyTokens(defaultStrategyId: string): Promise<number> {
    const legacy = await this.db
      .selectFrom('tokens')
      .select(['id', 'department'])
      .where('role', '=', 'department')
      .where('strategy_id', 'is', null)
      .execute();
    if (legacy.length === 0) return 0;
    const strategies = await this.listStrategies();
    const knowers = (department: string) => [
      ...new Set(strategies.filter((s) => s.definition.departments.includes(department)).map((s) => s.id)),
    ];
    for (const t of legacy) {
      const ids = t.department === null ? [] : knowers(t.department);
      await this.db
        .updateTable('tokens')
        .set({ strategy_id: ids.length === 1 ? ids[0]! : defaultStrategyId })
        .where('id', '=', t.id)
        .execute();
    }
    return legacy.length;
  }

  async seedStrategies(): Promise<void> {
    for (const [id, definition] of bundledStrategies) {
      await this.db
        .insertInto('strategies')
        .values({ id, version: 1, definition: JSON.stringify(definition), token_id: null, created_at: now() })
        .onConflict((oc) => oc.columns(['id', 'version']).doNothing())
        .execute();
    }
  }

  async getStrategy(id: string, version?: number): Promise<StoredStrategy | null> {
    const cacheKey = version === undefined ? null : JSON.stringify([id, version]);
    const cached = cacheKey === null ? undefined : this.strategies.get(cacheKey);
    if (cached) return cached;
    let q = this.db.selectFrom('strategies').selectAll().where('id', '=', id);
    q = version === undefined ? q.orderBy('version', 'desc').limit(1) : q.where('version', '=', version);
    const r = await q.executeTakeFirst();
    if (!r) return null;
    const stored = toStoredStrategy(r);
    // A stored version never changes: every submission of a cycle shares one parsed definition
    // (and with it the engine's index and caches) instead of parsing it per request.
    if (this.strategies.size >= STRATEGY_CACHE_LIMIT) this.strategies.clear();
    this.strategies.set(JSON.stringify([r.id, r.version]), stored);
    return stored;
  }

  async listStrategyVersions(id: string) {
    const rows = await this.db
      .selectFrom('strategies')
      .select(['id', 'version', 'created_at'])
      .where('id', '=', id)
      .orderBy('version')
      .execute();
    return rows.map((r) => ({ id: r.id, version: r.version, createdAt: r.created_at }));
  }

  async listStrategies(): Promise<StoredStrategy[]> {
    const rows = await this.db
      .selectFrom('strategies')
      .selectAll()
      .orderBy('id')
      .orderBy('version')
      .execute();
    return rows.map(toStoredStrategy);
  }

  async putStrategy(definition: Strategy, actor: Actor): Promise<StoredStrategy> {
    // Two admins saving at once: the primary key (id, version) lets one win; the other takes the next number.
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.db.transaction().execute(async (trx) => {
          const last = await trx
            .selectFrom('strategies')
            .select((eb) => eb.fn.max('version').as('v'))
            .where('id', '=', definition.id)
            .executeTakeFirst();
          const version = Number(last?.v ?? 0) + 1;
          const createdAt = now();
          await trx
            .insertInto('strategies')
            .values({
              id: definition.id,
              version,
              definition: JSON.stringify(definition),
              token_id: actor.principal?.tokenId ?? null,
              created_at: createdAt,
            })
            .execute();
          await audit(trx, actor, 'strategy.put', `${definition.id}@${version}`, {
            id: definition.id,
            version,
          });
          return { id: definition.id, version, definition, createdAt };
        });
      } catch (error) {
        if (attempt < 5 && isUniqueViolation(error)) continue;
        throw error;
      }
    }
  }

  async createCycle(cycle: Omit<Cycle, 'createdAt' | 'closedAt'>, actor: Actor): Promise<Cycle | null> {
    return this.db.transaction().execute(async (trx) => {
      const createdAt = now();
      const inserted = await trx
        .insertInto('cycles')
        .values({
          id: cycle.id,
          kind: cycle.kind,
          fiscal_year: cycle.fiscalYear,
          strategy_id: cycle.strategyId,
          strategy_version: cycle.strategyVersion,
          deadline: cycle.deadline,
          expected_departments:
            cycle.expectedDepartments === null ? null : JSON.stringify(cycle.expectedDepartments),
          created_at: createdAt,
        })
        .onConflict((oc) => oc.column('id').doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!inserted) return null;
      await audit(trx, actor, 'cycle.create', cycle.id, cycle, cycle.id);
      return { ...cycle, closedAt: null, createdAt };
    });
  }

  async updateCycle(id: string, change: CycleChange, action: string, actor: Actor): Promise<Cycle | null> {
    return this.db.transaction().execute(async (trx) => {
      const updated = await trx
        .updateTable('cycles')
        .set({
          ...(change.deadline !== undefined ? { deadline: change.deadline } : {}),
          ...(change.closedAt !== undefined ? { closed_at: change.closedAt } : {}),
          ...(change.expectedDepartments !== undefined
            ? { expected_departments: JSON.stringify(change.expectedDepartments) }
            : {}),
        })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      if (!updated) return null;
      await audit(trx, actor, action, id, change, id);
      return toCycle(updated);
    });
  }

  async getCycle(id: string): Promise<Cycle | null> {
    const r = await this.db.selectFrom('cycles').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? toCycle(r) : null;
  }

  async listCycles(): Promise<Cycle[]> {
    const rows = await this.db.selectFrom('cycles').selectAll().orderBy('created_at').execute();
    return rows.map(toCycle);
  }

  async withCycleLock<T>(cycleId: string, steps: (tx: SubmissionSteps) => Promise<T>): Promise<Locked<T>> {
    let tx: KyselySubmissionSteps | undefined;
    try {
      const value = await this.db.transaction().execute(async (trx) => {
        // The update takes PostgreSQL's row lock and SQLite's write lock, so version numbers and
        // conflicts are computed by one writer at a time across instances. It counts the submission
        // too; the revision it returns is the locked row's, current even under PostgreSQL's read
        // committed. (Other tables are read by later statements: only a statement started after the
        // lock sees the version another writer has just committed.)
        const locked = await trx
          .updateTable('cycles')
          .set((eb) => ({ revision: eb('revision', '+', 1) }))
          .where('id', '=', cycleId)
          .returning('revision')
          .executeTakeFirst();
        tx = new KyselySubmissionSteps(this, trx, Number(locked?.revision ?? 0));
        return steps(tx);
      });
      // Committed: what the next submission of the cycle will compare with.
      tx?.keepPicture(cycleId);
      return { status: 'done', value };
    } catch (error) {
      if (isUniqueViolation(error)) return { status: 'unique-violation', error };
      throw error;
    }
  }

  findByIdempotencyKey(tokenId: number, key: string) {
    return findByIdempotencyKey(this.db, tokenId, key);
  }

  /** Every department's latest rows of a cycle: kept from its previous submission when nothing was stored since. */
  async latestKpiRowsAt(db: Db, cycleId: string, revision: number) {
    const kept = this.latestRows.get(cycleId);
    if (kept && kept.revision === revision - 1) return kept.byDepartment;
    return new Map((await latestWithKpiRows(db, cycleId)).map((l) => [l.submission.department, l]));
  }

  /** Keeps a cycle's latest rows as of a committed submission, unless a later one is kept already. */
  keepLatest(
    cycleId: string,
    picture: { revision: number; before: LatestRows['byDepartment']; latest: LatestSubmission },
  ) {
    const kept = this.latestRows.get(cycleId);
    // Submissions of one process can finish out of order: only a newer picture replaces the kept one.
    if (kept && kept.revision >= picture.revision) return;
    const byDepartment = new Map(picture.before);
    byDepartment.set(picture.latest.submission.department, picture.latest);
    if (!kept && this.latestRows.size >= LATEST_CACHE_LIMIT) this.latestRows.clear();
    this.latestRows.set(cycleId, { revision: picture.revision, byDepartment });
  }

  async getSubmission(id: number) {
    const s = await this.db.selectFrom('submissions').selectAll().where('id', '=', id).executeTakeFirst();
    if (!s) return null;
    const rows = await this.db
      .selectFrom('kpi_rows')
      .selectAll()
      .where('submission_id', '=', id)
      .orderBy('position')
      .execute();
    return {
      submission: toSubmission(s),
      report: s.report ? (JSON.parse(s.report) as WorkbookReport) : null,
      rows: rows.map(toKpiRow),
    };
  }

  async getFile(sha256: string): Promise<Uint8Array | null> {
    const r = await this.db
      .selectFrom('files')
      .select('bytes')
      .where('sha256', '=', sha256)
      .executeTakeFirst();
    return r ? new Uint8Array(r.bytes) : null;
  }

  async dataRowsOf(submissionId: number) {
    const of = async <T>(table: 'progress_rows' | 'project_rows') =>
      (
        await this.db
          .selectFrom(table)
          .select('data')
          .where('submission_id', '=', submissionId)
          .orderBy('position')
          .execute()
      ).map((r) => fromJson[table](r.data) as T);
    return {
      progress: await of<ProgressRowData>('progress_rows'),
      projects: await of<ProjectRowData>('project_rows'),
    };
  }

  async rowCountOf(submissionId: number, kind: Cycle['kind']): Promise<number> {
    const table = kind === 'kpi' ? 'kpi_rows' : kind === 'progress' ? 'progress_rows' : 'project_rows';
    const r = await this.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('submission_id', '=', submissionId)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async listSubmissions(cycleId: string, department?: string): Promise<Submission[]> {
    let q = this.db.selectFrom('submissions').selectAll().where('cycle_id', '=', cycleId);
    if (department !== undefined) q = q.where('department', '=', department);
    const rows = await q.orderBy('department').orderBy('version').execute();
    return rows.map(toSubmission);
  }

  latestProjects(cycleId: string) {
    return latestDataRows<ProjectRowData>(this.db, 'project_rows', cycleId);
  }

  latestProgress(cycleId: string) {
    return latestDataRows<ProgressRowData>(this.db, 'progress_rows', cycleId);
  }

  latestSubmissions(cycleId: string) {
    return latestWithKpiRows(this.db, cycleId);
  }

  async addReturn(submissionId: number, comment: string, notes: CellNote[], actor: Actor): Promise<Return> {
    return this.db.transaction().execute(async (trx) => {
      const createdAt = now();
      const r = await trx
        .insertInto('returns')
        .values({
          submission_id: submissionId,
          comment,
          notes: JSON.stringify(notes),
          token_id: actor.principal?.tokenId ?? 0,
          created_at: createdAt,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const of = await trx
        .selectFrom('submissions')
        .select(['cycle_id', 'department', 'version'])
        .where('id', '=', submissionId)
        .executeTakeFirst();
      await audit(
        trx,
        actor,
        'submission.return',
        String(submissionId),
        { comment, notes, department: of?.department, version: of?.version },
        of?.cycle_id ?? null,
      );
      return { id: r.id, submissionId, comment, notes, createdAt };
    });
  }

  async returnsOf(submissionIds: number[]): Promise<Return[]> {
    if (submissionIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('returns')
      .selectAll()
      .where('submission_id', 'in', submissionIds)
      .orderBy('id')
      .execute();
    return rows.map(toReturn);
  }

  async latestReturn(cycleId: string, department: string) {
    const r = await this.db
      .selectFrom('submissions as s')
      .innerJoin('returns as r', 'r.submission_id', 's.id')
      .selectAll('r')
      .select('s.version as s_version')
      .where('s.cycle_id', '=', cycleId)
      .where('s.department', '=', department)
      .where((eb) =>
        eb(
          's.version',
          '=',
          eb
            .selectFrom('submissions as t')
            .select((e) => e.fn.max('t.version').as('v'))
            .where('t.cycle_id', '=', cycleId)
            .where('t.department', '=', department),
        ),
      )
      .orderBy('r.id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return r ? { ...toReturn(r), version: Number(r.s_version) } : null;
  }

  async listConflicts(cycleId: string): Promise<Conflict[]> {
    const rows = await this.db
      .selectFrom('conflicts')
      .selectAll()
      .where('cycle_id', '=', cycleId)
      .orderBy('id')
      .execute();
    return rows.map(toConflict);
  }

  async resolveConflict(
    cycleId: string,
    id: number,
    value: CellValue | ProgressValue | ProjectFigures,
    note: string | null,
    actor: Actor,
  ): Promise<Conflict | null> {
    return this.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('cycles')
        .set((eb) => ({ id: eb.ref('id') }))
        .where('id', '=', cycleId)
        .execute();
      const updated = await trx
        .updateTable('conflicts')
        .set({
          status: 'resolved',
          resolution: JSON.stringify(value),
          note,
          resolved_by: actor.principal?.tokenId ?? null,
          resolved_at: now(),
        })
        .where('id', '=', id)
        .where('cycle_id', '=', cycleId)
        .where('status', '=', 'open')
        .returningAll()
        .executeTakeFirst();
      if (!updated) return null;
      await audit(trx, actor, 'conflict.resolve', String(id), { cycle: cycleId, value, note }, cycleId);
      return toConflict(updated);
    });
  }

  async resolutions(cycleId: string): Promise<Map<string, Resolution>> {
    const stored = await this.resolutionsOf(cycleId, 'kpi');
    return new Map(
      [...stored].map(([key, r]) => [
        key,
        { fingerprint: r.fingerprint, value: CellValueSchema.parse(r.value) },
      ]),
    );
  }

  dataResolutions(cycleId: string, subject: Exclude<ConflictSubject, 'kpi'>) {
    return this.resolutionsOf(cycleId, subject);
  }

  /** Resolved values as stored (JSON); the merge checks their shape. */
  private async resolutionsOf(cycleId: string, subject: ConflictSubject) {
    const rows = await this.db
      .selectFrom('conflicts')
      .select(['row_key', 'fingerprint', 'resolution'])
      .where('cycle_id', '=', cycleId)
      .where('subject', '=', subject)
      .where('status', '=', 'resolved')
      .execute();
    return new Map(
      rows.map((r) => [
        r.row_key,
        { fingerprint: r.fingerprint, value: JSON.parse(r.resolution ?? 'null') as unknown },
      ]),
    );
  }

  async listAudit(filter: AuditFilter): Promise<AuditEntry[]> {
    const { limit, before, action, who, cycle, since, until } = filter;
    let q = this.db.selectFrom('audit').selectAll();
    if (before !== undefined) q = q.where('id', '<', before);
    if (action !== undefined)
      q = action.includes('.')
        ? q.where('action', '=', action)
        : q.where('action', 'like', `${action.replace(/[%_\\]/g, '')}.%`);
    if (who === 'admin') q = q.where('role', '=', 'admin');
    else if (who !== undefined) q = q.where('department', '=', who);
    if (cycle !== undefined) q = q.where('cycle_id', '=', cycle);
    if (since !== undefined) q = q.where('at', '>=', since);
    if (until !== undefined) q = q.where('at', '<', until);
    const rows = await q.orderBy('id', 'desc').limit(limit).execute();
    return rows.map((r) => ({
      id: r.id,
      at: r.at,
      tokenId: r.token_id,
      role: r.role,
      department: r.department,
      action: r.action,
      target: r.target,
      detail: JSON.parse(r.detail) as unknown,
      client: r.client,
      cycleId: r.cycle_id,
    }));
  }

  close(): Promise<void> {
    return this.connection.close();
  }
}

async function audit(
  db: Db,
  actor: Actor,
  action: string,
  target: string | null,
  detail: unknown,
  cycleId: string | null = null,
) {
  await db
    .insertInto('audit')
    .values({
      at: now(),
      token_id: actor.principal?.tokenId ?? null,
      role: actor.principal?.role ?? null,
      department: actor.principal?.department ?? null,
      action,
      target,
      detail: JSON.stringify(detail ?? null),
      client: actor.client,
      cycle_id: cycleId,
    })
    .execute();
}

/** Each department's latest version with its rows. */
async function latestWithKpiRows(
  db: Db,
  cycleId: string,
): Promise<{ submission: Submission; rows: StoredKpiRow[] }[]> {
  const latest = await db
    .selectFrom('submissions as s')
    .selectAll('s')
    .where('s.cycle_id', '=', cycleId)
    .where(isLatestVersion)
    .orderBy('s.department')
    .execute();
  if (latest.length === 0) return [];
  const rows = await db
    .selectFrom('kpi_rows')
    .selectAll()
    .where(
      'submission_id',
      'in',
      latest.map((s) => s.id),
    )
    .orderBy('submission_id')
    .orderBy('position')
    .execute();
  const bySubmission = new Map<number, StoredKpiRow[]>();
  for (const r of rows) {
    const list = bySubmission.get(r.submission_id) ?? [];
    list.push(toKpiRow(r));
    bySubmission.set(r.submission_id, list);
  }
  return latest.map((s) => ({ submission: toSubmission(s), rows: bySubmission.get(s.id) ?? [] }));
}

/** The rows of the (submission_id, position, data JSON) tables as stored. */
const fromJson = {
  progress_rows: (data: string): ProgressRowData => {
    // Rows stored before issue 13 name the 施策 section `policy`.
    const { policy, ...row } = JSON.parse(data) as ProgressRowData & { policy?: string | null };
    return { ...row, measure: row.measure ?? policy ?? null };
  },
  project_rows: (data: string) => JSON.parse(data) as ProjectRowData,
};

/** Each department's latest version in the cycle with its rows from a (submission_id, position, data JSON) table. */
async function latestDataRows<T>(db: Db, table: 'project_rows' | 'progress_rows', cycleId: string) {
  const latest = await latestWithKpiRows(db, cycleId);
  if (latest.length === 0) return [];
  const rows = await db
    .selectFrom(table)
    .select(['submission_id', 'data'])
    .where(
      'submission_id',
      'in',
      latest.map((s) => s.submission.id),
    )
    .orderBy('submission_id')
    .orderBy('position')
    .execute();
  return latest.map(({ submission }) => ({
    submission,
    rows: rows.filter((r) => r.submission_id === submission.id).map((r) => fromJson[table](r.data) as T),
  }));
}

function findByIdempotencyKey(db: Db, tokenId: number, key: string): Promise<KeyedSubmission | null> {
  return db
    .selectFrom('submissions')
    .selectAll()
    .where('token_id', '=', tokenId)
    .where('idempotency_key', '=', key)
    .executeTakeFirst()
    .then((row) =>
      row
        ? {
            submission: toSubmission(row),
            report: row.report ? (JSON.parse(row.report) as WorkbookReport) : null,
            requestSha256: row.request_sha256,
          }
        : null,
    );
}

/** The steps of storing one submission, in the transaction holding the cycle's lock. */
class KyselySubmissionSteps implements SubmissionSteps {
  /** The cycle's latest rows read before this submission and this submission's: kept once committed. */
  private before: LatestRows['byDepartment'] | null = null;
  private stored: LatestSubmission | null = null;

  constructor(
    private readonly store: KyselyStore,
    private readonly trx: Transaction<Database>,
    readonly revision: number,
  ) {}

  findByIdempotencyKey(tokenId: number, key: string) {
    return findByIdempotencyKey(this.trx, tokenId, key);
  }

  async saveFile(file: NonNullable<NewSubmission['file']>, at: string) {
    await this.trx
      .insertInto('files')
      .values({ sha256: file.sha256, bytes: file.bytes, size: file.bytes.byteLength, created_at: at })
      .onConflict((oc) => oc.column('sha256').doNothing())
      .execute();
  }

  async lastVersion(cycleId: string, department: string): Promise<LastVersion | null> {
    // The department's last version and the id of its latest 差し戻し, in one statement.
    const last = await this.trx
      .selectFrom('submissions as s')
      .select((eb) => [
        's.id',
        's.version as v',
        eb
          .selectFrom('returns as r')
          .select('r.id')
          .whereRef('r.submission_id', '=', 's.id')
          .orderBy('r.id', 'desc')
          .limit(1)
          .as('return_id'),
      ])
      .where('s.cycle_id', '=', cycleId)
      .where('s.department', '=', department)
      .orderBy('s.version', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (!last) return null;
    const returned =
      last.return_id != null
        ? await this.trx.selectFrom('returns').selectAll().where('id', '=', last.return_id).executeTakeFirst()
        : undefined;
    return { id: last.id, version: Number(last.v), latestReturn: returned ? toReturn(returned) : null };
  }

  async latestKpiRows(cycleId: string) {
    this.before = await this.store.latestKpiRowsAt(this.trx, cycleId, this.revision);
    return this.before;
  }

  latestProgress(cycleId: string) {
    return latestDataRows<ProgressRowData>(this.trx, 'progress_rows', cycleId);
  }

  latestProjects(cycleId: string) {
    return latestDataRows<ProjectRowData>(this.trx, 'project_rows', cycleId);
  }

  async insertSubmission(
    input: NewSubmission,
    version: number,
    tokenId: number | null,
    client: string | null,
    at: string,
  ) {
    const row = await this.trx
      .insertInto('submissions')
      .values({
        cycle_id: input.cycleId,
        department: input.department,
        version,
        source: input.source,
        file_sha256: input.file?.sha256 ?? null,
        file_name: input.file?.name ?? null,
        findings: JSON.stringify(input.findings),
        created_at: at,
        token_id: tokenId,
        idempotency_key: input.idempotencyKey,
        request_sha256: input.requestSha256,
        report: input.report ? JSON.stringify(input.report) : null,
        client,
        reason: input.reason,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toSubmission(row);
  }

  async insertRows(
    submission: Submission,
    rows: Pick<NewSubmission, 'rows' | 'progressRows' | 'projectRows'>,
  ) {
    await inChunks(rows.rows, (chunk, offset) =>
      this.trx
        .insertInto('kpi_rows')
        .values(
          chunk.map((r, i) => ({
            submission_id: submission.id,
            position: offset + i,
            sheet_row: r.sheetRow,
            policy: r.policy,
            kpi: r.kpi,
            kind: r.kind,
            period: r.period,
            value: JSON.stringify(r.value),
            unit: r.unit,
            department: r.department,
            row_key: r.rowKey,
          })),
        )
        .execute(),
    );
    await inChunks(rows.progressRows, (chunk, offset) =>
      this.trx
        .insertInto('progress_rows')
        .values(
          chunk.map((r, i) => ({
            submission_id: submission.id,
            position: offset + i,
            sheet_row: r.sheetRow,
            row_key: r.rowKey,
            data: JSON.stringify(r),
          })),
        )
        .execute(),
    );
    await inChunks(rows.projectRows, (chunk, offset) =>
      this.trx
        .insertInto('project_rows')
        .values(
          chunk.map((r, i) => ({
            submission_id: submission.id,
            position: offset + i,
            row_key: r.rowKey,
            data: JSON.stringify(r),
          })),
        )
        .execute(),
    );
    this.stored = { submission, rows: rows.rows };
  }

  async conflictsToSync(cycleId: string, submissionIds: number[]): Promise<ConflictState[]> {
    const rows = await this.trx
      .selectFrom('conflicts')
      .select(['id', 'subject', 'row_key', 'fingerprint'])
      .where('cycle_id', '=', cycleId)
      .where('status', 'in', ['open', 'resolved'])
      .where((eb) =>
        eb.or([
          eb('subject', '!=', 'kpi'),
          eb('row_key', 'in', (q) =>
            q
              .selectFrom('kpi_rows')
              .select('row_key')
              .where('submission_id', 'in', submissionIds)
              .where('row_key', 'is not', null)
              .$castTo<string>(),
          ),
        ]),
      )
      .orderBy('id')
      .execute();
    return rows.map((r) => ({ id: r.id, subject: r.subject, rowKey: r.row_key, fingerprint: r.fingerprint }));
  }

  async supersedeConflicts(ids: number[]) {
    if (ids.length > 0)
      await this.trx.updateTable('conflicts').set({ status: 'superseded' }).where('id', 'in', ids).execute();
  }

  async openConflicts(
    cycleId: string,
    subject: ConflictSubject,
    detected: readonly DetectedConflict<unknown, unknown>[],
    at: string,
  ) {
    await inChunks(detected, (chunk) =>
      this.trx
        .insertInto('conflicts')
        .values(
          chunk.map((d) => ({
            cycle_id: cycleId,
            subject,
            row_key: d.key,
            label: JSON.stringify(d.identity),
            candidates: JSON.stringify(d.candidates),
            fingerprint: d.fingerprint,
            status: 'open' as const,
            resolution: null,
            note: null,
            resolved_by: null,
            resolved_at: null,
            created_at: at,
          })),
        )
        .execute(),
    );
  }

  audit(actor: Actor, action: string, target: string | null, detail: unknown, cycleId: string) {
    return audit(this.trx, actor, action, target, detail, cycleId);
  }

  /** After the commit: the cycle's latest rows, for the next submission to compare with. */
  keepPicture(cycleId: string) {
    if (this.before && this.stored)
      this.store.keepLatest(cycleId, { revision: this.revision, before: this.before, latest: this.stored });
  }
}

function toStoredStrategy(r: Selectable<Database['strategies']>): StoredStrategy {
  return {
    id: r.id,
    version: r.version,
    definition: JSON.parse(r.definition) as Strategy,
    createdAt: r.created_at,
  };
}

function toCycle(r: Selectable<Database['cycles']>): Cycle {
  return {
    id: r.id,
    kind: r.kind,
    fiscalYear: r.fiscal_year,
    strategyId: r.strategy_id,
    strategyVersion: r.strategy_version ?? 1,
    deadline: r.deadline,
    closedAt: r.closed_at,
    expectedDepartments:
      r.expected_departments === null ? null : z.array(z.string()).parse(JSON.parse(r.expected_departments)),
    createdAt: r.created_at,
  };
}

function toReturn(r: Selectable<Database['returns']>): Return {
  return {
    id: r.id,
    submissionId: r.submission_id,
    comment: r.comment,
    notes: JSON.parse(r.notes) as CellNote[],
    createdAt: r.created_at,
  };
}

function toKpiRow(r: Selectable<Database['kpi_rows']>): StoredKpiRow {
  return {
    sheetRow: r.sheet_row,
    policy: r.policy,
    kpi: r.kpi,
    kind: r.kind as KpiRow['kind'],
    period: r.period,
    value: JSON.parse(r.value) as KpiRow['value'],
    unit: r.unit,
    department: r.department,
    ...(r.row_key === null ? {} : { rowKey: r.row_key }),
  };
}

function toConflict(r: Selectable<ConflictsTable>): Conflict {
  // Checked against the API's schema of the subject: a row that does not fit fails here, not in a client.
  return ConflictSchema.parse({
    id: r.id,
    cycleId: r.cycle_id,
    subject: r.subject,
    identity: JSON.parse(r.label) as unknown,
    candidates: JSON.parse(r.candidates) as unknown,
    status: r.status,
    resolution: r.resolution === null ? null : (JSON.parse(r.resolution) as unknown),
    note: r.note,
    resolvedAt: r.resolved_at,
    resolvedBy: r.resolved_by,
    createdAt: r.created_at,
  });
}

const TOKEN_COLUMNS = [
  'id',
  'role',
  'department',
  'strategy_id',
  'label',
  'created_at',
  'last_used_at',
  'expires_at',
  'revoked_at',
] as const;

function toTokenInfo(r: Pick<Selectable<TokensTable>, (typeof TOKEN_COLUMNS)[number]>): TokenInfo {
  return {
    id: r.id,
    role: r.role,
    department: r.department,
    strategyId: r.strategy_id,
    label: r.label,
    createdAt: r.created_at,
    lastUsedAt: r.last_used_at,
    expiresAt: r.expires_at,
    revokedAt: r.revoked_at,
  };
}

function toSubmission(r: Selectable<SubmissionsTable>): Submission {
  return {
    id: r.id,
    cycleId: r.cycle_id,
    department: r.department,
    version: r.version,
    source: r.source,
    fileSha256: r.file_sha256,
    fileName: r.file_name,
    findings: FindingsSchema.parse(JSON.parse(r.findings)),
    reason: r.reason,
    createdAt: r.created_at,
  };
}

/**
 * Inserts records 500 at a time (`insert` gets each slice and its offset): every statement stays under
 * SQLite's and PostgreSQL's bound-parameter limits, however many rows a department sends.
 */
async function inChunks<T>(
  records: readonly T[],
  insert: (chunk: readonly T[], offset: number) => Promise<unknown>,
): Promise<void> {
  for (let start = 0; start < records.length; start += 500)
    await insert(records.slice(start, start + 500), start);
}
