import { normalizeText } from './text';

/**
 * Units as KPI tables write them (単位 column, or glued to a number: `2.5万人`, `1,234千円`).
 * A unit is canonicalized to one spelling and related to its base unit by a factor,
 * so `4万人` and a KPI counted in 人 can be compared.
 */

export type UnitDimension = 'count' | 'money' | 'mass' | 'length' | 'volume' | 'area' | 'ratio' | 'time';

export interface UnitInfo {
  /** Canonical spelling: `箇所` for か所/ヵ所/カ所, `m³` for `m ³`/`m3`, `m²` for ㎡. */
  canonical: string;
  /** Base unit the factor relates to: 人 for 万人, 円 for 千円, トン for 万トン. */
  base: string;
  factor: number;
  dimension: UnitDimension;
}

export type UnitReading =
  | { kind: 'unit'; text: string; unit: UnitInfo }
  /** `-`/`－` alone or an empty cell: the KPI has no unit (e.g. a qualitative 体制 KPI). */
  | { kind: 'none'; text: string }
  /** Not a unit sousei-sync knows; kept as written (a counter word like 冊, 台 is still a count). */
  | { kind: 'unknown'; text: string; canonical: string };

interface BaseUnit {
  canonical: string;
  /** The unit it counts in, when another one's (名 → 人). */
  base?: string;
  dimension: UnitDimension;
  aliases?: string[];
  /** Which 万/千/億 prefixes are used with it in practice. */
  scaled?: boolean;
}

// Counter words of municipal KPIs; every one is a count of something.
const COUNTERS = [
  '人',
  '件',
  '回',
  '園',
  '校',
  '戸',
  '事業',
  '団体',
  '社',
  '世帯',
  '施設',
  '店',
  '店舗',
  '冊',
  '台',
  '本',
  '隻',
  '日',
  '泊',
  '組',
  '品目',
  '企業',
  '地区',
  '路線',
];

const BASE_UNITS: BaseUnit[] = [
  ...COUNTERS.map((c) => ({ canonical: c, dimension: 'count' as const, scaled: true })),
  // 名 counts people as 人 does: `ゼロ名維持` fits a KPI in 人.
  { canonical: '名', base: '人', dimension: 'count', scaled: true },
  {
    canonical: '箇所',
    dimension: 'count',
    aliases: ['か所', 'ヵ所', 'カ所', 'ケ所', 'ヶ所', '個所'],
    scaled: true,
  },
  { canonical: '円', dimension: 'money', scaled: true },
  { canonical: 'トン', dimension: 'mass', aliases: ['t'], scaled: true },
  { canonical: 'kg', dimension: 'mass' },
  { canonical: 'm³', dimension: 'volume', aliases: ['m3', '立方メートル', '立米'], scaled: true },
  { canonical: 'm²', dimension: 'area', aliases: ['m2', '平方メートル', '平米'], scaled: true },
  { canonical: 'ha', dimension: 'area' },
  { canonical: 'km', dimension: 'length' },
  { canonical: '%', dimension: 'ratio', aliases: ['パーセント', '％'] },
  { canonical: '‰', dimension: 'ratio' },
  { canonical: 'ポイント', dimension: 'ratio', aliases: ['pt'] },
  { canonical: '倍', dimension: 'ratio' },
  { canonical: '年', dimension: 'time' },
  { canonical: '時間', dimension: 'time' },
];

const SCALES: [string, number][] = [
  ['億', 100_000_000],
  ['万', 10_000],
  ['千', 1_000],
];

const TABLE = new Map<string, UnitInfo>();
for (const b of BASE_UNITS) {
  const base = b.base ?? b.canonical;
  const info: UnitInfo = { canonical: b.canonical, base, factor: 1, dimension: b.dimension };
  for (const spelling of [b.canonical, ...(b.aliases ?? [])]) TABLE.set(spelling, info);
  if (!b.scaled) continue;
  for (const [prefix, factor] of SCALES) {
    const scaled: UnitInfo = {
      canonical: prefix + b.canonical,
      base,
      factor,
      dimension: b.dimension,
    };
    for (const spelling of [b.canonical, ...(b.aliases ?? [])]) TABLE.set(prefix + spelling, scaled);
  }
}

/** Unit text folded for lookup: NFKC (㎡ → m2, ﾝ → ン), no spaces, `m ³` → `m3`. */
function foldUnit(text: string): string {
  return normalizeText(text).replace(/\s+/g, '');
}

/** Reads a 単位 cell or the unit glued after a number. Never throws. */
export function parseUnit(input: string | number | boolean | null | undefined): UnitReading {
  const text = input === null || input === undefined ? '' : String(input);
  const folded = foldUnit(text);
  if (folded === '' || /^[-\u2010-\u2015\u2212\u30fc]$/.test(folded)) return { kind: 'none', text };
  const unit = TABLE.get(folded) ?? TABLE.get(folded.toLowerCase());
  if (unit) return { kind: 'unit', text, unit };
  return { kind: 'unknown', text, canonical: folded };
}

/** Canonical spelling of a unit text, or the folded text when unknown, or null for none. */
export function canonicalUnit(input: string | null | undefined): string | null {
  const r = parseUnit(input);
  return r.kind === 'unit' ? r.unit.canonical : r.kind === 'unknown' ? r.canonical : null;
}

/** Factor converting a value in `from` into `to` (万人 → 人: 10000), or null if they do not share a base. */
export function unitFactor(from: string, to: string): number | null {
  const a = parseUnit(from);
  const b = parseUnit(to);
  if (a.kind !== 'unit' || b.kind !== 'unit') {
    const ca = canonicalUnit(from);
    return ca !== null && ca === canonicalUnit(to) ? 1 : null;
  }
  if (a.unit.base !== b.unit.base) return null;
  return a.unit.factor / b.unit.factor;
}

/** Every canonical unit spelling known, for documentation and suggestions. */
export function knownUnits(): string[] {
  return [...new Set([...TABLE.values()].map((u) => u.canonical))];
}
