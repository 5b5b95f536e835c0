import fs from 'node:fs';
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import {
  countBySeverity,
  readErrorTexts,
  templateLabels,
  templateMissingTexts,
  toReport,
  validateWorkbook,
  type Bilingual,
  type WorkbookReport,
  readWorkbook,
} from '#shared';
import { ConfigError, loadConfig } from '../config';
import { cliTexts } from '../messages';
import { strategyCommand } from './strategy';
import { formatProblems, resolveStrategy } from './strategy-source';
// The store (Kysely, pg, better-sqlite3) and the service are imported by the commands that use
// them: `sousei validate` and `sousei --help` start without loading a database driver.

/** Exit codes: 0 = no errors, 1 = errors found, 2 = could not read / usage. */
export const EXIT = { ok: 0, findings: 1, unusable: 2 } as const;

interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}
const stdio: Io = { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) };

/** `sousei ARGS`: the exit code. `env` holds the settings (DATA_DIR, DATABASE_URL …; tests pass their own). */
export async function runCli(
  argv: string[],
  io: Io = stdio,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'validate':
        return validateCommand(rest, io, env);
      case 'token': {
        const { tokenCommand } = await import('./token');
        return await tokenCommand(rest, io, loadConfig(env), (m) => {
          throw new UsageError(m);
        });
      }
      case 'strategy':
        return strategyCommand(rest, io, loadConfig(env).MAX_UPLOAD_MB * 1024 * 1024, (m) => {
          throw new UsageError(m);
        });
      case '--help':
      case '-h':
      case 'help':
        io.out(`${cliTexts.usage}\n`);
        return EXIT.ok;
      case 'serve': {
        const { serve } = await import('../main');
        await serve(loadConfig(env), { https: rest.includes('--https') });
        return new Promise<number>(() => {}); // runs until stopped
      }
      default:
        io.err(`${cliTexts.usage}\n`);
        return EXIT.unusable;
    }
  } catch (error) {
    if (error instanceof UsageError || error instanceof ConfigError) {
      io.err(`${error.message}\n\n${cliTexts.usage}\n`);
      return EXIT.unusable;
    }
    throw error;
  }
}

class UsageError extends Error {}

function parse(args: string[], options: NonNullable<ParseArgsConfig['options']>) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(cliTexts.unknownOption(error instanceof Error ? error.message : String(error)));
  }
}

function validateCommand(args: string[], io: Io, env: NodeJS.ProcessEnv): number {
  const { values, positionals } = parse(args, {
    format: { type: 'string', default: 'text' },
    strategy: { type: 'string' },
    'fiscal-year': { type: 'string' },
    kind: { type: 'string' },
  });
  const format = values.format as string;
  if (format !== 'text' && format !== 'json') throw new UsageError(cliTexts.badFormat(format));
  const yearText = values['fiscal-year'] as string | undefined;
  const fiscalYear = yearText === undefined ? undefined : Number(yearText);
  if (fiscalYear !== undefined && !(Number.isInteger(fiscalYear) && fiscalYear >= 1900 && fiscalYear <= 2200))
    throw new UsageError(cliTexts.badFiscalYear(yearText!));
  const kind = values.kind as string | undefined;
  if (kind !== undefined && kind !== 'kpi' && kind !== 'progress' && kind !== 'project')
    throw new UsageError(cliTexts.badKind(kind));
  const file = positionals[0];
  if (!file || positionals.length > 1)
    throw new UsageError('検証するファイルを 1 つ指定してください / give one file to validate');
  const config = loadConfig(env);
  const strategy = resolveStrategy(values.strategy as string | undefined, config.MAX_UPLOAD_MB * 1024 * 1024);
  io.err(formatProblems(strategy));
  if (!strategy.ok) return EXIT.unusable;
  let bytes: Buffer;
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) throw new Error('not a file');
    bytes = fs.readFileSync(file);
  } catch {
    const t = readErrorTexts.notFound(file);
    io.err(`${t.ja}\n${t.en}\n`);
    return EXIT.unusable;
  }
  const read = readWorkbook(new Uint8Array(bytes), { maxBytes: config.MAX_UPLOAD_MB * 1024 * 1024 });
  if (!read.ok) {
    io.err(`${read.problem.message.ja}\n${read.problem.message.en}\n`);
    return EXIT.unusable;
  }
  const report = toReport(
    validateWorkbook(read.snapshot, strategy.strategy, { fiscalYear }),
    path.basename(file),
  );
  const missing = missingTemplate(report, kind);
  if (missing) {
    io.err(`${missing.ja}\n${missing.en}\n`);
    return EXIT.findings;
  }
  io.out(format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : formatText(report));
  const errors = countBySeverity(report.sheets.flatMap((s) => s.findings)).error;
  return errors > 0 ? EXIT.findings : EXIT.ok;
}

/**
 * A workbook with no sheet of the asked kind (or with no rows of it), or with no recognized
 * sheet at all, is not a report: the message names what the workbook holds instead.
 */
function missingTemplate(
  report: WorkbookReport,
  kind: 'kpi' | 'progress' | 'project' | undefined,
): Bilingual | null {
  const recognized = report.sheets.filter((s) => s.template !== 'unknown');
  if (kind === undefined) return recognized.length === 0 ? templateMissingTexts.any : null;
  if (report.sheets.some((s) => s.template === kind && s.rows > 0)) return null;
  const found = [...new Set(recognized.filter((s) => s.rows > 0).map((s) => templateLabels[s.template].ja))];
  return templateMissingTexts.kind(kind, found);
}

const SEVERITY_JA = { error: 'エラー', warning: '警告', info: '情報' } as const;

/** A readable Japanese list grouped by sheet. */
export function formatText(report: WorkbookReport): string {
  const lines: string[] = [];
  if (report.file) lines.push(`ファイル: ${report.file}`);
  for (const sheet of report.sheets) {
    lines.push('', `■ シート「${sheet.sheet}」 ${templateLabels[sheet.template].ja}(${sheet.rows} 行)`);
    for (const f of sheet.findings) {
      lines.push(`  [${SEVERITY_JA[f.severity]}] ${f.cell ?? '—'} ${f.message} (${f.rule})`);
      if (f.suggestion) lines.push(`      修正案: ${f.suggestion}`);
    }
  }
  const counts = countBySeverity(report.sheets.flatMap((s) => s.findings));
  lines.push(
    '',
    counts.error + counts.warning + counts.info === 0
      ? cliTexts.noErrors
      : cliTexts.summary(counts.error, counts.warning, counts.info),
  );
  return `${lines.join('\n')}\n`;
}
