import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { migrateToLatest, type Dialect } from './migrations';
import type { Database } from './schema';

export interface Connection {
  db: Kysely<Database>;
  dialect: Dialect;
  close(): Promise<void>;
}

/** Opens (creating on first use) the embedded SQLite database file and brings it to the latest schema. */
export async function openSqlite(file: string): Promise<Connection> {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const database = new SQLite(file);
  database.pragma('journal_mode = WAL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
  await migrateToLatest(db, 'sqlite');
  return { db, dialect: 'sqlite', close: () => db.destroy() };
}
