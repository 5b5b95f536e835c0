import { readQuantity, type Quantity } from '../normalize/number';
import { normalizeNumeric } from '../normalize/text';
import { unitFactor } from '../normalize/units';
import { parsePeriod, type Period } from './periods';

/**
 * Target expressions (指標値) as plans write them: a level (`120,000`), a change against a base
 * (`25%増(対H25年比)`), a bound (`0.2%未満`), maintenance (`4万人以上の維持`, `現行体制を維持`),
 * plan style (`5年で50人増加`, `5年で1.49とし0.12ポイント向上`) or a qualitative aim
 * (`患者満足度を高める`). Parsed to one shape; nothing throws.
 */

export type TargetKind =
  | 'absolute' // a level to reach
  | 'bound' // 以上 / 以下 / 未満 / 超
  | 'relative' // a change against a base (rate or amount)
  | 'maintain' // keep a level (given or current)
  | 'qualitative' // a direction without a number, classified on purpose
  | 'reference' // `基準年`: this row is the base the others are measured against
  | 'none' // `-`
  | 'unknown' // `…`
  | 'empty'
  | 'invalid';

export type TargetOperator = 'eq' | 'gte' | 'gt' | 'lte' | 'lt' | 'increase' | 'decrease' | 'maintain';

export type Direction = 'up' | 'down' | 'maintain';

export type TargetBase =
  /** `(対H25年比)`, `(H26年度末対比)`. */
  | { kind: 'period'; text: string; period: Period }
  /** `現状…を維持`, `現行体制を維持`: the current level. */
  | { kind: 'current'; text: string }
  /** Nothing written: the KPI's 現状値 (baseline) is the base. */
  | { kind: 'baseline' };

export type TargetProblem = 'unrecognized' | 'unknown-unit' | 'bad-base-period';

export interface TargetExpression {
  text: string;
  kind: TargetKind;
  operator: TargetOperator | null;
  /** Number as written (`25` of `25%増`, `4` of `4万人以上`). */
  value: number | null;
  /** Unit as written, canonical (`%`, `万人`, `ポイント`), or null when none is written. */
  unit: string | null;
  /** The value in the base unit (`40000` 人 for `4万人`). */
  quantity: Quantity | null;
  base: TargetBase | null;
  /** `5年で…`: the years the target is set over. */
  horizonYears: number | null;
  /** Plan style `1.49とし0.12ポイント向上`: the change stated next to the level. */
  change: { operator: 'increase' | 'decrease'; value: number; unit: string | null } | null;
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
  horizonYears: null,
  change: null,
  direction: null,
  subject: null,
  reason: null,
});

const INCREASE = '増|増加|向上|上昇|拡大|アップ';
const DECREASE = '減|減少|縮小|削減|低下|抑制|ダウン';
const CHANGE = new RegExp(`^(.+?)の?(${INCREASE}|${DECREASE})(?:を目指す|させる|する)?$`);
const BOUND = /^(.+?)(以上|以下|未満|超過|超)(?:を目指す|とする)?$/;
const BOUND_OP: Record<string, TargetOperator> = {
  以上: 'gte',
  以下: 'lte',
  未満: 'lt',
  超: 'gt',
  超過: 'gt',
};
const MAINTAIN_LEVEL = /^(.+?)(以上)?の?維持(?:を目指す|する)?$/;
const MAINTAIN_CURRENT = /^(現状|現行|現在)(の)?(.*?)(を|の)?維持(?:を目指す|する)?$/;
const HORIZON = /^(\d{1,2})(?:年間|年|カ年|か年|ヵ年)で(.+)$/;
const PLAN = /^(.+?)とし(.+)$/;
const UP_WORDS = /(高める|上げる|向上させる|増やす|伸ばす|改善する|充実させる|強化する|拡充する)$/;
const DOWN_WORDS = /(下げる|減らす|抑える|低減する|抑制する)$/;
const NOT_DOWN = /^(.+?)の?(維持又は増加|維持または増加|維持又は向上|維持または向上|維持・向上|維持・増加)$/;

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
  const period = parsePeriod(m[1]!);
  if (period.kind === 'invalid' || period.kind === 'empty' || period.kind === 'none')
    return { body, base: null, bad: true };
  return { body, base: { kind: 'period', text: inner, period }, bad: false };
}

function parseBody(text: string, s: string): TargetExpression {
  const e = blank(text, 'invalid');
  const q = quantityOf(s);
  if (q) return withQuantity({ ...e, kind: 'absolute', operator: 'eq' }, q);

  const horizon = HORIZON.exec(s);
  if (horizon) {
    const inner = parseBody(text, horizon[2]!);
    return inner.kind === 'invalid' ? inner : { ...inner, horizonYears: Number(horizon[1]) };
  }

  const plan = PLAN.exec(s);
  if (plan) {
    const level = quantityOf(plan[1]!);
    const change = parseBody(text, plan[2]!);
    if (level && change.kind === 'relative' && change.value !== null)
      return withQuantity(
        {
          ...e,
          kind: 'absolute',
          operator: 'eq',
          direction: change.direction,
          change: {
            operator: change.operator === 'decrease' ? 'decrease' : 'increase',
            value: change.value,
            unit: change.unit,
          },
        },
        level,
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
          kind: 'relative',
          operator: up ? 'increase' : 'decrease',
          direction: up ? 'up' : 'down',
          base: { kind: 'baseline' },
        },
        amount,
      );
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

  return { ...e, reason: /\d/.test(s) && /^[\d.,△▲-]/.test(s) ? 'unknown-unit' : 'unrecognized' };
}

/** Parses a target cell (指標値). `numberFormat` lets a 0.853 cell formatted `0.0%` read as 85.3 %. */
export function parseTarget(
  input: string | number | boolean | null | undefined,
  numberFormat?: string | null,
): TargetExpression {
  const text = input === null || input === undefined ? '' : String(input);
  if (typeof input === 'number') {
    const q = readQuantity(input, numberFormat);
    return q.kind === 'quantity'
      ? withQuantity({ ...blank(text, 'absolute'), operator: 'eq' }, q)
      : { ...blank(text, 'invalid'), reason: 'unrecognized' };
  }
  const s = normalizeNumeric(text).replace(/\s+/g, '');
  if (s === '') return blank(text, 'empty');
  if (s === '-') return blank(text, 'none');
  if (s === '...' || s === '…') return blank(text, 'unknown');
  const { body, base, bad } = splitBase(s);
  if (bad) return { ...blank(text, 'invalid'), reason: 'bad-base-period' };
  const parsed = parseBody(text, body);
  if (!base || parsed.kind === 'invalid') return parsed;
  return { ...parsed, base };
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

// One formatter: toLocaleString with options builds a new Intl.NumberFormat on every call.
const numberFormat = new Intl.NumberFormat('ja-JP', { maximumFractionDigits: 6 });
const fmt = (n: number) => numberFormat.format(n);
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
    case 'absolute':
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
    case 'relative': {
      if (!expr.quantity || expr.value === null) return { kind: 'unresolved', reason: 'no-number' };
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
