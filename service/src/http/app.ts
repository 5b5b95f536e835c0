import express, { type Express } from 'express';
import helmet from 'helmet';
import { rateLimit } from 'express-rate-limit';
import type { Logger } from 'pino';
import type { Config } from '../config';
import type { Store } from '../store/store';
import { apiRouter } from './api';
import { errorHandler } from './errors';
import { OFFICE_JS_CDN, staticRouter } from './static';
import { statusPageRouter } from './status-page';

export interface AppDeps {
  config: Config;
  store: Store;
  logger: Logger;
  version: string;
  root: string;
}

export function createApp({ config, store, logger, version, root }: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(
    helmet({
      // Excel on the web shows the task pane in an iframe of another origin.
      frameguard: false,
      contentSecurityPolicy: {
        directives: {
          'script-src': [
            "'self'",
            ...(config.OFFICE_JS_SOURCE === 'cdn' ? [new URL(OFFICE_JS_CDN).origin] : []),
          ],
          'style-src': ["'self'", "'unsafe-inline'"],
          'frame-ancestors': null,
        },
      },
    }),
  );
  app.use(
    '/api',
    rateLimit({ windowMs: 60_000, limit: 600, standardHeaders: 'draft-8', legacyHeaders: false }),
  );
  app.use(
    '/api',
    apiRouter({
      store,
      maxUploadBytes: config.MAX_UPLOAD_MB * 1024 * 1024,
      version,
      defaultStrategyId: config.STRATEGY_ID,
    }),
  );
  app.use(statusPageRouter());
  app.use(staticRouter({ config, root }));
  app.use(errorHandler(logger, config.MAX_UPLOAD_MB));
  return app;
}
