import { normalizeText } from '../normalize/text';
import type { Counter, NumberingFormat, NumberingStyle } from './schema';

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
