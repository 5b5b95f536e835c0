import type { Bilingual } from '../messages';
import type { PeriodProblem } from './periods';
import type { TargetProblem } from './targets';

/**
 * Why a period or a target could not be read, Japanese first: the rules kpi.period-invalid and
 * value.target-unparsed give these reasons in their findings. Also the words of the 達成率 basis.
 */

export const periodProblemTexts: Record<PeriodProblem | 'missing', Bilingual> = {
  missing: {
    ja: '年・年度がありません。「-」や空欄にできるのは、現状値のない KPI の現状値だけです。',
    en: 'No period is written. Only the baseline of a KPI without one may be "-" or empty.',
  },
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
