import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { pino } from 'pino';
import { ConfigSchema, type Config } from '../../service/src/config';
import { createApp } from '../../service/src/http/app';
import { projectRoot } from '../../service/src/main';
import { openStore } from '../../service/src/store/open';
import type { Store } from '../../service/src/store/store';
import { issueToken } from '../../service/src/usecases/tokens';

export interface TestService {
  app: ReturnType<typeof createApp>;
  store: Store;
  config: Config;
  adminToken: string;
  departmentToken(department: string): Promise<string>;
  /** Listens on a free port (for browser tests). */
  listen(): Promise<string>;
  close(): Promise<void>;
}

/** A real service (Express + SQLite file in a temp directory), as `npm start` runs it. */
export async function startTestService(env: Record<string, string> = {}): Promise<TestService> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sousei-test-'));
  const config = ConfigSchema.parse({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...env });
  const store = await openStore(config);
  const app = createApp({
    config,
    store,
    logger: pino({ level: 'silent' }),
    version: 'test',
    root: projectRoot,
  });
  const adminToken = await issueToken(store, 'admin', null);
  let server: Server | null = null;
  return {
    app,
    store,
    config,
    adminToken,
    departmentToken: (department) => issueToken(store, 'department', department),
    listen: () =>
      new Promise((resolve) => {
        server = app.listen(0, '127.0.0.1', () =>
          resolve(`http://127.0.0.1:${(server!.address() as AddressInfo).port}`),
        );
      }),
    async close() {
      if (server) await new Promise((r) => server!.close(r));
      await store.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
