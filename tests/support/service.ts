import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import pg from 'pg';
import { pino } from 'pino';
import { ConfigSchema, type Config } from '../../service/src/config';
import { createApp } from '../../service/src/http/app';
import { projectRoot } from '../../service/src/main';
import { openStore } from '../../service/src/store/open';
import type { Store } from '../../service/src/store/store';
import { issueToken, resolveTokenScope } from '../../service/src/usecases/tokens';
import { createWorkbookPool, type WorkbookPool } from '../../service/src/xlsx/pool';

export type Backend = 'sqlite' | 'postgres';

/** The PostgreSQL the suites use (trust auth on this machine and in CI); TEST_DATABASE_URL to change. */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

let postgresUp: Promise<boolean> | null = null;

/**
 * The backends the store and API suites run on: both. Outside CI a machine without PostgreSQL
 * runs SQLite only and says so once; under CI=true PostgreSQL is required.
 */
export async function testBackends(): Promise<Backend[]> {
  postgresUp ??= (async () => {
    const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 3000 });
    try {
      await client.connect();
      await client.end();
      return true;
    } catch (error) {
      if (process.env.CI === 'true') throw error;
      console.warn(
        `PostgreSQL (${TEST_DATABASE_URL}) に接続できないため SQLite のみで実行します / PostgreSQL unreachable: running SQLite only`,
      );
      return false;
    }
  })();
  return (await postgresUp) ? ['sqlite', 'postgres'] : ['sqlite'];
}

export interface TestService {
  app: ReturnType<typeof createApp>;
  store: Store;
  config: Config;
  /** The worker pool uploads are read in (workers start on first use). */
  pool: WorkbookPool;
  backend: Backend;
  adminToken: string;
  /**
   * A department token, for `strategyId` or (omitted) as `sousei token create` picks: the only
   * strategy with that department, else the service's STRATEGY_ID.
   */
  departmentToken(department: string, strategyId?: string): Promise<string>;
  /** Listens on a free port (for browser tests). */
  listen(): Promise<string>;
  close(): Promise<void>;
}

/**
 * A real service, as `npm start` runs it: Express over an SQLite file in a temp directory, or over
 * PostgreSQL in a schema of its own (sousei_test_<random>, dropped on close) so runs never collide.
 */
export async function startTestService(
  env: Record<string, string> = {},
  backend: Backend = 'sqlite',
): Promise<TestService> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sousei-test-'));
  const schema = `sousei_test_${randomBytes(6).toString('hex')}`;
  const pgEnv = backend === 'postgres' ? { DATABASE_URL: TEST_DATABASE_URL, DATABASE_SCHEMA: schema } : {};
  // One worker thread per test service unless a test asks for more: suites run side by side on few CPUs.
  const config = ConfigSchema.parse({
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    PARSE_THREADS: '1',
    ...pgEnv,
    ...env,
  });
  const store = await openStore(config);
  const pool = createWorkbookPool({
    threads: config.PARSE_THREADS,
    timeoutMs: config.PARSE_TIMEOUT_MS,
    maxMemoryMb: config.PARSE_MEMORY_MB,
    warm: false,
  });
  const app = createApp({
    config,
    store,
    logger: pino({ level: 'silent' }),
    version: 'test',
    root: projectRoot,
    pool,
  });
  const { token: adminToken } = await issueToken(store, {
    role: 'admin',
    department: null,
    strategyId: null,
  });
  let server: Server | null = null;
  return {
    app,
    store,
    config,
    pool,
    backend,
    adminToken,
    async departmentToken(department, strategyId) {
      const scope = await resolveTokenScope(store, department, strategyId, config.STRATEGY_ID);
      if (!scope.ok) throw new Error(`no token for ${department}: ${scope.problem}`);
      const { department: d, strategyId: s } = scope;
      return (await issueToken(store, { role: 'department', department: d, strategyId: s })).token;
    },
    listen: () =>
      new Promise((resolve) => {
        server = app.listen(0, '127.0.0.1', () =>
          resolve(`http://127.0.0.1:${(server!.address() as AddressInfo).port}`),
        );
      }),
    async close() {
      if (server) await new Promise((r) => server!.close(r));
      await pool.close();
      await store.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
      if (backend === 'postgres') await dropSchema(schema);
    },
  };
}

export async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(`drop schema if exists "${schema}" cascade`);
  } finally {
    await client.end();
  }
}
