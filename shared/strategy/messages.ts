import type { Bilingual } from '../messages';

/** Texts of strategy-definition problems (loading, checking, importing), Japanese first. */
export const strategyTexts = {
  schema: (ja: string, en: string): Bilingual => ({
    ja: `施策体系の定義の形式が正しくありません: ${ja}`,
    en: `The strategy definition does not match the format: ${en}`,
  }),
  badJson: (detail: string): Bilingual => ({
    ja: `JSON として読めません: ${detail}`,
    en: `Not valid JSON: ${detail}`,
  }),
  periodReversed: (from: number, to: number): Bilingual => ({
    ja: `計画期間の始め(${from})が終わり(${to})より後です。`,
    en: `The plan period starts (${from}) after it ends (${to}).`,
  }),
  duplicateCode: (code: string): Bilingual => ({
    ja: `コード「${code}」が重複しています。コードは定義の中で一意にしてください。`,
    en: `Code "${code}" is used twice; codes must be unique.`,
  }),
  tooDeep: (code: string, levels: number): Bilingual => ({
    ja: `「${code}」は階層(levels)の数 ${levels} より深い位置にあります。levels に階層を追加してください。`,
    en: `"${code}" is deeper than the ${levels} levels defined; add a level.`,
  }),
  numberStyle: (printed: string, level: string): Bilingual => ({
    ja: `番号「${printed}」は「${level}」の番号の付け方と合いません。`,
    en: `Number "${printed}" does not follow the numbering of level "${level}".`,
  }),
  unknownDepartment: (name: string): Bilingual => ({
    ja: `部署「${name}」が部署一覧(departments)にありません。`,
    en: `Department "${name}" is not in the department list.`,
  }),
  missingRestatement: (code: string): Bilingual => ({
    ja: `再掲元のコード「${code}」がありません。`,
    en: `The restated item "${code}" does not exist.`,
  }),
  unknownUnit: (unit: string): Bilingual => ({
    ja: `単位「${unit}」は既知の単位ではありません(そのまま使います)。`,
    en: `Unit "${unit}" is not a known unit (kept as written).`,
  }),
  badPeriod: (text: string): Bilingual => ({
    ja: `年・年度「${text}」が読めません。`,
    en: `Period "${text}" cannot be read.`,
  }),
  badTarget: (text: string): Bilingual => ({
    ja: `目標「${text}」が読めません。`,
    en: `Target "${text}" cannot be read.`,
  }),
  evaluationsNeedVersion2: {
    ja: 'evaluations(評価の区分)は形式の版 2 の項目です。schemaVersion を 2 にしてください(版 1 として読む古い sousei-sync は評価の区分を無視します)。',
    en: 'evaluations is a format-2 field: set schemaVersion to 2 (an older sousei-sync reading version 1 ignores the list).',
  } satisfies Bilingual,
  duplicateEvaluation: (word: string): Bilingual => ({
    ja: `評価の区分「${word}」が重複しています。`,
    en: `The evaluation word "${word}" is listed twice.`,
  }),
  noHierarchySheet: {
    ja: '施策体系のシートが見つかりません。見出し行に「基本目標」「施策」などの階層名を並べてください。',
    en: 'No strategy sheet found: put the level names (基本目標, 施策 …) in a header row.',
  } satisfies Bilingual,
  noItems: {
    ja: '施策体系のシートに項目がありません。',
    en: 'The strategy sheet has no items.',
  } satisfies Bilingual,
  missingMeta: (field: string, label: string): Bilingual => ({
    ja: `${label}がありません。見出し行より上に「${label} | 値」の行を加えるか、オプションで指定してください。`,
    en: `The ${field} is missing: add a "${label} | value" row above the header, or give it as an option.`,
  }),
  unnumbered: (text: string, level: string): Bilingual => ({
    ja: `「${text}」に${level}の番号がありません。`,
    en: `"${text}" has no ${level} number.`,
  }),
  orphan: (text: string): Bilingual => ({
    ja: `「${text}」の上位の項目がありません。`,
    en: `"${text}" has no parent item.`,
  }),
};
