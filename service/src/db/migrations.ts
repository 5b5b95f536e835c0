import { type Kysely, type Migration, type MigrationProvider, Migrator } from 'kysely';
import type { Database } from './schema';

export type Dialect = 'sqlite' | 'postgres';

/**
 * One set of migrations for both backends. The only dialect differences are the
 * auto-increment key and the binary column type, chosen here and nowhere else.
 */
function migrations(dialect: Dialect): Record<string, Migration> {
  const binary = dialect === 'postgres' ? 'bytea' : 'blob';
  const idColumn = (db: Kysely<unknown>, table: string) =>
    dialect === 'postgres'
      ? db.schema.createTable(table).addColumn('id', 'serial', (c) => c.primaryKey())
      : db.schema.createTable(table).addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
  return {
    '0001_initial': {
      async up(db) {
        await idColumn(db, 'tokens')
          .addColumn('hash', 'text', (c) => c.notNull().unique())
          .addColumn('role', 'text', (c) => c.notNull())
          .addColumn('department', 'text')
          .addColumn('label', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('cycles')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('fiscal_year', 'integer', (c) => c.notNull())
          .addColumn('strategy_id', 'text', (c) => c.notNull())
          .addColumn('deadline', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('files')
          .addColumn('sha256', 'text', (c) => c.primaryKey())
          .addColumn('bytes', binary, (c) => c.notNull())
          .addColumn('size', 'integer', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await idColumn(db, 'submissions')
          .addColumn('cycle_id', 'text', (c) => c.notNull().references('cycles.id'))
          .addColumn('department', 'text', (c) => c.notNull())
          .addColumn('version', 'integer', (c) => c.notNull())
          .addColumn('source', 'text', (c) => c.notNull())
          .addColumn('file_sha256', 'text', (c) => c.references('files.sha256'))
          .addColumn('file_name', 'text')
          .addColumn('findings', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addUniqueConstraint('submissions_version_unique', ['cycle_id', 'department', 'version'])
          .execute();
        await db.schema
          .createTable('kpi_rows')
          .addColumn('submission_id', 'integer', (c) => c.notNull().references('submissions.id'))
          .addColumn('position', 'integer', (c) => c.notNull())
          .addColumn('sheet_row', 'integer')
          .addColumn('policy', 'text', (c) => c.notNull())
          .addColumn('kpi', 'text', (c) => c.notNull())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('period', 'text', (c) => c.notNull())
          .addColumn('value', 'text', (c) => c.notNull())
          .addColumn('unit', 'text', (c) => c.notNull())
          .addColumn('department', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('kpi_rows_pk', ['submission_id', 'position'])
          .execute();
      },
    },
    // Versioned strategies, idempotency, 差し戻し, merge conflicts and the audit log (issue 5).
    '0002_consolidation': {
      async up(db) {
        await db.schema
          .createTable('strategies')
          .addColumn('id', 'text', (c) => c.notNull())
          .addColumn('version', 'integer', (c) => c.notNull())
          .addColumn('definition', 'text', (c) => c.notNull())
          .addColumn('token_id', 'integer')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('strategies_pk', ['id', 'version'])
          .execute();
        await db.schema.alterTable('cycles').addColumn('strategy_version', 'integer').execute();
        // The row's merge identity, so a submission re-checks conflicts only for the rows it touches.
        await db.schema.alterTable('kpi_rows').addColumn('row_key', 'text').execute();
        await db.schema.createIndex('kpi_rows_row_key').on('kpi_rows').column('row_key').execute();
        for (const [column, type] of [
          ['token_id', 'integer'],
          ['idempotency_key', 'text'],
          ['request_sha256', 'text'],
          ['report', 'text'],
          ['client', 'text'],
          ['reason', 'text'],
        ] as const) {
          await db.schema.alterTable('submissions').addColumn(column, type).execute();
        }
        await db.schema
          .createIndex('submissions_idempotency')
          .on('submissions')
          .columns(['token_id', 'idempotency_key'])
          .unique()
          .execute();
        await idColumn(db, 'returns')
          .addColumn('submission_id', 'integer', (c) => c.notNull().references('submissions.id'))
          .addColumn('comment', 'text', (c) => c.notNull())
          .addColumn('notes', 'text', (c) => c.notNull())
          .addColumn('token_id', 'integer', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await idColumn(db, 'conflicts')
          .addColumn('cycle_id', 'text', (c) => c.notNull().references('cycles.id'))
          .addColumn('row_key', 'text', (c) => c.notNull())
          .addColumn('label', 'text', (c) => c.notNull())
          .addColumn('candidates', 'text', (c) => c.notNull())
          .addColumn('fingerprint', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('resolution', 'text')
          .addColumn('note', 'text')
          .addColumn('resolved_by', 'integer')
          .addColumn('resolved_at', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex('conflicts_cycle')
          .on('conflicts')
          .columns(['cycle_id', 'status'])
          .execute();
        await idColumn(db, 'audit')
          .addColumn('at', 'text', (c) => c.notNull())
          .addColumn('token_id', 'integer')
          .addColumn('role', 'text')
          .addColumn('department', 'text')
          .addColumn('action', 'text', (c) => c.notNull())
          .addColumn('target', 'text')
          .addColumn('detail', 'text', (c) => c.notNull())
          .addColumn('client', 'text')
          .execute();
      },
    },
    // Rows of the progress report (進捗報告) as read from submitted sheets.
    '0003_progress_rows': {
      async up(db) {
        await db.schema
          .createTable('progress_rows')
          .addColumn('submission_id', 'integer', (c) => c.notNull().references('submissions.id'))
          .addColumn('position', 'integer', (c) => c.notNull())
          .addColumn('sheet_row', 'integer')
          .addColumn('row_key', 'text', (c) => c.notNull())
          .addColumn('data', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('progress_rows_pk', ['submission_id', 'position'])
          .execute();
      },
    },
    // One row per 主要施策成果シート (project result sheet) as read from submitted workbooks.
    '0004_project_rows': {
      async up(db) {
        await db.schema
          .createTable('project_rows')
          .addColumn('submission_id', 'integer', (c) => c.notNull().references('submissions.id'))
          .addColumn('position', 'integer', (c) => c.notNull())
          .addColumn('row_key', 'text', (c) => c.notNull())
          .addColumn('data', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('project_rows_pk', ['submission_id', 'position'])
          .execute();
      },
    },
    // Conflicts of progress-report rows and project sheets next to those of KPI rows.
    '0005_conflict_subject': {
      async up(db) {
        await db.schema
          .alterTable('conflicts')
          .addColumn('subject', 'text', (c) => c.notNull().defaultTo('kpi'))
          .execute();
      },
    },
    // A KPI's row key is the same in every version and every year's cycle: looking up the rows of the
    // latest submissions by key must not visit every older row with that key.
    '0006_row_key_by_submission': {
      async up(db) {
        await db.schema
          .createIndex('kpi_rows_row_key_submission')
          .on('kpi_rows')
          .columns(['row_key', 'submission_id'])
          .execute();
        await db.schema.dropIndex('kpi_rows_row_key').execute();
      },
    },
    // A counter of each cycle's stored submissions, read under the cycle lock (see KyselyStore).
    '0007_cycle_revision': {
      async up(db) {
        await db.schema
          .alterTable('cycles')
          .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(0))
          .execute();
      },
    },
    // Tokens scoped to a strategy (municipality) as well as a department, with expiry and revocation.
    // Existing department tokens get their strategy when the store opens (KyselyStore.scopeLegacyTokens:
    // it needs the STRATEGY_ID setting, which migrations do not see).
    '0008_token_scope': {
      async up(db) {
        for (const column of ['strategy_id', 'expires_at', 'revoked_at', 'last_used_at'])
          await db.schema.alterTable('tokens').addColumn(column, 'text').execute();
      },
    },
    // Cycles closed and reopened by the planning office, with the departments they expect (JSON; null:
    // the definition's owners), and the cycle of each audited write (the console filters the log by it).
    '0009_cycle_lifecycle': {
      async up(db) {
        await db.schema.alterTable('cycles').addColumn('closed_at', 'text').execute();
        await db.schema.alterTable('cycles').addColumn('expected_departments', 'text').execute();
        await db.schema.alterTable('audit').addColumn('cycle_id', 'text').execute();
      },
    },
  };
}

class InlineProvider implements MigrationProvider {
  constructor(private readonly dialect: Dialect) {}
  getMigrations(): Promise<Record<string, Migration>> {
    return Promise.resolve(migrations(this.dialect));
  }
}

/**
 * `schema`: where Kysely keeps its migration tables on PostgreSQL. It must be named: Kysely looks
 * for its tables across all schemas, and would take another schema's for ours.
 */
export async function migrateToLatest(
  db: Kysely<Database>,
  dialect: Dialect,
  schema?: string,
): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: new InlineProvider(dialect),
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  const { error } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error('migration failed', { cause: error });
}
