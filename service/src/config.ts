import os from 'node:os';
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
  /** Worker threads that read and validate uploaded workbooks (default: the number of CPUs). */
  PARSE_THREADS: z.coerce
    .number()
    .int()
    .min(1)
    .max(64)
    .default(() => os.availableParallelism()),
  /** Time limit for reading and validating one uploaded workbook, in milliseconds; past it: 422. */
  PARSE_TIMEOUT_MS: z.coerce.number().int().min(10).max(600_000).default(20_000),
  /** Heap limit of each worker in megabytes; a workbook that needs more is answered 413. */
  PARSE_MEMORY_MB: z.coerce.number().int().min(8).max(16_384).default(512),
  /**
   * Which peers are proxies whose X-Forwarded-For / -Proto to believe: `loopback`, `uniquelocal`,
   * addresses or CIDRs, comma-separated. Default none: the socket's address is the client's, so a
   * forged X-Forwarded-For cannot dodge the rate limits.
   */
  TRUST_PROXY: z
    .string()
    .trim()
    .regex(
      /^(|none|((loopback|linklocal|uniquelocal|[0-9A-Fa-f:.]+(\/\d{1,3})?)(\s*,\s*|$))+)$/,
      'loopback・uniquelocal・IP アドレス・CIDR をカンマ区切りで',
    )
    .transform((v) => (v === '' || v === 'none' ? false : v.split(/\s*,\s*/)))
    .default(false),
  /**
   * Submissions of one department that may wait while its previous one is processed (they are
   * processed in order); one more gets 429 with Retry-After. 0: a second one is answered 429 at once.
   */
  DEPARTMENT_QUEUE: z.coerce.number().int().min(0).max(100).default(8),
  /** Requests without a valid token that one address may make in 15 minutes before 429. */
  AUTH_FAILURE_LIMIT: z.coerce.number().int().min(1).default(30),
  /** Requests one token may make per minute before 429. */
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(1200),
  /** On SIGTERM/SIGINT, how long in-flight requests may take to finish before the service exits anyway. */
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).max(600_000).default(30_000),
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
