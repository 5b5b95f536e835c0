import { japaneseNumber, readQuantity, type Quantity } from '../normalize/number';
import { normalizeNumeric } from '../normalize/text';
import { parseUnit, unitFactor } from '../normalize/units';
import { parsePeriod, periodEndYear, periodYears, type Period } from './periods';

/**
 * Target expressions (指標値) as plans write them, parsed to one shape of a given `kind`; nothing throws.
 *
 * - level       `120,000`, `ゼロ`, `ゼロ達成`, `15カ所`, `男女50人`, `各3回`: a level to reach
 * - change      `25%増(対H25年比)`, `5年で50人増加`, `0.4ポイント低下`, plan style `5年で2.1とし0.3ポイント向上`
 *               (the level reached by the change is kept in `level`)
 * - cumulative  `累計500件`, `延べ…` / `総額…` over a span, `5年で40社`, `計画期間中に12事業者`, or a level whose
 *               period is a 累計 (`H27-31年度累計` + `2,000`, applied by `applyTargetPeriod`)
 * - annual      `年間120件`, `毎年度8回`, `30件/年`, or a level whose period is `…の各年`
 * - bound       `0.2%未満`, `70%以上`, a floor `800人減少を抑制し9,200人確保`
 * - maintain    `4万人以上の維持`, `ゼロ名維持`, `90%を維持`, `現行体制を維持`
 * - qualitative `患者満足度を高める`, `看護師の維持又は増加`: a direction without a number, classified on purpose
 * - reference `基準年`, none `-`, unknown `…`, empty, and unparsed (a form not read; `reason` says why):
 *   an unread form is never taken for another.
 *
 * `span` says over which years a cumulative, annual or change target is set: a number of years (`5年で…`),
 * fiscal years (from the target's period), or `plan-period` (`計画期間中に…`), which a caller holding the
 * strategy's period resolves with `resolveSpan`.
 */

export type TargetKind =
  | 'level' // a level to reach
  | 'change' // a change against a base (rate, amount or points)
  | 'cumulative' // a total over the span's years
  | 'annual' // a level every year of the span
  | 'bound' // 以上 / 以下 / 未満 / 超, or a floor (…確保)
  | 'maintain' // keep a level (given or current)
  | 'qualitative' // a direction without a number, classified on purpose
  | 'reference' // `基準年`: this row is the base the others are measured against
  | 'none' // `-`
  | 'unknown' // `…`
  | 'empty'
  | 'unparsed'; // a form sousei-sync cannot read; `reason` is set

export type TargetOperator = 'eq' | 'gte' | 'gt' | 'lte' | 'lt' | 'increase' | 'decrease' | 'maintain';

export type Direction = 'up' | 'down' | 'maintain';

export type TargetBase =
  /** `(対H25年比)`, `(H26年度末対比)`. */
  | { kind: 'period'; text: string; period: Period }
  /** `現状…を維持`, `現行体制を維持`: the current level. */
  | { kind: 'current'; text: string }
  /** Nothing written: the KPI's 現状値 (baseline) is the base. */
  | { kind: 'baseline' };

/**
 * The years a target is set over: a length (`5年で…`, `2年間累計`) with the fiscal years once a period
 * names them, or the plan period (`計画期間中に…`), resolved by the caller with the strategy's period.
 */
export type TargetSpan =
  { kind: 'years'; years: number | null; from: number | null; to: number | null } | { kind: 'plan-period' };

export type TargetProblem = 'unrecognized' | 'unknown-unit' | 'bad-base-period';

export interface TargetExpression {
  text: string;
  kind: TargetKind;
  operator: TargetOperator | null;
  /** Number as written (`25` of `25%増`, `4` of `4万人以上`, the change of a change target). */
  value: number | null;
  /** Unit as written, canonical (`%`, `万人`, `ポイント`, `箇所`), or null when none is written. */
  unit: string | null;
  /** The value in the base unit (`40000` 人 for `4万人`). */
  quantity: Quantity | null;
  base: TargetBase | null;
  span: TargetSpan | null;
  /** `5年で…`: the years the target is set over (the span's length; kept for older callers). */
  horizonYears: number | null;
  /** Plan style `1.49とし0.12ポイント向上`: the change stated next to the level. */
  change: { operator: 'increase' | 'decrease'; value: number; unit: string | null } | null;
  /** Plan style: the level the change reaches (`1.49` of `1.49とし0.12ポイント向上`). */
  level: Quantity | null;
  /** Words that qualify the number as written: `延べ`, `累計`, `総額`, `年間`, `毎年度`, `男女`, `各`. */
  qualifiers: string[];
  /** What the wording itself says about the good direction (増 → up, 縮小 → down, 維持 → maintain). */
  direction: Direction | null;
  /** What a number-less target is about: `患者満足度`, `輸送規模`, `体制`, `看護師`. */
  subject: string | null;
  reason: TargetProblem | null;
}

const blank = (text: string, kind: TargetKind): TargetExpression => ({
  text,
  kind,
  operator: null,
  value: null,
  unit: null,
  quantity: null,
  base: null,
  span: null,
  horizonYears: null,
  change: null,
  level: null,
  qualifiers: [],
  direction: null,
  subject: null,
  reason: null,
});

const INCREASE = '増|増加|向上|上昇|拡大|アップ';
const DECREASE = '減|減少|縮小|削減|低下|抑制|ダウン';
const CHANGE = new RegExp(`^(.+?)の?(${INCREASE}|${DECREASE})(?:を目指す|させる|する)?$`);
const BOUND = /^(.+?)(以上|以下|未満|超過|超)(?:を目指す|とする|を確保|の確保)?$/;
const BOUND_OP: Record<string, TargetOperator> = {
  以上: 'gte',
  以下: 'lte',
  未満: 'lt',
  超: 'gt',
  超過: 'gt',
};
const MAINTAIN_LEVEL = /^(.+?)(以上)?[をの]?維持(?:を目指す|する)?$/;
const MAINTAIN_CURRENT = /^(現状|現行|現在)(の)?(.*?)(を|の)?維持(?:を目指す|する)?$/;
const HORIZON = /^(\d{1,2})(?:年間|年|カ年|か年|ヵ年|ケ年)で(.+)$/;
const PLAN_PERIOD = /^計画期間(?:中|内)?(?:に|で)(?:は)?(.+)$/;
const PLAN = /^(.+?)とし(.+)$/;
/** `800人減少を抑制し9,200人確保`: a floor below the baseline, the loss it allows stated first. */
const FLOOR = new RegExp(`^(.+?)の?(?:${DECREASE})を?(?:抑制|抑え)し?て?(.+?)を?確保(?:する)?$`);
const SECURE = /^(.+?)を?確保(?:する)?$/;
/** Leading words that qualify the number; `年間` only when no length precedes it (`5年間で` is a span). */
const QUALIFIER = /^(延べ|延|累計|総額|総計|年間|毎年度|毎年|男女計|男女とも|男女|各)(.+)$/;
const PER_YEAR = /^(.+?)\/年度?$/;
const ACHIEVE = /^(.+?)(?:を達成|の達成|達成)(?:を目指す|する)?$/;
const AIM = /^(.+?)(?:を目指す|を目標とする|とする)$/;
const UP_WORDS = /(高める|上げる|向上させる|増やす|伸ばす|改善する|充実させる|強化する|拡充する)$/;
const DOWN_WORDS = /(下げる|減らす|抑える|低減する|抑制する)$/;
const NOT_DOWN = /^(.+?)の?(維持又は増加|維持または増加|維持又は向上|維持または向上|維持・向上|維持・増加)$/;

const CUMULATIVE_WORDS = new Set(['延べ', '延', '累計', '総額', '総計']);
const ANNUAL_WORDS = new Set(['年間', '毎年度', '毎年']);

const quantityOf = (s: string): Quantity | null => {
  const q = readQuantity(s.replace(/^ゼロ/, '0'));
  return q.kind === 'quantity' ? q : null;
};

const withQuantity = (e: TargetExpression, q: Quantity): TargetExpression => ({
  ...e,
  value: q.value,
  unit: q.unit,
  quantity: q,
});

/** A ratio-like unit (%, ポイント, 倍): a level in it is a rate, never a total over years. */
const isRatio = (unit: string | null) => {
  const reading = unit === null ? null : parseUnit(unit);
  return reading?.kind === 'unit' && reading.unit.dimension === 'ratio';
};

/** Splits a written base reference off the end: `25%増(対H25年比)` → `25%増` + H25年. */
function splitBase(s: string): { body: string; base: TargetBase | null; bad: boolean } {
  const paren = /^(.+?)\((.+)\)$/.exec(s);
  const candidate = paren ? paren[2]! : null;
  const inner = candidate ?? /^(.+?)(対.+比)$/.exec(s)?.[2] ?? null;
  if (inner === null) return { body: s, base: null, bad: false };
  const m = /^対?(.+?)(?:対比|比較|比)$/.exec(inner);
  if (!m) return { body: s, base: null, bad: false };
  const body = paren ? paren[1]! : s.slice(0, s.length - inner.length);
  if (/^(現状値?|基準値?|基準年度?|現在)$/.test(m[1]!))
    return { body, base: { kind: 'baseline' }, bad: false };
  const period = parsePeriod(m[1]);
  if (period.kind === 'invalid' || period.kind === 'empty' || period.kind === 'none')
    return { body, base: null, bad: true };
  return { body, base: { kind: 'period', text: inner, period }, bad: false };
}

const unparsed = (text: string, s: string): TargetExpression => ({
  ...blank(text, 'unparsed'),
  reason: /\d/.test(s) && /^[\d.,△▲-]/.test(s) ? 'unknown-unit' : 'unrecognized',
});

/** Gives a level the kind its qualifiers and span call for: a total over years, a level every year. */
function qualified(e: TargetExpression): TargetExpression {
  if (e.kind !== 'level') return e;
  if (e.qualifiers.some((q) => ANNUAL_WORDS.has(q))) return { ...e, kind: 'annual' };
  const total = e.qualifiers.some((q) => q !== '延べ' && q !== '延' && CUMULATIVE_WORDS.has(q));
  // `延べ500人` alone counts visits in one year; over a span (`5年で延べ…`) it is a total.
  if (total || (e.span !== null && !isRatio(e.unit))) return { ...e, kind: 'cumulative' };
  return e;
}

function parseBody(text: string, s: string): TargetExpression {
  const e = blank(text, 'unparsed');
  const q = quantityOf(s);
  if (q) return withQuantity({ ...e, kind: 'level', operator: 'eq' }, q);

  const horizon = HORIZON.exec(s);
  if (horizon) {
    const inner = parseBody(text, horizon[2]!);
    const years = Number(horizon[1]);
    if (inner.kind === 'unparsed') return inner;
    return qualified({ ...inner, span: { kind: 'years', years, from: null, to: null }, horizonYears: years });
  }
  const planPeriod = PLAN_PERIOD.exec(s);
  if (planPeriod) {
    const inner = parseBody(text, planPeriod[1]!);
    return inner.kind === 'unparsed' ? inner : qualified({ ...inner, span: { kind: 'plan-period' } });
  }
  const perYear = PER_YEAR.exec(s);
  if (perYear) {
    const inner = parseBody(text, perYear[1]!);
    return inner.kind === 'level'
      ? { ...inner, kind: 'annual', qualifiers: [...inner.qualifiers, '/年'] }
      : unparsed(text, s);
  }
  const qualifier = QUALIFIER.exec(s);
  if (qualifier) {
    const inner = parseBody(text, qualifier[2]!);
    if (inner.kind === 'unparsed') return inner;
    return qualified({ ...inner, qualifiers: [qualifier[1]!, ...inner.qualifiers] });
  }

  const plan = PLAN.exec(s);
  if (plan) {
    const level = quantityOf(plan[1]!);
    const change = parseBody(text, plan[2]!);
    if (level && change.kind === 'change' && change.value !== null)
      return {
        ...change,
        level,
        change: {
          operator: change.operator === 'decrease' ? 'decrease' : 'increase',
          value: change.value,
          unit: change.unit,
        },
      };
    return { ...e, reason: 'unrecognized' };
  }

  const floor = FLOOR.exec(s);
  if (floor) {
    const loss = quantityOf(floor[1]!);
    const kept = quantityOf(floor[2]!);
    if (loss && kept)
      return withQuantity(
        {
          ...e,
          kind: 'bound',
          operator: 'gte',
          change: { operator: 'decrease', value: loss.value, unit: loss.unit },
        },
        kept,
      );
  }

  const current = MAINTAIN_CURRENT.exec(s);
  if (current)
    return {
      ...e,
      kind: 'maintain',
      operator: 'maintain',
      base: { kind: 'current', text: current[1]! },
      direction: 'maintain',
      subject: current[3] || null,
    };

  const notDown = NOT_DOWN.exec(s);
  if (notDown) return { ...e, kind: 'qualitative', direction: 'up', operator: 'gte', subject: notDown[1]! };

  const maintain = MAINTAIN_LEVEL.exec(s);
  if (maintain) {
    const level = quantityOf(maintain[1]!);
    if (level) {
      // `4万人以上の維持` keeps at least the level; `ゼロ名維持` keeps exactly it (0 cannot be undercut).
      const operator: TargetOperator = maintain[2] ? 'gte' : level.value === 0 ? 'lte' : 'gte';
      return withQuantity({ ...e, kind: 'maintain', operator, direction: 'maintain' }, level);
    }
  }

  const bound = BOUND.exec(s);
  if (bound) {
    const level = quantityOf(bound[1]!);
    if (level) return withQuantity({ ...e, kind: 'bound', operator: BOUND_OP[bound[2]!]! }, level);
  }

  const change = CHANGE.exec(s);
  if (change) {
    const amount = quantityOf(change[1]!);
    const up = new RegExp(`^(${INCREASE})$`).test(change[2]!);
    if (amount)
      return withQuantity(
        {
          ...e,
          kind: 'change',
          operator: up ? 'increase' : 'decrease',
          direction: up ? 'up' : 'down',
          base: { kind: 'baseline' },
        },
        amount,
      );
  }

  const secure = SECURE.exec(s);
  if (secure) {
    const level = quantityOf(secure[1]!);
    if (level) return withQuantity({ ...e, kind: 'bound', operator: 'gte' }, level);
  }

  // `ゼロ達成`, `100%を目指す`: the level itself.
  const achieve = ACHIEVE.exec(s) ?? AIM.exec(s);
  if (achieve) {
    const level = quantityOf(achieve[1]!);
    if (level) return withQuantity({ ...e, kind: 'level', operator: 'eq' }, level);
  }

  if (/^基準(年度?|値)?$/.test(s)) return { ...e, kind: 'reference' };

  const upWord = UP_WORDS.exec(s);
  if (upWord && !/\d/.test(s))
    return {
      ...e,
      kind: 'qualitative',
      direction: 'up',
      subject: s.slice(0, upWord.index).replace(/を$/, '') || null,
    };
  const downWord = DOWN_WORDS.exec(s);
  if (downWord && !/\d/.test(s))
    return {
      ...e,
      kind: 'qualitative',
      direction: 'down',
      subject: s.slice(0, downWord.index).replace(/を$/, '') || null,
    };

  return unparsed(text, s);
}

/**
 * Parses a target cell (指標値). `numberFormat` lets a 0.853 cell formatted `0.0%` read as 85.3 %.
 * `period`, the target's 年・年度 when known, gives the kind its period implies (`H27-31年度累計` makes a
 * level a cumulative target) and the span's fiscal years: see `applyTargetPeriod`.
 */
export function parseTarget(
  input: string | number | boolean | null | undefined,
  numberFormat?: string | null,
  period?: Period | string | null,
): TargetExpression {
  const parsed = parseTargetText(input, numberFormat);
  return period === undefined || period === null ? parsed : applyTargetPeriod(parsed, period);
}

function parseTargetText(
  input: string | number | boolean | null | undefined,
  numberFormat?: string | null,
): TargetExpression {
  const text = input === null || input === undefined ? '' : String(input);
  if (typeof input === 'number') {
    const q = readQuantity(input, numberFormat);
    return q.kind === 'quantity'
      ? withQuantity({ ...blank(text, 'level'), operator: 'eq' }, q)
      : { ...blank(text, 'unparsed'), reason: 'unrecognized' };
  }
  const s = normalizeNumeric(text).replace(/\s+/g, '');
  if (s === '') return blank(text, 'empty');
  if (s === '-') return blank(text, 'none');
  if (s === '...' || s === '…') return blank(text, 'unknown');
  const { body, base, bad } = splitBase(s);
  if (bad) return { ...blank(text, 'unparsed'), reason: 'bad-base-period' };
  const parsed = parseBody(text, body);
  if (!base || parsed.kind === 'unparsed') return parsed;
  return { ...parsed, base };
}

/**
 * What the target's period (年・年度 of the 指標値 row) adds: a 累計 period (`H27-31年度累計`, `2年間累計`)
 * makes a level cumulative, an each-year period (`H27-31の各年`) makes it annual, and a period's fiscal
 * years fill the span (`5年で…` by `R11年度` → R7–R11). A single year ending an open span
 * (`累計500件` by `R11年度`) leaves the start to the plan period.
 */
export function applyTargetPeriod(expr: TargetExpression, input: Period | string): TargetExpression {
  const period = typeof input === 'string' ? parsePeriod(input) : input;
  const years = periodYears(period);
  const end = periodEndYear(period);
  const spanFrom = (length: number | null, from: number | null, to: number | null): TargetSpan => ({
    kind: 'years',
    years: length ?? (from !== null && to !== null ? to - from + 1 : null),
    from: from ?? (length !== null && to !== null ? to - length + 1 : null),
    to,
  });
  if (period.kind === 'cumulative' && (expr.kind === 'level' || expr.kind === 'cumulative'))
    return {
      ...expr,
      kind: 'cumulative',
      span: spanFrom(period.years, period.from?.fiscalYear ?? null, period.to?.fiscalYear ?? null),
    };
  if (period.kind === 'each-year' && (expr.kind === 'level' || expr.kind === 'annual'))
    return { ...expr, kind: 'annual', span: spanFrom(null, years!.from, years!.to) };
  if (
    expr.kind === 'level' &&
    period.kind === 'range' &&
    period.aggregate === 'span' &&
    expr.qualifiers.some((q) => q === '延べ' || q === '延')
  )
    return { ...expr, kind: 'cumulative', span: spanFrom(null, years!.from, years!.to) };
  if (expr.span?.kind === 'years' && end !== null)
    return {
      ...expr,
      span: spanFrom(expr.span.years, years && period.kind !== 'point' ? years.from : null, end),
    };
  if (expr.span === null && (expr.kind === 'cumulative' || expr.kind === 'annual') && years !== null)
    return {
      ...expr,
      span: period.kind === 'point' ? spanFrom(null, null, end) : spanFrom(null, years.from, years.to),
    };
  return expr;
}

/**
 * The fiscal years of a span, with the strategy's plan period for `計画期間中に…` and for a span that
 * has only its end (`累計500件` by `R11年度` → from the plan's first year). Null when not known.
 */
export function resolveSpan(
  span: TargetSpan | null,
  planPeriod?: { from: number; to: number } | null,
): { from: number; to: number; years: number } | null {
  if (span === null) return null;
  if (span.kind === 'plan-period')
    return planPeriod ? { ...planPeriod, years: planPeriod.to - planPeriod.from + 1 } : null;
  const to = span.to;
  const from = span.from ?? (span.years === null && planPeriod && to !== null ? planPeriod.from : null);
  if (from === null || to === null || to < from) return null;
  return { from, to, years: to - from + 1 };
}

/** A target made numeric against a KPI's unit and baseline, with the arithmetic written out. */
export type ResolvedTarget =
  | {
      kind: 'numeric';
      /** The actual value meets the target when `actual <comparison> value`. */
      comparison: 'gte' | 'gt' | 'lte' | 'lt';
      value: number;
      unit: string | null;
      formula: string;
    }
  | { kind: 'unresolved'; reason: 'no-number' | 'no-baseline' | 'unit-mismatch' };

export interface TargetContext {
  /** The KPI's unit (単位 column). */
  unit: string | null;
  /** The base value (現状値, or the value of the period the target names). */
  baseline: number | null;
  /** The KPI's good direction; up when not known. */
  direction?: Direction;
}

const fmt = japaneseNumber(6);
const tidy = (n: number) => Number(n.toPrecision(12));

/** Converts the expression's quantity into the KPI's unit (`4万人` → 40000 when the KPI counts 人). */
function inKpiUnit(q: Quantity, kpiUnit: string | null): number | null {
  if (q.unit === null || kpiUnit === null) return q.value;
  const f = unitFactor(q.unit, kpiUnit);
  return f === null ? null : tidy(q.value * f);
}

/** Computes the numeric target: the level to reach and which side of it is good. */
export function resolveTarget(expr: TargetExpression, ctx: TargetContext): ResolvedTarget {
  const direction = ctx.direction ?? expr.direction ?? 'up';
  const reach: 'gte' | 'lte' = direction === 'down' ? 'lte' : 'gte';
  const unit = ctx.unit;
  switch (expr.kind) {
    case 'level':
    case 'cumulative':
    case 'annual':
    case 'bound': {
      if (!expr.quantity) return { kind: 'unresolved', reason: 'no-number' };
      const value = inKpiUnit(expr.quantity, unit);
      if (value === null) return { kind: 'unresolved', reason: 'unit-mismatch' };
      const comparison = expr.kind === 'bound' ? (expr.operator as 'gte' | 'gt' | 'lte' | 'lt') : reach;
      return { kind: 'numeric', comparison, value, unit, formula: `${expr.text.trim()} → ${fmt(value)}` };
    }
    case 'maintain': {
      if (expr.quantity) {
        const value = inKpiUnit(expr.quantity, unit);
        if (value === null) return { kind: 'unresolved', reason: 'unit-mismatch' };
        const comparison = expr.operator === 'lte' ? 'lte' : 'gte';
        return { kind: 'numeric', comparison, value, unit, formula: `${expr.text.trim()} → ${fmt(value)}` };
      }
      if (ctx.baseline === null) return { kind: 'unresolved', reason: 'no-baseline' };
      return {
        kind: 'numeric',
        comparison: reach,
        value: ctx.baseline,
        unit,
        formula: `現状値 ${fmt(ctx.baseline)} を維持 / keep the baseline ${fmt(ctx.baseline)}`,
      };
    }
    case 'change': {
      if (!expr.quantity || expr.value === null) return { kind: 'unresolved', reason: 'no-number' };
      // Plan style `1.49とし0.12ポイント向上`: the level is written; the change restates it.
      if (expr.level) {
        const value = inKpiUnit(expr.level, unit);
        if (value === null) return { kind: 'unresolved', reason: 'unit-mismatch' };
        const comparison = expr.operator === 'decrease' ? 'lte' : 'gte';
        return { kind: 'numeric', comparison, value, unit, formula: `${expr.text.trim()} → ${fmt(value)}` };
      }
      if (ctx.baseline === null) return { kind: 'unresolved', reason: 'no-baseline' };
      const sign = expr.operator === 'decrease' ? -1 : 1;
      const comparison = sign > 0 ? 'gte' : 'lte';
      if (expr.unit === '%') {
        const value = tidy(ctx.baseline * (1 + (sign * expr.value) / 100));
        return {
          kind: 'numeric',
          comparison,
          value,
          unit,
          formula: `${fmt(ctx.baseline)} × (1 ${sign > 0 ? '+' : '−'} ${fmt(expr.value)}%) = ${fmt(value)}`,
        };
      }
      // An amount (`50人増加`, `0.12ポイント向上`): points are the KPI's own % unit.
      const amount = expr.unit === 'ポイント' ? expr.value : inKpiUnit(expr.quantity, unit);
      if (amount === null) return { kind: 'unresolved', reason: 'unit-mismatch' };
      const value = tidy(ctx.baseline + sign * amount);
      return {
        kind: 'numeric',
        comparison,
        value,
        unit,
        formula: `${fmt(ctx.baseline)} ${sign > 0 ? '+' : '−'} ${fmt(amount)} = ${fmt(value)}`,
      };
    }
    default:
      return { kind: 'unresolved', reason: 'no-number' };
  }
}

/** A target phrase whose wording points the other way than the KPI's good direction. */
export interface TargetDirectionConflict {
  /** The direction the phrase states (`…ポイント向上` → up, `0.2%未満` → down). */
  phrase: 'up' | 'down';
  /** The KPI's direction as defined. */
  kpi: 'up' | 'down';
}

/** The direction a target's wording states, if any: its change word, or the side of a bound. */
function phraseDirection(t: TargetExpression): 'up' | 'down' | null {
  if (t.direction === 'up' || t.direction === 'down') return t.direction;
  if (t.kind !== 'bound') return null;
  return t.operator === 'gte' || t.operator === 'gt'
    ? 'up'
    : t.operator === 'lte' || t.operator === 'lt'
      ? 'down'
      : null;
}

/**
 * Whether a target's wording contradicts the KPI's direction: a 'down' KPI (a rate that should fall)
 * written `…ポイント向上`, or an 'up' KPI written `…未満`. Null when they agree, when either says
 * nothing about a direction, or when the KPI is to be maintained.
 */
export function targetDirectionConflict(
  target: TargetExpression | string,
  direction: Direction | null | undefined,
): TargetDirectionConflict | null {
  if (direction !== 'up' && direction !== 'down') return null;
  const phrase = phraseDirection(typeof target === 'string' ? parseTarget(target) : target);
  return phrase !== null && phrase !== direction ? { phrase, kpi: direction } : null;
}
