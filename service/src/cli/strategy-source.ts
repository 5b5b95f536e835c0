import fs from 'node:fs';
import path from 'node:path';
import {
  bundledStrategies,
  DEFAULT_STRATEGY_ID,
  importStrategyFromWorkbook,
  loadStrategyJson,
  type Bilingual,
  type StrategyLoad,
  type StrategyProblem,
  readWorkbook,
} from '#shared';

/**
 * `--strategy FILE|id` and `sousei strategy list|check`: a bundled definition by id, or a JSON or
 * .xlsx file another municipality brings. Nothing here knows a municipality.
 */

export const strategyCliTexts = {
  notFound: (spec: string): Bilingual => ({
    ja: `施策体系「${spec}」が見つかりません。同梱の ID(${[...bundledStrategies.keys()].join('、')})か、JSON / .xlsx ファイルのパスを指定してください。`,
    en: `Strategy "${spec}" not found: give a bundled id (${[...bundledStrategies.keys()].join(', ')}) or a JSON / .xlsx file.`,
  }),
  unsupported: (file: string): Bilingual => ({
    ja: `「${file}」は施策体系として読めません。拡張子 .json か .xlsx のファイルを指定してください。`,
    en: `"${file}" is not a strategy file: use a .json or .xlsx file.`,
  }),
  invalid: {
    ja: '施策体系の定義にエラーがあります。',
    en: 'The strategy definition has errors.',
  } satisfies Bilingual,
  ok: {
    ja: '✔ 施策体系の定義にエラーはありません',
    en: 'no errors in the strategy definition',
  } satisfies Bilingual,
};

/** Reads a strategy by bundled id or file path. Problems come back as values. */
export function resolveStrategy(spec: string | undefined, maxBytes: number): StrategyLoad {
  const id = spec ?? DEFAULT_STRATEGY_ID;
  const bundled = bundledStrategies.get(id);
  if (bundled) return { ok: true, strategy: bundled, warnings: [] };
  const problem = (message: Bilingual): StrategyLoad => ({
    ok: false,
    warnings: [],
    errors: [{ path: id, message }],
  });
  let bytes: Buffer;
  try {
    if (!fs.statSync(id).isFile()) return problem(strategyCliTexts.notFound(id));
    bytes = fs.readFileSync(id);
  } catch {
    return problem(strategyCliTexts.notFound(id));
  }
  const ext = path.extname(id).toLowerCase();
  if (ext === '.json') return loadStrategyJson(bytes.toString('utf8'));
  if (ext === '.xlsx') {
    const read = readWorkbook(new Uint8Array(bytes), { maxBytes });
    if (!read.ok) return problem(read.problem.message);
    return importStrategyFromWorkbook(read.snapshot);
  }
  return problem(strategyCliTexts.unsupported(id));
}

const problemLine = (p: StrategyProblem) =>
  `  ${p.path ? `${p.path}: ` : ''}${p.message.ja}\n    ${p.message.en}`;

/** Problems as printed on stderr by `validate --strategy` and `strategy check`. */
export function formatProblems(load: StrategyLoad): string {
  const lines: string[] = [];
  if (!load.ok)
    lines.push(
      `${strategyCliTexts.invalid.ja} / ${strategyCliTexts.invalid.en}`,
      ...load.errors.map(problemLine),
    );
  if (load.warnings.length > 0) lines.push('警告 / warnings:', ...load.warnings.map(problemLine));
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
