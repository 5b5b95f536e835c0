import { z } from 'zod';
import type { Bilingual } from '../messages';
import { nameKey } from '../normalize/text';
import { kpiOwnerNames } from './owners';
import { parseUnit } from '../normalize/units';
import { parsePeriod, periodEndYear, periodYears } from '../domain/periods';
import { parseTarget, targetDirectionConflict, type TargetExpression } from '../domain/targets';
import { numberingFormat, parseItemNumber } from './numbering';
import {
  projectCategoryWords,
  StrategySchema,
  walkNodes,
  type KpiDefinition,
  type Strategy,
  type StrategyNode,
} from './schema';
import { strategyTexts } from './messages';

/**
 * Loading a strategy definition someone wrote (JSON) or imported (Excel): the schema first, then the
 * checks a schema cannot express (unique codes, depth, departments, 再掲 targets, parseable KPIs).
 * Problems are values; nothing throws. Fields the format does not know are warned about, not dropped
 * in silence (zod strips them).
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
  const { errors, warnings: checked } = checkStrategy(parsed.data);
  const warnings = [...unknownFields(raw, parsed.data), ...checked];
  return errors.length > 0 ? { ok: false, errors, warnings } : { ok: true, strategy: parsed.data, warnings };
}

/**
 * Keys of the raw data that the parsed definition lacks: the schema stripped them, so the format does
 * not know them (`nodes[3].projects[0].区分`). Walks the raw and parsed data side by side.
 */
function unknownFields(raw: unknown, parsed: unknown, path = ''): StrategyProblem[] {
  if (Array.isArray(raw) && Array.isArray(parsed))
    return raw.flatMap((item, i) => unknownFields(item, parsed[i], `${path}[${i}]`));
  if (!isRecord(raw) || !isRecord(parsed)) return [];
  return Object.entries(raw).flatMap(([key, value]) => {
    const at = path === '' ? key : `${path}.${key}`;
    if (Object.prototype.hasOwnProperty.call(parsed, key)) return unknownFields(value, parsed[key], at);
    return value === undefined ? [] : [{ path: at, message: strategyTexts.unknownField(key) }];
  });
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

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

  if (strategy.schemaVersion < 3 && strategy.projectCategories !== undefined)
    warnings.push({ path: 'projectCategories', message: strategyTexts.needsVersion3('projectCategories') });
  const categories = projectCategoryWords(strategy);
  const categoryKeys = new Set(categories.map(nameKey));
  if (categoryKeys.size < categories.length)
    for (const [i, word] of categories.entries())
      if (categories.findIndex((w) => nameKey(w) === nameKey(word)) < i)
        warnings.push({ path: 'projectCategories', message: strategyTexts.duplicateCategory(word) });

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
    for (const p of node.projects ?? []) {
      const path = `${node.code} ${p.name}`;
      for (const d of p.departments)
        if (!departments.has(nameKey(d)))
          warnings.push({ path, message: strategyTexts.unknownDepartment(d) });
      for (const field of ['category', 'description', 'implementer'] as const)
        if (strategy.schemaVersion < 3 && p[field] !== undefined)
          warnings.push({ path, message: strategyTexts.needsVersion3(field) });
      if (p.category !== undefined && !categoryKeys.has(nameKey(p.category)))
        warnings.push({ path, message: strategyTexts.unknownCategory(p.category, categories) });
    }
    for (const k of [...(node.kpis ?? []), ...(node.numericTargets ?? [])])
      warnings.push(...checkKpi(node.code, k, departments, strategy.period));
  }
  for (const node of all)
    if (node.restatementOf !== undefined && !codes.has(node.restatementOf))
      errors.push({ path: node.code, message: strategyTexts.missingRestatement(node.restatementOf) });
  return { errors, warnings };
}

function checkKpi(
  code: string,
  k: KpiDefinition,
  departments: Set<string>,
  plan: Strategy['period'],
): StrategyProblem[] {
  const out: StrategyProblem[] = [];
  const path = `${code} ${k.name}`;
  for (const owner of kpiOwnerNames(k))
    if (!departments.has(nameKey(owner))) out.push({ path, message: strategyTexts.unknownDepartment(owner) });
  if (parseUnit(k.unit).kind === 'unknown') out.push({ path, message: strategyTexts.unknownUnit(k.unit) });
  const baseline = k.baseline ? parsePeriod(k.baseline.period) : null;
  const target = k.target ? parsePeriod(k.target.period) : null;
  for (const [v, period] of [
    [k.baseline, baseline],
    [k.target, target],
  ] as const)
    if (v && period?.kind === 'invalid') out.push({ path, message: strategyTexts.badPeriod(v.period) });

  // A baseline before the plan is the rule (the year the plan was written); after it, or any target
  // outside it, is a transcription slip or a plan that was extended without saying so.
  const targetYears = target ? periodYears(target) : null;
  if (k.target && targetYears && (targetYears.from < plan.from || targetYears.to > plan.to))
    out.push({ path, message: strategyTexts.targetOutsidePlan(k.target.period, plan.from, plan.to) });
  const baselineEnd = baseline ? periodEndYear(baseline) : null;
  if (k.baseline && baselineEnd !== null && baselineEnd > plan.to)
    out.push({ path, message: strategyTexts.baselineAfterPlan(k.baseline.period, plan.to) });
  const targetEnd = target ? periodEndYear(target) : null;
  if (k.baseline && k.target && baselineEnd !== null && targetEnd !== null && baselineEnd > targetEnd)
    out.push({ path, message: strategyTexts.baselineAfterTarget(k.baseline.period, k.target.period) });

  if (k.target && k.target.value !== null) {
    const expr = parseTarget(k.target.value);
    if (expr.kind === 'unparsed')
      out.push({ path, message: strategyTexts.badTarget(String(k.target.value)) });
    else {
      if (unitMismatch(k.unit, expr))
        out.push({ path, message: strategyTexts.unitMismatch(k.unit, String(k.target.value)) });
      if (targetDirectionConflict(expr, k.direction))
        out.push({ path, message: strategyTexts.directionConflict(String(k.target.value), k.direction) });
    }
  }
  return out;
}

const RATIO_UNITS = new Set(['%', '‰', 'ポイント']);

/**
 * A target written in a unit of another kind than the KPI's (`1.49%` for a KPI counted in 人). Only units
 * of different dimensions count: a rate of change (`25%増`) fits any KPI, zero fits any unit (`ゼロ名維持`
 * in 人), points fit only rates, and a KPI without a unit or with an unknown one is not second-guessed.
 */
function unitMismatch(kpiUnit: string, expr: TargetExpression): boolean {
  const kpi = parseUnit(kpiUnit);
  if (kpi.kind !== 'unit') return false;
  const written: string[] = [];
  if (expr.unit !== null && expr.value !== 0 && !(expr.kind === 'change' && expr.unit === '%'))
    written.push(expr.unit);
  if (expr.change?.unit) written.push(expr.change.unit);
  return written.some((unit) => {
    if (unit === 'ポイント') return !RATIO_UNITS.has(kpi.unit.canonical);
    const target = parseUnit(unit);
    return target.kind === 'unit' && target.unit.dimension !== kpi.unit.dimension;
  });
}
