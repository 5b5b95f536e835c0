/**
 * Every user-facing text of shared/ (rules, template detection), Japanese first, English second.
 * Rules refer to their messages by rule id so the catalog (docs/rules.md) and the code agree.
 */
import type { Severity } from './engine/findings';

export interface Bilingual {
  ja: string;
  en: string;
}

interface RuleText<P> {
  severity: Severity;
  title: Bilingual;
  message: (p: P) => Bilingual;
}

function rule<P>(t: RuleText<P>): RuleText<P> {
  return t;
}

export const ruleTexts = {
  'hierarchy.unknown-item': rule<{ item: string }>({
    severity: 'error',
    title: { ja: '施策体系にない項目', en: 'Item not in the strategy' },
    message: ({ item }) => ({
      ja: `「${item}」は施策体系にありません。項目名と番号を総合戦略の施策体系どおりに記入してください。`,
      en: `"${item}" is not an item of the strategy. Write the item number and name exactly as in the strategy.`,
    }),
  }),
  'value.not-number': rule<{ value: string; kind: string }>({
    severity: 'error',
    title: { ja: '数値でない値', en: 'Value is not a number' },
    message: ({ value, kind }) => ({
      ja: `${kind}の数値「${value}」を数値として読めません。数字だけを記入し、単位は単位列に書いてください(値がない場合は「-」)。`,
      en: `The ${kind} value "${value}" is not a number. Write digits only and put the unit in the unit column ("-" when there is no value).`,
    }),
  }),
  'template.unrecognized': rule<{ missing: string[] }>({
    severity: 'info',
    title: { ja: '認識できないシート', en: 'Sheet not recognized' },
    message: ({ missing }) => ({
      ja: `このシートは KPI 表として認識できませんでした(見出しが見つかりません: ${missing.join('、')})。検証していません。`,
      en: `This sheet was not recognized as a KPI table (headers not found: ${missing.join(', ')}). It was not checked.`,
    }),
  }),
} as const;

export type RuleId = keyof typeof ruleTexts;
export type RuleParams<R extends RuleId> = Parameters<(typeof ruleTexts)[R]['message']>[0];

/** Japanese labels of the KPI 区分 as they are written in the template. */
export const kpiKindLabels = { baseline: '現状値', actual: '実績値', target: '指標値' } as const;

/** Why a file could not be read as a workbook (CLI exit 2, HTTP 4xx, a notice on the page). */
export const readErrorTexts = {
  notFound: (file: string): Bilingual => ({
    ja: `ファイルが見つかりません: ${file}`,
    en: `File not found: ${file}`,
  }),
  notXlsx: {
    ja: 'Excel ブック (.xlsx) ではありません。.xls や CSV は Excel で .xlsx 形式で保存し直してください。',
    en: 'Not an Excel workbook (.xlsx). Save .xls or CSV files as .xlsx first.',
  },
  corrupt: {
    ja: 'Excel ブック (.xlsx) として読み込めません。ファイルが壊れているか、パスワードで保護されている可能性があります。',
    en: 'The workbook could not be read; the file may be damaged or password-protected.',
  },
  empty: { ja: 'ブックにデータのあるシートがありません。', en: 'The workbook has no sheet with data.' },
  tooLarge: (mb: number): Bilingual => ({
    ja: `ファイルが大きすぎます(上限 ${mb} MB)。`,
    en: `The file is too large (limit ${mb} MB).`,
  }),
} satisfies Record<string, Bilingual | ((...a: never[]) => Bilingual)>;
