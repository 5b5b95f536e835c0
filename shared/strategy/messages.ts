import type { Bilingual } from '../messages';

const directionLabels: Record<string, string> = {
  up: '増加 up',
  down: '減少 down',
  maintain: '維持 maintain',
};

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
  unknownField: (field: string): Bilingual => ({
    ja: `「${field}」は定義の形式にない項目のため読み飛ばしました。綴りと schemaVersion を確認してください。`,
    en: `"${field}" is not a field of the definition format and was ignored: check its spelling and schemaVersion.`,
  }),
  needsVersion3: (field: string): Bilingual => ({
    ja: `${field} は形式の版 3 の項目です。schemaVersion を 3 にしてください(版 1・2 として読む古い sousei-sync は無視します)。`,
    en: `${field} is a format-3 field: set schemaVersion to 3 (an older sousei-sync reading version 1 or 2 ignores it).`,
  }),
  duplicateCategory: (word: string): Bilingual => ({
    ja: `事業の区分「${word}」が重複しています。`,
    en: `The project category "${word}" is listed twice.`,
  }),
  unknownCategory: (word: string, words: readonly string[]): Bilingual => ({
    ja: `事業の区分「${word}」が区分の一覧(${words.join('、')})にありません。`,
    en: `Project category "${word}" is not one of ${words.join(', ')}.`,
  }),
  targetOutsidePlan: (period: string, from: number, to: number): Bilingual => ({
    ja: `目標の年・年度「${period}」が計画期間(${from}〜${to}年度)の外です。`,
    en: `The target period "${period}" lies outside the plan period (FY${from}–${to}).`,
  }),
  baselineAfterPlan: (period: string, to: number): Bilingual => ({
    ja: `現状値の年・年度「${period}」が計画期間の終わり(${to}年度)より後です。`,
    en: `The baseline period "${period}" lies after the plan period ends (FY${to}).`,
  }),
  baselineAfterTarget: (baseline: string, target: string): Bilingual => ({
    ja: `現状値の年・年度「${baseline}」が目標の年・年度「${target}」より後です。`,
    en: `The baseline period "${baseline}" is later than the target period "${target}".`,
  }),
  unitMismatch: (unit: string, target: string): Bilingual => ({
    ja: `目標「${target}」の単位が KPI の単位「${unit || 'なし'}」と合いません。`,
    en: `The target "${target}" is not in the KPI's unit "${unit || 'none'}".`,
  }),
  directionConflict: (target: string, direction: string): Bilingual => ({
    ja: `目標「${target}」の向きが KPI の良い方向(${directionLabels[direction] ?? direction})と逆です。direction か目標を確認してください。`,
    en: `The target "${target}" points the other way than the KPI's direction (${direction}): check direction or the target.`,
  }),
  noKpiTable: {
    ja: 'KPI表が見つかりません。見出し行に「施策体系」「重要業績評価指標(KPI)」「数値」を並べてください。',
    en: 'No KPI table found: the header row needs 施策体系, 重要業績評価指標(KPI) and 数値.',
  } satisfies Bilingual,
  kpiItemNotFound: (item: string, name: string): Bilingual => ({
    ja: `施策体系「${item || '(空欄)'}」が定義にないため、KPI「${name}」は追加していません。`,
    en: `Item "${item || '(blank)'}" is not in the definition: KPI "${name}" was not added.`,
  }),
  kpiDirectionUndecided: (name: string, target: string): Bilingual => ({
    ja: `KPI「${name}」の良い方向を目標「${target || '(なし)'}」から決められません。direction に「${name}=up」(増加が良い)・「=down」(減少が良い)・「=maintain」(維持)のいずれかを指定してください。`,
    en: `The good direction of KPI "${name}" cannot be told from its target "${target || '(none)'}": give direction "${name}=up", "=down" or "=maintain".`,
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
