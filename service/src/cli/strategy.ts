import {
  bundledStrategies,
  checkStrategy,
  DEFAULT_STRATEGY_ID,
  eraOf,
  evaluationWords,
  formatItemNumber,
  numberingFormat,
  projectCategoryWords,
  strategyJsonSchema,
  walkNodes,
  type Strategy,
} from '#shared';
import { importKpisCommand } from './import-kpis';
import { formatProblems, resolveStrategy, strategyCliTexts } from './strategy-source';

/** What sousei understood of a definition: levels with their numbering, counts and the tree. */
export function describeStrategy(s: Strategy): string {
  const nodes = [...walkNodes(s.nodes)];
  const perLevel = s.levels.map((_, i) => nodes.filter((n) => n.depth === i).length);
  const count = (pick: (n: (typeof nodes)[number]['node']) => unknown[] | undefined) =>
    nodes.reduce((sum, n) => sum + (pick(n.node)?.length ?? 0), 0);
  const lines = [
    `施策体系 / strategy: ${s.title} (${s.id})`,
    `自治体 / municipality: ${s.municipality}`,
    `計画期間 / plan period: ${s.period.from}〜${s.period.to}年度 (${eraOf(s.period.from).short}〜${eraOf(s.period.to).short})`,
    `階層 / levels: ${s.levels.map((l, i) => `${l.name} ${formatItemNumber(l.numbering, 1) ?? ''} ${perLevel[i]} 件`).join(' > ')}`,
    `部署 / departments: ${s.departments.length}  主な事業 / projects: ${count((n) => n.projects)}  KPI: ${count((n) => n.kpis)}  数値目標 / goal targets: ${count((n) => n.numericTargets)}`,
    `評価の区分 / evaluation words: ${evaluationWords(s).join('、')}${s.evaluations ? '' : ' (既定 / default)'}`,
    `事業の区分 / project categories: ${projectCategoryWords(s).join('、')}${s.projectCategories ? '' : ' (既定 / default)'}`,
    '',
  ];
  for (const { node, depth } of nodes) {
    const level = s.levels[depth];
    // A node's number is the counter (`ア`); its level's style adds the brackets (`(ア)`).
    const f = level ? numberingFormat(level.numbering) : null;
    const printed = f ? `${f.prefix}${node.number}${f.suffix}` : node.number;
    const departments = node.departments.length > 0 ? ` [${node.departments.join('、')}]` : '';
    lines.push(`${'  '.repeat(depth)}${printed} ${node.title}${departments}`);
  }
  return `${lines.join('\n')}\n`;
}

/** `sousei strategy list|check|schema|import-kpis`. Exit 0 = usable (warnings allowed), 1 = errors in it, 2 = unreadable / usage. */
export function strategyCommand(
  args: string[],
  io: { out: (s: string) => void; err: (s: string) => void },
  maxBytes: number,
  fail: (message: string) => never,
): number {
  const [sub, ...rest] = args;
  if (sub === 'list') {
    if (rest.length > 0) fail(`不明な引数です / unexpected argument: ${rest.join(' ')}`);
    for (const s of bundledStrategies.values())
      io.out(
        `${s.id}${s.id === DEFAULT_STRATEGY_ID ? ' (既定 / default)' : ''}\t${s.title}\t${s.period.from}〜${s.period.to}\n`,
      );
    return 0;
  }
  if (sub === 'schema') {
    if (rest.length > 0) fail(`不明な引数です / unexpected argument: ${rest.join(' ')}`);
    io.out(`${JSON.stringify(strategyJsonSchema(), null, 2)}\n`);
    return 0;
  }
  if (sub === 'import-kpis') return importKpisCommand(rest, io, maxBytes, fail);
  if (sub !== 'check')
    fail(
      `strategy の後に list・check・schema・import-kpis のいずれかを指定してください / use "strategy list", "strategy check FILE", "strategy schema" or "strategy import-kpis KPI.xlsx --into DEF"`,
    );
  let format = 'text';
  const positionals: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]!;
    if (a === '--format') format = rest[++i] ?? '';
    else if (a.startsWith('--format=')) format = a.slice('--format='.length);
    else if (a.startsWith('--')) fail(`不明なオプションです / unknown option: ${a}`);
    else positionals.push(a);
  }
  if (format !== 'text' && format !== 'json')
    fail(`--format は text か json です / --format must be text or json (got ${format})`);
  if (positionals.length !== 1)
    fail('確認する施策体系のファイルか ID を 1 つ指定してください / give one strategy file or id');
  const spec = positionals[0]!;
  const resolved = resolveStrategy(spec, maxBytes);
  // Bundled definitions are not re-checked on every `validate`; `check` shows what their data says.
  const load =
    resolved.ok && bundledStrategies.has(spec)
      ? { ...resolved, warnings: checkStrategy(resolved.strategy).warnings }
      : resolved;
  const unreadable = !load.ok && load.errors.length === 1 && load.errors[0]!.path === spec;
  // JSON: the definition as loaded (defaults filled in, unknown fields gone) next to what was found in it.
  if (format === 'json')
    io.out(
      `${JSON.stringify(
        load.ok
          ? { strategy: load.strategy, warnings: load.warnings }
          : { errors: load.errors, warnings: load.warnings },
        null,
        2,
      )}\n`,
    );
  else if (load.ok) io.out(describeStrategy(load.strategy));
  io.err(formatProblems(load));
  if (load.ok && format === 'text') io.out(`${strategyCliTexts.ok.ja} / ${strategyCliTexts.ok.en}\n`);
  return load.ok ? 0 : unreadable ? 2 : 1;
}
