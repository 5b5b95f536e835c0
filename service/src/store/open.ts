import path from 'node:path';
import type { Config } from '../config';
import { openSqlite } from '../db/connect';
import { KyselyStore } from './kysely-store';
import type { Store } from './store';

/** The configured store: PostgreSQL when DATABASE_URL is set, else the embedded SQLite file. */
export async function openStore(config: Pick<Config, 'DATA_DIR' | 'DATABASE_URL'>): Promise<Store> {
  if (config.DATABASE_URL) {
    throw new Error(
      'PostgreSQL support arrives with the consolidation service (issue 5); unset DATABASE_URL',
    );
  }
  return new KyselyStore(await openSqlite(path.join(config.DATA_DIR, 'sousei.sqlite')));
}
