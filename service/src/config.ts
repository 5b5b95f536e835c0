import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_STRATEGY_ID } from '#shared';

/** Service settings, read from the environment once and validated; bad settings stop start-up with a clear message. */
export const ConfigSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  /** Directory of the embedded SQLite database and other local state. */
  DATA_DIR: z.string().default(path.resolve('data')),
  /** postgres://… to use PostgreSQL instead of the embedded SQLite file. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'postgres:// で始まる URL')
    .optional(),
  /** PostgreSQL schema to work in (created when missing); by default the server's search_path. */
  DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, '英小文字・数字・_ で 63 文字まで')
    .optional(),
  /** Where the task pane loads office.js from: this server (closed networks) or Microsoft's CDN. */
  OFFICE_JS_SOURCE: z.enum(['local', 'cdn']).default('local'),
  /** Origin written into manifest.xml; by default the origin the request came to. */
  PUBLIC_ORIGIN: z.url().optional(),
  /** Largest accepted upload, in megabytes. */
  MAX_UPLOAD_MB: z.coerce.number().positive().max(200).default(20),
  /** The municipality's strategy: what a new cycle and GET /api/strategy use when they name none. */
  STRATEGY_ID: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,64}$/, '半角英数字・ . _ - で 64 文字まで')
    .default(DEFAULT_STRATEGY_ID),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});
export type Config = z.infer<typeof ConfigSchema>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`設定が正しくありません / invalid settings:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

export class ConfigError extends Error {}
