import express, { type Express, type RequestHandler } from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import type { Config } from '../config';
import type { Store } from '../store/store';
import type { WorkbookPool } from '../xlsx/pool';
import { apiRouter } from './api';
import { errorHandler } from './errors';
import { apiLimits } from './limits';
import { OFFICE_JS_CDN, staticRouter } from './static';

export interface AppDeps {
  config: Config;
  store: Store;
  logger: Logger;
  version: string;
  root: string;
  /** Where uploaded workbooks are read and validated (worker threads with memory and time limits). */
  pool: WorkbookPool;
  /** Whether this process itself serves HTTPS (`--https`): decides the origin manifest.xml names by default. */
  https?: boolean;
}

/** helmet's headers; over plain HTTP without `upgrade-insecure-requests` and HSTS, which would break every page. */
function securityHeaders(config: Config, overHttps: boolean): RequestHandler {
  return helmet({
    // Excel on the web shows the task pane in an iframe of another origin.
    frameguard: false,
    hsts: overHttps,
    contentSecurityPolicy: {
      directives: {
        'script-src': [
          "'self'",
          ...(config.OFFICE_JS_SOURCE === 'cdn' ? [new URL(OFFICE_JS_CDN).origin] : []),
        ],
        'style-src': ["'self'", "'unsafe-inline'"],
        'frame-ancestors': null,
        'upgrade-insecure-requests': overHttps ? [] : null,
      },
    },
  });
}

export function createApp({ config, store, logger, version, root, pool, https = false }: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  // Only configured proxies are believed (X-Forwarded-For/-Proto); by default nobody is.
  app.set('trust proxy', config.TRUST_PROXY);
  const overHttps = securityHeaders(config, true);
  const overHttp = securityHeaders(config, false);
  // req.secure: a TLS socket, or a trusted proxy saying X-Forwarded-Proto: https.
  app.use((req, res, next) => (req.secure ? overHttps : overHttp)(req, res, next));
  app.use(
    '/api',
    apiLimits({
      store,
      authFailures: config.AUTH_FAILURE_LIMIT,
      authFailureWindowMs: 15 * 60_000,
      perTokenPerMinute: config.RATE_LIMIT_PER_MINUTE,
    }),
  );
  app.use(
    '/api',
    apiRouter({
      store,
      maxUploadBytes: config.MAX_UPLOAD_MB * 1024 * 1024,
      version,
      defaultStrategyId: config.STRATEGY_ID,
      analyze: pool.analyze,
      validateRows: pool.validateRows,
      departmentQueue: config.DEPARTMENT_QUEUE,
    }),
  );
  app.use(staticRouter({ config, root, https }));
  app.use(errorHandler(logger, config.MAX_UPLOAD_MB));
  return app;
}
