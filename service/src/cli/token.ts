import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { Config } from '../config';
import { cliTexts, japanTime } from '../messages';
import { openStore } from '../store/open';
import type { TokenInfo } from '../store/store';
import { issueToken, parseExpiry, resolveTokenScope } from '../usecases/tokens';

/**
 * `sousei token create|list|revoke` on the service's own database (same DATA_DIR / DATABASE_URL):
 * for the person running the service, before there is an admin screen.
 */

interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

/** Exit codes as the other commands: 0 = done, 2 = usage or nothing to act on. */
const EXIT = { ok: 0, unusable: 2 } as const;

export async function tokenCommand(
  args: string[],
  io: Io,
  config: Config,
  fail: (message: string) => never,
): Promise<number> {
  const [sub, ...rest] = args;
  const parse = (options: NonNullable<ParseArgsConfig['options']>) => {
    try {
      return parseArgs({ args: rest, options, allowPositionals: true, strict: true });
    } catch (error) {
      return fail(cliTexts.unknownOption(error instanceof Error ? error.message : String(error)));
    }
  };
  switch (sub) {
    case 'create': {
      const { values, positionals } = parse({
        department: { type: 'string' },
        strategy: { type: 'string' },
        expires: { type: 'string' },
        admin: { type: 'boolean' },
        label: { type: 'string' },
      });
      if (positionals.length > 0) fail(cliTexts.unexpectedArgument(positionals.join(' ')));
      return create(io, config, fail, {
        department: values.department as string | undefined,
        strategy: values.strategy as string | undefined,
        expires: values.expires as string | undefined,
        admin: values.admin === true,
        label: values.label as string | undefined,
      });
    }
    case 'list': {
      const { values, positionals } = parse({ format: { type: 'string', default: 'text' } });
      if (positionals.length > 0) fail(cliTexts.unexpectedArgument(positionals.join(' ')));
      const format = values.format as string;
      if (format !== 'text' && format !== 'json') fail(cliTexts.badFormat(format));
      return withStore(config, async (store) => {
        const tokens = await store.listTokens();
        io.out(format === 'json' ? `${JSON.stringify(tokens, null, 2)}\n` : formatTokens(tokens));
        return EXIT.ok;
      });
    }
    case 'revoke': {
      const { positionals } = parse({});
      const id = Number(positionals[0]);
      if (positionals.length !== 1 || !Number.isInteger(id) || id <= 0) fail(cliTexts.revokeNeedsId);
      return withStore(config, async (store) => {
        const revoked = await store.revokeToken(id, { principal: null, client: 'cli' });
        if (!revoked) {
          io.err(`${cliTexts.tokenNotFound(id)}\n`);
          return EXIT.unusable;
        }
        io.err(
          `${revoked.already ? cliTexts.tokenAlreadyRevoked(id) : cliTexts.tokenRevoked(describe(revoked.token))}\n`,
        );
        return EXIT.ok;
      });
    }
    default:
      return fail(cliTexts.tokenSubcommand);
  }
}

async function withStore<T>(
  config: Config,
  run: (store: Awaited<ReturnType<typeof openStore>>) => Promise<T>,
) {
  const store = await openStore(config);
  try {
    return await run(store);
  } finally {
    await store.close();
  }
}

async function create(
  io: Io,
  config: Config,
  fail: (message: string) => never,
  options: { department?: string; strategy?: string; expires?: string; admin: boolean; label?: string },
): Promise<number> {
  if (options.admin === (options.department !== undefined)) fail(cliTexts.departmentOrAdmin);
  if (options.admin && options.strategy !== undefined) fail(cliTexts.adminHasNoStrategy);
  let expiresAt: string | null = null;
  if (options.expires !== undefined) {
    expiresAt = parseExpiry(options.expires);
    if (!expiresAt) fail(cliTexts.badExpiry(options.expires));
  }
  return withStore(config, async (store) => {
    const label = options.label ?? null;
    if (options.admin) {
      const { token } = await issueToken(store, {
        role: 'admin',
        department: null,
        strategyId: null,
        label,
        expiresAt,
      });
      io.err(`${cliTexts.tokenCreated('管理者 / admin', expiresAt)}\n`);
      io.out(`${token}\n`);
      return EXIT.ok;
    }
    // Departments of the definitions this service has (bundled and PUT), not only the bundled default.
    const scope = await resolveTokenScope(store, options.department!, options.strategy, config.STRATEGY_ID);
    if (!scope.ok) {
      if (scope.problem === 'unknown-strategy')
        io.err(`${cliTexts.unknownStrategy(options.strategy!, scope.strategies)}\n`);
      else if (scope.problem === 'ambiguous')
        io.err(`${cliTexts.ambiguousDepartment(scope.department, scope.strategies)}\n`);
      else
        io.err(
          `${cliTexts.unknownDepartment(options.department!, scope.nearest, scope.known, scope.strategies)}\n`,
        );
      return EXIT.unusable;
    }
    const { token } = await issueToken(store, {
      role: 'department',
      department: scope.department,
      strategyId: scope.strategyId,
      label,
      expiresAt,
    });
    io.err(`${cliTexts.tokenCreated(`${scope.department} / ${scope.strategyId}`, expiresAt)}\n`);
    io.out(`${token}\n`);
    return EXIT.ok;
  });
}

function describe(t: TokenInfo): string {
  return t.role === 'admin' ? `${t.id} 管理者 / admin` : `${t.id} ${t.department} / ${t.strategyId}`;
}

const time = (iso: string | null) => (iso ? japanTime(iso) : '-');

/** One line per token, tab-separated, times in Japan time; never the secret. */
export function formatTokens(tokens: readonly TokenInfo[]): string {
  const lines = [cliTexts.tokenListHeader.join('\t')];
  for (const t of tokens)
    lines.push(
      [
        t.id,
        t.role,
        t.department ?? '-',
        t.strategyId ?? '-',
        time(t.createdAt),
        time(t.lastUsedAt),
        time(t.expiresAt),
        time(t.revokedAt),
        t.label ?? '',
      ].join('\t'),
    );
  return `${lines.join('\n')}\n`;
}
