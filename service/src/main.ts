import { X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { ConfigError, loadConfig, type Config } from './config';
import { openStore } from './store/open';
import { createApp } from './http/app';
import { ensureFirstAdmin } from './usecases/tokens';
import { cliTexts } from './messages';
import { createWorkbookPool } from './xlsx/pool';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export function packageVersion(): string {
  return (JSON.parse(fs.readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { version: string })
    .version;
}

/** Certificates of office-addin-dev-certs; created when missing or about to expire (they last 30 days). Installing the CA is best effort. */
async function devCertificates(): Promise<{ key: Buffer; cert: Buffer }> {
  const dir = path.join(os.homedir(), '.office-addin-dev-certs');
  const keyPath = path.join(dir, 'localhost.key');
  const certPath = path.join(dir, 'localhost.crt');
  const expired = () =>
    new Date(new X509Certificate(fs.readFileSync(certPath)).validTo).getTime() < Date.now() + 86_400_000;
  if (!fs.existsSync(keyPath) || !fs.existsSync(certPath) || expired()) {
    const certs = await import('office-addin-dev-certs');
    await certs.generateCertificates(path.join(dir, 'ca.crt'), certPath, keyPath);
    if (process.platform === 'linux') {
      console.warn(
        `CA 証明書をシステムに登録していません(sudo が必要です): ${path.join(dir, 'ca.crt')}\nThe CA certificate was not installed (needs sudo); trust it in your browser if needed.`,
      );
    } else {
      try {
        await certs.installCaCertificate(path.join(dir, 'ca.crt'));
      } catch (error) {
        console.warn(
          `CA 証明書の登録に失敗しました / could not install the CA certificate: ${String(error)}`,
        );
      }
    }
  }
  return { key: fs.readFileSync(keyPath), cert: fs.readFileSync(certPath) };
}

export async function serve(config: Config, options: { https: boolean }): Promise<void> {
  const logger = pino({ level: config.LOG_LEVEL });
  const store = await openStore(config);
  const pool = createWorkbookPool({
    threads: config.PARSE_THREADS,
    timeoutMs: config.PARSE_TIMEOUT_MS,
    maxMemoryMb: config.PARSE_MEMORY_MB,
    warm: true,
    onWorkerError: (err) => logger.error({ err }, 'workbook worker failed'),
  });
  const app = createApp({
    config,
    store,
    logger,
    version: packageVersion(),
    root: projectRoot,
    pool,
    https: options.https,
  });
  const server = options.https ? https.createServer(await devCertificates(), app) : http.createServer(app);
  // Requests being answered: a shutdown lets them finish (a submission is stored or not, never half).
  const active = new Set<http.ServerResponse>();
  let stopping = false;
  server.on('request', (_req: http.IncomingMessage, res: http.ServerResponse) => {
    active.add(res);
    res.once('close', () => active.delete(res));
    // Kept-alive connections are not reused once stopping: the client reconnects elsewhere or later.
    if (stopping) res.setHeader('Connection', 'close');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.PORT, config.HOST, resolve);
  });
  const url = `${options.https ? 'https' : 'http'}://localhost:${config.PORT}/`;
  logger.info({ url, db: store.dialect }, 'sousei-sync started');
  const token = await ensureFirstAdmin(store);
  if (token) process.stdout.write(cliTexts.firstStart(url, token));
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal, inFlight: active.size }, 'sousei-sync stopping');
    // No new connections; idle kept-alive ones are closed now, busy ones when their answer is sent.
    server.close();
    const deadline = Date.now() + config.SHUTDOWN_TIMEOUT_MS;
    while (active.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    if (active.size > 0) logger.warn({ unfinished: active.size }, 'shutdown timeout: closing anyway');
    server.closeAllConnections();
    await pool.close();
    await store.close();
    logger.info('sousei-sync stopped');
    process.exit(0);
  };
  process.once('SIGINT', (s) => void stop(s));
  process.once('SIGTERM', (s) => void stop(s));
}

const invokedDirectly = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
// Not a top-level await: the CLI bundle that includes this file is CommonJS.
if (invokedDirectly)
  (async () => serve(loadConfig(), { https: process.argv.includes('--https') }))().catch(startFailed);

function startFailed(error: unknown): never {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(2);
  }
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') {
    console.error(
      `ポートが使用中です。PORT=3001 npm start のように別のポートを指定してください。\nThe port is in use; set PORT to another one.`,
    );
    process.exit(2);
  }
  throw error;
}
