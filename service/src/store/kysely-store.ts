import type { Kysely, Selectable } from 'kysely';
import type { Connection } from '../db/connect';
import type { Database, SubmissionsTable } from '../db/schema';
import type { Cycle, NewSubmission, Principal, Role, Store, StoredKpiRow, Submission } from './store';
import type { KpiRow } from '#shared';

const now = () => new Date().toISOString();

/** The store over Kysely: the same queries run on SQLite and PostgreSQL. */
export class KyselyStore implements Store {
  readonly dialect: 'sqlite' | 'postgres';
  private readonly db: Kysely<Database>;

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

  async createToken(
    hash: string,
    role: Role,
    department: string | null,
    label: string | null,
  ): Promise<number> {
    const r = await this.db
      .insertInto('tokens')
      .values({ hash, role, department, label, created_at: now() })
      .returning('id')
      .executeTakeFirstOrThrow();
    return r.id;
  }

  async findToken(hash: string): Promise<Principal | null> {
    const r = await this.db
      .selectFrom('tokens')
      .select(['id', 'role', 'department'])
      .where('hash', '=', hash)
      .executeTakeFirst();
    return r ? { tokenId: r.id, role: r.role, department: r.department } : null;
  }

  async createCycle(cycle: Omit<Cycle, 'createdAt'>): Promise<Cycle | null> {
    const createdAt = now();
    const inserted = await this.db
      .insertInto('cycles')
      .values({
        id: cycle.id,
        kind: cycle.kind,
        fiscal_year: cycle.fiscalYear,
        strategy_id: cycle.strategyId,
        deadline: cycle.deadline,
        created_at: createdAt,
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .returning('id')
      .executeTakeFirst();
    return inserted ? { ...cycle, createdAt } : null;
  }

  async getCycle(id: string): Promise<Cycle | null> {
    const r = await this.db.selectFrom('cycles').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? toCycle(r) : null;
  }

  async listCycles(): Promise<Cycle[]> {
    const rows = await this.db.selectFrom('cycles').selectAll().orderBy('created_at').execute();
    return rows.map(toCycle);
  }

  async addSubmission(input: NewSubmission): Promise<Submission> {
    return this.db.transaction().execute(async (trx) => {
      const createdAt = now();
      if (input.file) {
        await trx
          .insertInto('files')
          .values({
            sha256: input.file.sha256,
            bytes: input.file.bytes,
            size: input.file.bytes.byteLength,
            created_at: createdAt,
          })
          .onConflict((oc) => oc.column('sha256').doNothing())
          .execute();
      }
      const last = await trx
        .selectFrom('submissions')
        .select((eb) => eb.fn.max('version').as('v'))
        .where('cycle_id', '=', input.cycleId)
        .where('department', '=', input.department)
        .executeTakeFirst();
      const version = Number(last?.v ?? 0) + 1;
      const row = await trx
        .insertInto('submissions')
        .values({
          cycle_id: input.cycleId,
          department: input.department,
          version,
          source: input.source,
          file_sha256: input.file?.sha256 ?? null,
          file_name: input.file?.name ?? null,
          findings: JSON.stringify(input.findings),
          created_at: createdAt,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      if (input.rows.length > 0) {
        await trx
          .insertInto('kpi_rows')
          .values(
            input.rows.map((r, i) => ({
              submission_id: row.id,
              position: i,
              sheet_row: r.sheetRow,
              policy: r.policy,
              kpi: r.kpi,
              kind: r.kind,
              period: r.period,
              value: JSON.stringify(r.value),
              unit: r.unit,
              department: r.department,
            })),
          )
          .execute();
      }
      return toSubmission(row);
    });
  }

  async latestSubmissions(cycleId: string): Promise<{ submission: Submission; rows: StoredKpiRow[] }[]> {
    const latest = await this.db
      .selectFrom('submissions as s')
      .selectAll('s')
      .where('s.cycle_id', '=', cycleId)
      .where(({ eb, selectFrom }) =>
        eb(
          's.version',
          '=',
          selectFrom('submissions as t')
            .select((e) => e.fn.max('t.version').as('v'))
            .whereRef('t.cycle_id', '=', 's.cycle_id')
            .whereRef('t.department', '=', 's.department'),
        ),
      )
      .orderBy('s.department')
      .execute();
    if (latest.length === 0) return [];
    const rows = await this.db
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
    return latest.map((s) => ({
      submission: toSubmission(s),
      rows: rows
        .filter((r) => r.submission_id === s.id)
        .map((r) => ({
          sheetRow: r.sheet_row,
          policy: r.policy,
          kpi: r.kpi,
          kind: r.kind as KpiRow['kind'],
          period: r.period,
          value: JSON.parse(r.value) as KpiRow['value'],
          unit: r.unit,
          department: r.department,
        })),
    }));
  }

  close(): Promise<void> {
    return this.connection.close();
  }
}

function toCycle(r: Selectable<Database['cycles']>): Cycle {
  return {
    id: r.id,
    kind: r.kind,
    fiscalYear: r.fiscal_year,
    strategyId: r.strategy_id,
    deadline: r.deadline,
    createdAt: r.created_at,
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
    findings: JSON.parse(r.findings),
    createdAt: r.created_at,
  };
}
