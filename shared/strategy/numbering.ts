import { normalizeText } from '../normalize/text';
import type { Counter, Level, NumberingFormat, NumberingStyle } from './schema';

/**
 * Numbering styles as data: a counter (1, ①, ア, イロハ, 一, A, a) with a printed prefix and suffix.
 * One town numbers 施策 with ① and 細節 with (ア), another the reverse; both are just level data.
 */

const PRESETS: Record<Exclude<NumberingStyle, object>, NumberingFormat> = {
  arabic: { counter: 'arabic', prefix: '', suffix: '' },
  circled: { counter: 'circled', prefix: '', suffix: '' },
  katakana: { counter: 'katakana', prefix: '', suffix: '' },
  'paren-katakana': { counter: 'katakana', prefix: '(', suffix: ')' },
  'paren-arabic': { counter: 'arabic', prefix: '(', suffix: ')' },
  'goal-bracket': { counter: 'arabic', prefix: '【基本目標', suffix: '】' },
};

const GOJUON = 'アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワ';
const IROHA =
  'イロハニホヘトチリヌルヲワカヨタレソツネナラムウヰノオクヤマケフコエテアサキユメミシヱヒモセス';
const KANJI = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/** The full form of a numbering style (a preset name resolved to counter, prefix and suffix). */
export function numberingFormat(style: NumberingStyle): NumberingFormat {
  return typeof style === 'string' ? PRESETS[style] : style;
}

/** The counter as printed for the n-th item (1-based), without prefix and suffix; null when out of range. */
export function counterText(counter: Counter, n: number): string | null {
  if (!Number.isInteger(n) || n < 1) return null;
  switch (counter) {
    case 'arabic':
      return String(n);
    case 'circled':
      // ①–⑳ then ㉑–㉟ then ㊱–㊿.
      if (n <= 20) return String.fromCodePoint(0x2460 + n - 1);
      if (n <= 35) return String.fromCodePoint(0x3251 + n - 21);
      if (n <= 50) return String.fromCodePoint(0x32b1 + n - 36);
      return null;
    case 'katakana':
      return GOJUON[n - 1] ?? null;
    case 'iroha':
      return IROHA[n - 1] ?? null;
    case 'kanji':
      if (n <= 10) return KANJI[n]!;
      if (n < 100) return `${n >= 20 ? KANJI[Math.floor(n / 10)] : ''}十${n % 10 ? KANJI[n % 10] : ''}`;
      return null;
    case 'latin-upper':
      return n <= 26 ? String.fromCharCode(64 + n) : null;
    case 'latin-lower':
      return n <= 26 ? String.fromCharCode(96 + n) : null;
  }
}

/** The printed number of the n-th item of a level: `①`, `(ア)`, `【基本目標1】`. */
export function formatItemNumber(style: NumberingStyle, n: number): string | null {
  const f = numberingFormat(style);
  const c = counterText(f.counter, n);
  return c === null ? null : f.prefix + c + f.suffix;
}

/**
 * The position (1-based) a printed number stands for in a style, or null when it is not of that style.
 * Compared after NFKC, so `（ア）` and `(ア)` are the same.
 */
export function parseItemNumber(style: NumberingStyle, printed: string): number | null {
  const f = numberingFormat(style);
  const text = normalizeText(printed).replace(/\s+/g, '');
  const prefix = normalizeText(f.prefix).replace(/\s+/g, '');
  const suffix = normalizeText(f.suffix).replace(/\s+/g, '');
  if (!text.startsWith(prefix) || !text.endsWith(suffix) || text.length <= prefix.length + suffix.length)
    return null;
  const core = text.slice(prefix.length, text.length - suffix.length);
  for (let n = 1; n <= 99; n++) {
    const c = counterText(f.counter, n);
    if (c === null) break;
    if (c === core) return n;
  }
  return null;
}

/**
 * Splits a printed label into its number in a style and the rest: `第十二章 しごとをつくる` →
 * { n: 12, counter: '十二', rest: 'しごとをつくる' }. Null when the text does not start with a number of the style.
 */
export function splitItemNumber(
  style: NumberingStyle,
  printed: string,
): { n: number; counter: string; rest: string } | null {
  const f = numberingFormat(style);
  const text = normalizeText(printed);
  const prefix = normalizeText(f.prefix);
  const suffix = normalizeText(f.suffix);
  if (!text.startsWith(prefix)) return null;
  let best: { n: number; counter: string; rest: string } | null = null;
  for (let n = 1; n <= 99; n++) {
    const c = counterText(f.counter, n);
    if (c === null) break;
    const head = prefix + c + suffix;
    if (!text.startsWith(head) || (best && best.counter.length >= c.length)) continue;
    const rest = text.slice(head.length);
    // Without a suffix the number must end the word (`ア 持続的…`, not the ア of `アイヌ…`).
    if (suffix === '' && rest !== '' && !/^[\s.、．]/.test(rest)) continue;
    best = { n, counter: c, rest: rest.replace(/^[\s.、．]+/, '') };
  }
  return best;
}

/** A label read with a definition's level numbering: the level whose style it is written in, its counter, its title. */
export interface NumberedLabel {
  /** 0 for the top level (基本目標, 章 …). */
  depth: number;
  /** The counter as the definition's nodes store it (`1`, `①`, `ア`, `十二`). */
  number: string;
  title: string;
}

const COUNTER_PATTERN: Record<Counter, string> = {
  arabic: '\\d{1,3}',
  circled: '[\\u2460-\\u2473\\u3251-\\u325f\\u32b1-\\u32bf]',
  katakana: `[${GOJUON}]`,
  iroha: `[${IROHA}]`,
  kanji: `[${KANJI.join('')}]{1,3}`,
  'latin-upper': '[A-Z]',
  'latin-lower': '[a-z]',
};

// Brackets and separators a clerk may add around, or leave off, a number (`(ア)` for `ア`, `基本目標1` for `【基本目標1】`).
const LOOSE_MARKS = /[()[\]【】〔〕「」<>〈〉.．、,:：\s]/g;
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const printedPattern = (s: string) =>
  normalizeText(s)
    .split(/\s+/)
    .filter((p) => p !== '')
    .map(escapeRegExp)
    .join('\\s*');

interface CompiledLevel {
  depth: number;
  arabic: boolean;
  exact: RegExp;
  /** The counter with any brackets or none; null when another level would read the same text. */
  loose: RegExp | null;
}

/**
 * A definition's level numbering compiled once into recognizers, so that readers find section rows
 * (`【基本目標1】…`, `1. …`, `第一章 …`, `① …`) and item lines (`ア …`, `(ア) …`, `a. …`) of any town.
 * A label is first read in its level's exact printed form; the looser form (brackets added or left
 * off) only for a counter that no other level shares, so `(1)` never reads as a `1.` goal.
 */
export class LevelNumbering {
  readonly itemDepth: number;
  private readonly levels: CompiledLevel[];
  private readonly cache = new Map<string, readonly NumberedLabel[]>();

  constructor(levels: readonly Level[]) {
    this.itemDepth = levels.length - 1;
    const formats = levels.map((l) => numberingFormat(l.numbering));
    const looseKey = (f: NumberingFormat) =>
      [
        f.counter,
        normalizeText(f.prefix).replace(LOOSE_MARKS, ''),
        normalizeText(f.suffix).replace(LOOSE_MARKS, ''),
      ].join('|');
    const looseKeys = formats.map(looseKey);
    this.levels = formats.map((f, depth) => {
      const counter = `(${COUNTER_PATTERN[f.counter]})`;
      const arabic = f.counter === 'arabic';
      // A counter that could begin a word (`ア` of `アイヌ`, `1` of `1.5`) must be followed by a separator.
      const wordLike = f.counter !== 'circled';
      const separated = `(?:[.．、]${arabic ? '(?!\\d)' : ''}|(?=[\\s「『(]|$))`;
      const prefix = printedPattern(f.prefix);
      const suffix = printedPattern(f.suffix);
      const exactTail =
        suffix === ''
          ? wordLike
            ? separated
            : ''
          : arabic && normalizeText(f.suffix).trim().endsWith('.')
            ? '(?!\\d)'
            : '';
      const exact = new RegExp(`^${prefix}\\s*${counter}\\s*${suffix}${exactTail}`);
      const [, loosePrefixText, looseSuffixText] = looseKeys[depth]!.split('|');
      const loosePrefix = escapeRegExp(loosePrefixText!);
      const looseSuffix = escapeRegExp(looseSuffixText!);
      const bareTail = looseSuffix === '' && wordLike ? separated : `(?:[.．、]${arabic ? '(?!\\d)' : ''}|)`;
      const unique = looseKeys.filter((k) => k === looseKeys[depth]).length === 1;
      const loose = unique
        ? new RegExp(
            `^(?:[(\\[【〔]\\s*${loosePrefix}\\s*${counter}\\s*${looseSuffix}\\s*[)\\]】〕]|${loosePrefix}\\s*${counter}\\s*${looseSuffix}${bareTail})`,
          )
        : null;
      return { depth, arabic, exact, loose };
    });
  }

  /**
   * Every reading of a label's leading number, exact printed forms first (in level order), then the
   * looser ones; empty when the text does not start with a number of any level. Memoized per text.
   */
  split(text: string): readonly NumberedLabel[] {
    const hit = this.cache.get(text);
    if (hit) return hit;
    const normalized = normalizeText(text);
    const out: NumberedLabel[] = [];
    for (const pass of ['exact', 'loose'] as const) {
      for (const level of this.levels) {
        if (pass === 'loose' && out.some((l) => l.depth === level.depth)) continue;
        const m = level[pass]?.exec(normalized);
        if (!m) continue;
        const written = m[1] ?? m[2]!;
        out.push({
          depth: level.depth,
          number: level.arabic ? String(Number(written)) : written,
          title: normalized.slice(m[0].length).replace(/^[\s.、．:：]+/, ''),
        });
      }
    }
    if (this.cache.size >= 20_000) this.cache.clear();
    this.cache.set(text, out);
    return out;
  }

  /** The depth of a section row (a level above the items), judged by its first reading. */
  sectionDepth(text: string): number | null {
    const first = this.split(text)[0];
    return first && first.depth < this.itemDepth ? first.depth : null;
  }

  /** Whether a line starts with a number of the item level (the deepest one). */
  isItem(text: string): boolean {
    return this.split(text).some((l) => l.depth === this.itemDepth);
  }
}

const compiled = new WeakMap<readonly Level[], LevelNumbering>();

/** The compiled numbering of a definition's levels, built once per levels array. */
export function levelNumbering(levels: readonly Level[]): LevelNumbering {
  let numbering = compiled.get(levels);
  if (!numbering) compiled.set(levels, (numbering = new LevelNumbering(levels)));
  return numbering;
}
