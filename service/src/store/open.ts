import path from 'node:path';
import type { Config } from '../config';
import { openPostgres, openSqlite } from '../db/connect';
import { KyselyStore } from './kysely-store';
import type { Store } from './store';

/** The configured store: PostgreSQL when DATABASE_URL is set, else the embedded SQLite file. */
export async function openStore(
  config: Pick<Config, 'DATA_DIR' | 'DATABASE_URL' | 'DATABASE_SCHEMA' | 'STRATEGY_ID'>,
): Promise<Store> {
  const connection = config.DATABASE_URL
    ? await openPostgres(config.DATABASE_URL, config.DATABASE_SCHEMA)
    : await openSqlite(path.join(config.DATA_DIR, 'sousei.sqlite'));
  const store = new KyselyStore(connection);
  await store.seedStrategies();
  // Department tokens issued before tokens named a strategy (migration 0008) get theirs now.
  await store.scopeLegacyTokens(config.STRATEGY_ID);
  return store;
}
