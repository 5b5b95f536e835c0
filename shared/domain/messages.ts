import type { Bilingual } from '../messages';
import type { QuantityProblem } from '../normalize/number';
import type { PeriodProblem, PeriodWarning } from './periods';
import type { TargetProblem } from './targets';

/**
 * Why a period, quantity or target could not be read, Japanese first. Rules turn these reasons into
 * findings; the texts live here so every caller words them the same way.
 */

export const periodProblemTexts: Record<PeriodProblem, Bilingual> = {
  'era-missing': {
    ja: '元号がありません。「H27年度」「R5年度」「2024年度」のように書いてください。',
    en: 'The era is missing. Write e.g. "H27年度", "R5年度" or "2024年度".',
  },
  'bad-date': {
    ja: 'ありえない年月日です(13月、2月30日など)。',
    en: 'The date does not exist (month 13, 30 February …).',
  },
  'reversed-range': {
    ja: '期間の始めが終わりより後になっています。',
    en: 'The period starts after it ends.',
  },
  unrecognized: {
    ja: '年・年度として読めません。「H27年度」「H27-31年度累計」「H28.3月末」などの形で書いてください。',
    en: 'Not a year or fiscal year. Use forms like "H27年度", "H27-31年度累計", "H28.3月末".',
  },
};

export function periodWarningText(w: PeriodWarning): Bilingual {
  switch (w.code) {
    case 'obsolete-era':
      return {
        ja: `「${w.written}」は改元前の書き方です。${w.year}年(${w.current})として読みました。`,
        en: `"${w.written}" counts on in the old era; read as ${w.year} (${w.current}).`,
      };
    case 'basis-unspecified':
      return {
        ja: '年か年度かが書かれていません。「年度」または「年」を付けてください。',
        en: 'Calendar or fiscal year is not stated. Add 年度 or 年.',
      };
  }
}

export const quantityProblemTexts: Record<QuantityProblem, Bilingual> = {
  'not-a-number': { ja: '数値として読めません。', en: 'Not a number.' },
  'unknown-unit': {
    ja: '数値の後ろの単位が分かりません。単位は単位列に書いてください。',
    en: 'The unit after the number is unknown. Put the unit in the unit column.',
  },
  'scale-order': {
    ja: '億・万・千の順序が正しくありません(例: 1億2,000万円)。',
    en: 'The 億/万/千 parts are out of order (e.g. 1億2,000万円).',
  },
};

export const targetProblemTexts: Record<TargetProblem, Bilingual> = {
  unrecognized: {
    ja: '目標として読めません。「120,000」「25%増(対H25年比)」「70%以上」「4万人以上の維持」などの形で書いてください。',
    en: 'Not a target. Use forms like "120,000", "25%増(対H25年比)", "70%以上", "4万人以上の維持".',
  },
  'unknown-unit': {
    ja: '目標値の単位が分かりません。',
    en: 'The unit of the target is unknown.',
  },
  'bad-base-period': {
    ja: '比較の基準年(「対H25年比」など)が読めません。',
    en: 'The base year of the comparison ("対H25年比" …) cannot be read.',
  },
};

/** Words of the 達成率 basis column (which formula, which years), Japanese as the council reads it. */
export const achievementBasisTexts = {
  kind: {
    level: '水準',
    change: '増減',
    cumulative: '累計',
    annual: '年間',
    bound: '上下限',
    maintain: '維持',
  },
  actualSum: '実績計',
  plainProgress: '累計進捗',
  yearsMet: (met: number, of: number) => `達成 ${met}/${of}年`,
  met: '達成',
  notMet: '未達成',
  targetFormula: '目標',
  qualitative: '定性目標: 企画課が評価',
  unavailable: {
    'no-baseline': '基準値(現状値)がないため算定できません',
    'not-started': '実績値がないため算定できません',
    'not-finite': '数値が読めない・食い違いがあるため算定できません',
    qualitative: '定性目標: 企画課が評価',
    'no-target': '指標値がないため算定できません',
    unparsed: '指標値の書き方が読めないため算定できません',
    'unit-mismatch': '指標値の単位が KPI の単位と合わないため算定できません',
    'no-span': '累計の期間が分からないため算定できません',
  },
} as const;
