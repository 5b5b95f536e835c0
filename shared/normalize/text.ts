/**
 * Text normalization shared by every reader. NFKC folds 全角/半角 and compatibility
 * characters; the rest handles what NFKC leaves alone in municipal documents.
 */

// Dash-like characters clerks type for "-" that NFKC keeps distinct.
const DASHES = /[\u2010-\u2015\u2212\u30fc\uff70]/g;
const WAVE_DASHES = /[\u301c\u223c\uff5e]/g;

// NFKC would turn ① into 1, but circled numbers are item numbers (施策 ①) and must survive.
const NOT_CIRCLED = /[^\u2460-\u2473\u3251-\u325f\u32b1-\u32bf]+/g;

// Printable ASCII words separated by single spaces: already in normal form (NFKC leaves ASCII alone).
const PLAIN_ASCII = /^[\x21-\x7e]+(?: [\x21-\x7e]+)*$/;

/** NFKC (circled numbers kept), unified tildes, trimmed, runs of whitespace collapsed to one space. */
export function normalizeText(input: string): string {
  if (input === '' || PLAIN_ASCII.test(input)) return input;
  return input
    .replace(NOT_CIRCLED, (part) => part.normalize('NFKC'))
    .replace(WAVE_DASHES, '~')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Like normalizeText but also folds dashes; for number-like cells only (ー is a kana letter in names). */
export function normalizeNumeric(input: string): string {
  return normalizeText(input).replace(DASHES, '-');
}

const BRACKETS = /[()（）［］[\]「」『』【】〔〕<>〈〉《》]/g;

/**
 * Key for comparing names (departments, strategy items): spaces, line breaks and
 * bracket characters removed, so `商業 労政課` and `(ア)持続的…` compare by their words.
 */
export function nameKey(input: string): string {
  return normalizeText(input).replace(/\s+/g, '').replace(BRACKETS, '');
}

// Bullets clerks put before KPI names (`・釧路港年間水揚量`) and the 再掲 marks: `（再掲）`, `【再掲】`, `(再)`,
// or the word 再掲 written before or after the name (`再掲 …`, `…※再掲`). NFKC has folded 全角 brackets.
const LEADING_BULLETS = /^[・･•●○◯◆◇■□\-*]+/;
const RESTATED_MARK = /[(（【[〔]\s*再掲?\s*[)）】\]〕]/g;
const RESTATED_WORD = /^\s*※?再掲[\s:：・]*|[\s・※]*再掲\s*$/g;

/** Whether a KPI or project name carries a 再掲 mark anywhere (the row restates an earlier listing). */
export function hasRestatedMark(input: string): boolean {
  const text = normalizeText(input);
  if (!text.includes('再')) return false;
  const marked = RESTATED_MARK.test(text) || RESTATED_WORD.test(text);
  RESTATED_MARK.lastIndex = 0;
  RESTATED_WORD.lastIndex = 0;
  return marked;
}

/** Key for comparing KPI and project names: bullets and 再掲 marks dropped, then as nameKey. */
export function kpiNameKey(input: string): string {
  return nameKey(
    normalizeText(input).replace(RESTATED_MARK, '').replace(RESTATED_WORD, '').replace(LEADING_BULLETS, ''),
  );
}
