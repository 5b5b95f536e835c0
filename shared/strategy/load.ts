import { z } from 'zod';
import type { Bilingual } from '../messages';
import { nameKey } from '../normalize/text';
import { kpiOwnerNames } from './owners';
import { parseUnit } from '../normalize/units';
import { parsePeriod } from '../domain/periods';
import { parseTarget } from '../domain/targets';
import { numberingFormat, parseItemNumber } from './numbering';
import { StrategySchema, walkNodes, type KpiDefinition, type Strategy, type StrategyNode } from './schema';
import { strategyTexts } from './messages';

/**
 * Loading a strategy definition someone wrote (JSON) or imported (Excel): the schema first, then the
 * checks a schema cannot express (unique codes, depth, departments, 再掲 targets, parseable KPIs).
 * Problems are values; nothing throws.
 */

export interface StrategyProblem {
  /** Where in the definition: `nodes[0].children[2].kpis[1].unit`, or a node code. */
  path: string;
  message: Bilingual;
}

export type StrategyLoad =
  | { ok: true; strategy: Strategy; warnings: StrategyProblem[] }
  | { ok: false; errors: StrategyProblem[]; warnings: StrategyProblem[] };

/** Validates raw data (parsed JSON) as a strategy definition. */
export function loadStrategy(raw: unknown): StrategyLoad {
  const parsed = StrategySchema.safeParse(raw);
  if (!parsed.success) {
    // The same issues once more with zod's Japanese texts, for the Japanese half of each message.
    const ja = StrategySchema.safeParse(raw, { error: z.locales.ja().localeError });
    const jaIssues = ja.success ? [] : ja.error.issues;
    return {
      ok: false,
      warnings: [],
      errors: parsed.error.issues.map((issue, i) => ({
        path: issue.path
          .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
          .join('')
          .replace(/^\./, ''),
        message: strategyTexts.schema(jaIssues[i]?.message ?? issue.message, issue.message),
      })),
    };
  }
  const { errors, warnings } = checkStrategy(parsed.data);
  return errors.length > 0 ? { ok: false, errors, warnings } : { ok: true, strategy: parsed.data, warnings };
}

/** Parses JSON text and loads it; a syntax error is a problem like any other. */
export function loadStrategyJson(text: string): StrategyLoad {
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return {
      ok: false,
      warnings: [],
      errors: [
        { path: '', message: strategyTexts.badJson(error instanceof Error ? error.message : String(error)) },
      ],
    };
  }
  return loadStrategy(raw);
}

/** The checks a schema cannot express. Errors make the definition unusable; warnings do not. */
export function checkStrategy(strategy: Strategy): {
  errors: StrategyProblem[];
  warnings: StrategyProblem[];
} {
  const errors: StrategyProblem[] = [];
  const warnings: StrategyProblem[] = [];
  const departments = new Set(strategy.departments.map(nameKey));
  const codes = new Set<string>();
  const all: StrategyNode[] = [];

  if (strategy.period.to < strategy.period.from)
    errors.push({
      path: 'period',
      message: strategyTexts.periodReversed(strategy.period.from, strategy.period.to),
    });

  if (strategy.evaluations !== undefined) {
    if (strategy.schemaVersion < 2)
      warnings.push({ path: 'evaluations', message: strategyTexts.evaluationsNeedVersion2 });
    const seen = new Set<string>();
    for (const word of strategy.evaluations) {
      if (seen.has(nameKey(word)))
        warnings.push({ path: 'evaluations', message: strategyTexts.duplicateEvaluation(word) });
      seen.add(nameKey(word));
    }
  }

  for (const { node, depth } of walkNodes(strategy.nodes)) {
    all.push(node);
    if (codes.has(node.code))
      errors.push({ path: node.code, message: strategyTexts.duplicateCode(node.code) });
    codes.add(node.code);
    const level = strategy.levels[depth];
    if (!level) {
      errors.push({ path: node.code, message: strategyTexts.tooDeep(node.code, strategy.levels.length) });
      continue;
    }
    const f = numberingFormat(level.numbering);
    // A node's number is the counter as printed (`ア` of `(ア)`); the brackets belong to the level style.
    if (parseItemNumber({ ...f, prefix: '', suffix: '' }, node.number) === null)
      warnings.push({ path: node.code, message: strategyTexts.numberStyle(node.number, level.name) });
    for (const d of node.departments)
      if (!departments.has(nameKey(d)))
        warnings.push({ path: node.code, message: strategyTexts.unknownDepartment(d) });
    for (const p of node.projects ?? [])
      for (const d of p.departments)
        if (!departments.has(nameKey(d)))
          warnings.push({ path: `${node.code} ${p.name}`, message: strategyTexts.unknownDepartment(d) });
    for (const k of [...(node.kpis ?? []), ...(node.numericTargets ?? [])])
      warnings.push(...checkKpi(node.code, k, departments));
  }
  for (const node of all)
    if (node.restatementOf !== undefined && !codes.has(node.restatementOf))
      errors.push({ path: node.code, message: strategyTexts.missingRestatement(node.restatementOf) });
  return { errors, warnings };
}

function checkKpi(code: string, k: KpiDefinition, departments: Set<string>): StrategyProblem[] {
  const out: StrategyProblem[] = [];
  const path = `${code} ${k.name}`;
  for (const owner of kpiOwnerNames(k))
    if (!departments.has(nameKey(owner))) out.push({ path, message: strategyTexts.unknownDepartment(owner) });
  if (parseUnit(k.unit).kind === 'unknown') out.push({ path, message: strategyTexts.unknownUnit(k.unit) });
  for (const v of [k.baseline, k.target]) {
    if (!v) continue;
    const period = parsePeriod(v.period);
    if (period.kind === 'invalid') out.push({ path, message: strategyTexts.badPeriod(v.period) });
  }
  if (k.target && k.target.value !== null && parseTarget(k.target.value).kind === 'unparsed')
    out.push({ path, message: strategyTexts.badTarget(String(k.target.value)) });
  return out;
}
