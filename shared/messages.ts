/**
 * Every user-facing text of shared/ (rules, template detection), Japanese first, English second.
 * A rule's messages are keyed by its id; its family in shared/rules/ declares its severity and
 * catalog line (docs/rules.md).
 */

export interface Bilingual {
  ja: string;
  en: string;
}

/** A rule's texts; its severity and catalog line are declared by its family in shared/rules/. */
interface RuleText<P> {
  title: Bilingual;
  message: (p: P) => Bilingual;
}

function rule<P>(t: RuleText<P>): RuleText<P> {
  return t;
}

export const ruleMessages = {
  'hierarchy.unknown-item': rule<{ item: string }>({
    title: { ja: '施策体系にない項目', en: 'Item not in the strategy' },
    message: ({ item }) => ({
      ja: `「${item}」は施策体系にありません。項目名と番号を総合戦略の施策体系どおりに記入してください。`,
      en: `"${item}" is not an item of the strategy. Write the item number and name exactly as in the strategy.`,
    }),
  }),
  'value.not-number': rule<{ value: string; kind: string }>({
    title: { ja: '数値でない値', en: 'Value is not a number' },
    message: ({ value, kind }) => ({
      ja: `${kind}の数値「${value}」を数値として読めません。数字だけを記入し、単位は単位列に書いてください(値がない場合は「-」)。`,
      en: `The ${kind} value "${value}" is not a number. Write digits only and put the unit in the unit column ("-" when there is no value).`,
    }),
  }),
  'value.target-unparsed': rule<{ value: string; reasonJa: string; reasonEn: string }>({
    title: { ja: '読めない指標値の書き方', en: 'Target form not understood' },
    message: ({ value, reasonJa, reasonEn }) => ({
      ja: `指標値「${value}」: ${reasonJa}(累計・年間の目標は「累計500件」「年間120件」のようにも書けます。)読めるまで達成率は計算しません。`,
      en: `Target "${value}": ${reasonEn} (Cumulative and yearly targets may also be written "累計500件", "年間120件".) No achievement rate is computed until it can be read.`,
    }),
  }),
  'hierarchy.number-mismatch': rule<{ item: string; expected: string }>({
    title: { ja: '番号と名称の不一致', en: 'Number and title disagree' },
    message: ({ item, expected }) => ({
      ja: `「${item}」の番号が施策体系と違います。施策体系では「${expected}」です。`,
      en: `The number of "${item}" differs from the strategy, which has "${expected}".`,
    }),
  }),
  'hierarchy.wrong-parent': rule<{ item: string; parent: string; expected: string }>({
    title: { ja: '上位の施策が違う', en: 'Item under the wrong parent' },
    message: ({ item, parent, expected }) => ({
      ja: `「${item}」は「${parent}」の下にありますが、施策体系では「${expected}」の項目です。`,
      en: `"${item}" is placed under "${parent}", but in the strategy it belongs to "${expected}".`,
    }),
  }),
  'hierarchy.restatement-missing-original': rule<{ what: string; original: string }>({
    title: { ja: '再掲の元がない', en: 'Restatement without its original' },
    message: ({ what, original }) => ({
      ja: `「${what}」は再掲ですが、元の「${original}」に同じものがありません。再掲の元を確認してください。`,
      en: `"${what}" is restated (再掲), but its original "${original}" does not list it. Check what it restates.`,
    }),
  }),
  'ownership.unknown-department': rule<{ department: string }>({
    title: { ja: '部署一覧にない所管部署', en: 'Unknown department' },
    message: ({ department }) => ({
      ja: `所管部署「${department}」は施策体系の部署一覧にありません。正式な課・室名で記入してください。`,
      en: `The department "${department}" is not in the strategy's department list. Write the official name.`,
    }),
  }),
  'ownership.not-owner': rule<{ department: string; item: string; owners: string }>({
    title: { ja: '所管でない項目', en: 'Department does not own the item' },
    message: ({ department, item, owners }) => ({
      ja: `「${department}」は「${item}」の所管部署ではありません(所管: ${owners})。部署名か項目を確認してください。`,
      en: `"${department}" is not an owner of "${item}" (owners: ${owners}). Check the department or the item.`,
    }),
  }),
  'ownership.other-department': rule<{ department: string; submitter: string; item: string }>({
    title: { ja: '他部署の行', en: "Another department's row" },
    message: ({ department, submitter, item }) => ({
      ja: `この行は「${department}」の所管です。「${submitter}」は「${item}」の所管部署ではないため提出できません。この行を削除するか、所管部署を確認してください。`,
      en: `This row belongs to "${department}". "${submitter}" does not own "${item}" and cannot submit it. Remove the row or check the department.`,
    }),
  }),
  'ownership.co-owner-row': rule<{ department: string; submitter: string; item: string }>({
    title: { ja: '共管部署の行', en: "A co-owner's row" },
    message: ({ department, submitter, item }) => ({
      ja: `この行は「${department}」の所管です。「${submitter}」も「${item}」の所管部署なので理由を書けば提出できますが、値が「${department}」の提出と異なるときは企画課が確認します。`,
      en: `This row belongs to "${department}". "${submitter}" co-owns "${item}", so it may be submitted with a reason; if its values differ from "${department}"'s submission, the planning office decides.`,
    }),
  }),
  'kpi.kind-count': rule<{ kpi: string; kind: string; count: number }>({
    title: { ja: '現状値・実績値・指標値の行数', en: 'Baseline / actual / target rows' },
    message: ({ kpi, kind, count }) => ({
      ja:
        kind === '実績値'
          ? `KPI「${kpi}」に実績値の行がありません。1 行以上記入してください。`
          : `KPI「${kpi}」の${kind}が ${count} 行あります。${kind}は 1 行だけ記入してください。`,
      en:
        kind === '実績値'
          ? `The KPI "${kpi}" has no actual (実績値) row; write at least one.`
          : `The KPI "${kpi}" has ${count} ${kind} rows; write exactly one.`,
    }),
  }),
  'kpi.unit-missing': rule<{ kpi: string }>({
    title: { ja: '単位がない', en: 'Unit missing' },
    message: ({ kpi }) => ({
      ja: `KPI「${kpi}」の単位が記入されていません。`,
      en: `The KPI "${kpi}" has no unit.`,
    }),
  }),
  'kpi.unit-inconsistent': rule<{ kpi: string; unit: string; first: string }>({
    title: { ja: '単位の不一致', en: 'Units differ' },
    message: ({ kpi, unit, first }) => ({
      ja: `KPI「${kpi}」の単位「${unit}」が最初の行の「${first}」と違います。1 つの KPI は同じ単位で記入してください。`,
      en: `The unit "${unit}" of the KPI "${kpi}" differs from "${first}" in its first row; use one unit per KPI.`,
    }),
  }),
  'kpi.dash-not-allowed': rule<{ kind: string }>({
    title: { ja: '「-」を使えない行', en: '"-" not allowed here' },
    message: ({ kind }) => ({
      ja: `${kind}に「-」(値なし)は使えません。「-」は新しい KPI で現状値がない場合だけです。`,
      en: `"-" (no value) is not allowed in a ${kind} row; it is only for the baseline of a new KPI.`,
    }),
  }),
  'kpi.period-invalid': rule<{ period: string; kind: string; reason: Bilingual }>({
    title: { ja: '読めない年・年度', en: 'Period not understood' },
    // The reason is the period reader's own (shared/domain/messages.ts): an era missing, a date that does not exist …
    message: ({ period, kind, reason }) => ({
      ja: `${kind}の年・年度「${period}」を読めません。${reason.ja}`,
      en: `The ${kind} period "${period}" is not understood. ${reason.en}`,
    }),
  }),
  'kpi.period-order': rule<{ kpi: string; earlier: string; later: string }>({
    title: { ja: '年・年度の順序', en: 'Periods out of order' },
    message: ({ kpi, earlier, later }) => ({
      ja: `KPI「${kpi}」の${later}の年・年度が${earlier}より後になっていません。現状値は実績値より前、実績値は指標値以前の年度です。`,
      en: `In the KPI "${kpi}" the ${later} period is not after the ${earlier}: the baseline precedes the results, which do not pass the target year.`,
    }),
  }),
  'kpi.target-invalid': rule<{ value: string }>({
    title: { ja: '空の指標値', en: 'Target missing' },
    message: ({ value }) => ({
      ja: `指標値が記入されていません${value ? `(「${value}」)` : ''}。目標を「120,000」「25%増(対H25年比)」のように記入してください(目標がない場合は「-」)。`,
      en: `The target is not written${value ? ` ("${value}")` : ''}. Write it like "120,000" or "25%増(対H25年比)" ("-" when there is none).`,
    }),
  }),
  'kpi.unit-target-mismatch': rule<{ kpi: string; unit: string; targetUnit: string }>({
    title: { ja: '単位と指標値の不一致', en: 'Unit does not fit the target' },
    message: ({ kpi, unit, targetUnit }) => ({
      ja: `KPI「${kpi}」の単位「${unit}」と指標値の単位「${targetUnit}」が合いません。単位か指標値を直してください。`,
      en: `The unit "${unit}" of the KPI "${kpi}" does not fit the target's unit "${targetUnit}". Fix the unit or the target.`,
    }),
  }),
  'kpi.restatement-mismatch': rule<{
    kpi: string;
    kind: string;
    value: string;
    other: string;
    where: string;
  }>({
    title: { ja: '再掲 KPI の値の不一致', en: 'Restated KPI differs' },
    message: ({ kpi, kind, value, other, where }) => ({
      ja: `KPI「${kpi}」の${kind}「${value}」が、同じ KPI の ${where} の「${other}」と違います。再掲する KPI はどこでも同じ値にしてください。`,
      en: `The ${kind} "${value}" of the KPI "${kpi}" differs from "${other}" at ${where}; a restated KPI must have the same values everywhere.`,
    }),
  }),
  'kpi-schema.unknown-name': rule<{ kpi: string; item: string; defined: string }>({
    title: { ja: '施策体系にない KPI', en: 'KPI not defined for the item' },
    message: ({ kpi, item, defined }) => ({
      ja: `KPI「${kpi}」は施策体系で「${item}」の KPI にありません(定義されている KPI: ${defined})。KPI 名を総合戦略どおりに記入してください。`,
      en: `The KPI "${kpi}" is not a KPI of "${item}" in the strategy (defined: ${defined}). Write the KPI name as the strategy has it.`,
    }),
  }),
  'kpi-schema.unit': rule<{ kpi: string; unit: string; defined: string }>({
    title: { ja: '定義と違う単位', en: 'Unit differs from the definition' },
    message: ({ kpi, unit, defined }) => ({
      ja: `KPI「${kpi}」の単位「${unit}」が施策体系の単位「${defined}」と違います(「-」は単位なし)。`,
      en: `The unit "${unit}" of the KPI "${kpi}" differs from the strategy's unit "${defined}" ("-" means no unit).`,
    }),
  }),
  'kpi-schema.target-changed': rule<{ kpi: string; what: string; value: string; defined: string }>({
    title: { ja: '定義と違う指標値', en: 'Target differs from the definition' },
    message: ({ kpi, what, value, defined }) => ({
      ja: `KPI「${kpi}」の指標値の${what}「${value}」が施策体系の「${defined}」と違います。目標は総合戦略で決まっており、KPI 表では変えられません。`,
      en: `The target ${what === '数値' ? 'value' : 'period'} "${value}" of the KPI "${kpi}" differs from the strategy's "${defined}"; targets are set by the strategy, not in the KPI table.`,
    }),
  }),
  'kpi-schema.baseline-changed': rule<{ kpi: string; what: string; value: string; defined: string }>({
    title: { ja: '定義と違う現状値', en: 'Baseline differs from the definition' },
    message: ({ kpi, what, value, defined }) => ({
      ja: `KPI「${kpi}」の現状値の${what}「${value}」が施策体系の「${defined}」と違います。`,
      en: `The baseline ${what === '数値' ? 'value' : 'period'} "${value}" of the KPI "${kpi}" differs from the strategy's "${defined}".`,
    }),
  }),
  'kpi-schema.period-outside-plan': rule<{
    kpi: string;
    kind: string;
    period: string;
    from: number;
    to: number;
  }>({
    title: { ja: '計画期間外の年度', en: 'Period outside the plan' },
    message: ({ kpi, kind, period, from, to }) => ({
      ja: `KPI「${kpi}」の${kind}の年・年度「${period}」が計画期間(${from}〜${to}年度)の外です。計画期間より前にできるのは現状値と(統計の遅れによる)実績値だけです。`,
      en: `The ${kind} period "${period}" of the KPI "${kpi}" lies outside the plan period (FY${from}–${to}); only a baseline and (statistics lag) an actual may precede it.`,
    }),
  }),
  'kpi-schema.missing-kpi': rule<{ kpis: string; count: number }>({
    title: { ja: '記入のない KPI', en: 'KPIs missing' },
    message: ({ kpis, count }) => ({
      ja: `施策体系で定められた KPI のうち ${count} 件がありません: ${kpis}`,
      en: `${count} KPI(s) the strategy assigns here are missing: ${kpis}`,
    }),
  }),
  'kpi-schema.missing-actual': rule<{ kpi: string; year: string }>({
    title: { ja: '実績値がない', en: 'Actual value missing' },
    message: ({ kpi, year }) => ({
      ja: `KPI「${kpi}」の ${year} の実績値がありません。実績値を記入してください(集計中なら「…」)。`,
      en: `The KPI "${kpi}" has no actual value for ${year}. Write it ("…" while it is being collected).`,
    }),
  }),
  'kpi-schema.not-checked': rule<Record<string, never>>({
    title: { ja: 'KPI の照合なし', en: 'KPIs not checked' },
    message: () => ({
      ja: '施策体系に KPI が定義されていないため、KPI の照合はしていません。',
      en: 'The strategy defines no KPIs, so KPI names, units and targets were not checked.',
    }),
  }),
  'progress.missing-text': rule<{ column: string }>({
    title: { ja: '記入のない欄', en: 'Empty text' },
    message: ({ column }) => ({
      ja: `「${column}」が空欄です。取組がない場合はその旨を記入してください。`,
      en: `"${column}" is empty. If there is nothing to report, say so.`,
    }),
  }),
  'progress.plan-copies-results': rule<{ results: string; plan: string }>({
    title: { ja: '実績の写し', en: 'Plan copies the results' },
    message: ({ results, plan }) => ({
      ja: `「${plan}」が「${results}」と同じ文です。次年度の取組予定を記入してください。`,
      en: `"${plan}" repeats "${results}" word for word. Write next year's plan.`,
    }),
  }),
  'progress.results-copies-previous-plan': rule<{ column: string }>({
    title: { ja: '前回の予定の写し', en: 'Last plan copied' },
    message: ({ column }) => ({
      ja: `${column}が、参考として示した前回報告の取組予定と同じ文です。予定をそのまま写さず、実際に行ったことと結果を書いてください。`,
      en: `${column} is word for word last report's plan shown beside it. Write what was actually done and its result.`,
    }),
  }),
  'progress.plan-past-tense': rule<{ sentence: string; column: string }>({
    title: { ja: '取組予定が過去形', en: 'Plan written in the past tense' },
    message: ({ sentence, column }) => ({
      ja: `「${column}」の「${sentence}」が過去形です。前年度の実績を写していないか確認し、予定の形(〜する。)で記入してください。`,
      en: `"${sentence}" in "${column}" is in the past tense. Check it was not copied from the results and write it as a plan.`,
    }),
  }),
  'progress.stale-year': rule<{ year: string; column: string }>({
    title: { ja: '古い年度', en: 'Stale year' },
    message: ({ year, column }) => ({
      ja: `「${column}」に古い年度「${year}」があります。前の報告から写した文が残っていないか確認してください。`,
      en: `"${column}" mentions the old year "${year}". Check for text left over from an earlier report.`,
    }),
  }),
  'progress.year-mismatch': rule<{ results: string; plan: string }>({
    title: { ja: '実績と予定の年度', en: 'Results and plan years' },
    message: ({ results, plan }) => ({
      ja: `見出しの年度が合いません(「${results}」と「${plan}」)。取組予定は実績の翌年度です。`,
      en: `The header years disagree ("${results}" and "${plan}"): the plan is for the year after the results.`,
    }),
  }),
  'project.funds-sum': rule<{ year: string; total: string; sum: string }>({
    title: { ja: '財源の合計', en: 'Sources of funds do not add up' },
    message: ({ year, total, sum }) => ({
      ja: `${year}の財源の合計 ${sum} 千円が事業費総額 ${total} 千円と一致しません。`,
      en: `In ${year} the sources of funds add up to ${sum} thousand yen, not the total of ${total}.`,
    }),
  }),
  'project.per-capita': rule<{ printed: string; expected: string }>({
    title: { ja: '市民一人あたりの費用', en: 'Cost per citizen' },
    message: ({ printed, expected }) => ({
      ja: `市民一人あたりの費用 ${printed} 円が、事業費総額(千円)×1000÷人口 = ${expected} 円と合いません。`,
      en: `The cost per citizen ${printed} yen differs from total (thousand yen) × 1000 ÷ population = ${expected} yen.`,
    }),
  }),
  'project.evaluation-unknown': rule<{ value: string; list: string }>({
    title: { ja: '評価の区分', en: 'Evaluation not in the list' },
    message: ({ value, list }) => ({
      ja: `評価「${value}」は評価区分にありません。次から選んでください: ${list}`,
      en: `The evaluation "${value}" is not one of the municipality's words: ${list}`,
    }),
  }),
  'project.not-in-strategy': rule<{ name: string }>({
    title: { ja: '主な事業にない事業', en: 'Project not among the main projects' },
    message: ({ name }) => ({
      ja: `事業「${name}」は総合戦略の主な事業にありません。事業名を確認してください(戦略外の事業なら理由を添えて提出できます)。`,
      en: `The project "${name}" is not among the strategy's main projects. Check its name (a project outside the strategy can be submitted with a reason).`,
    }),
  }),
  'project.missing-field': rule<{ field: string }>({
    title: { ja: '記入のない項目', en: 'Field empty' },
    message: ({ field }) => ({
      ja: `「${field}」が記入されていません。`,
      en: `"${field}" is empty.`,
    }),
  }),
  'general.formula-error': rule<{ value: string }>({
    title: { ja: '数式のエラー', en: 'Formula error' },
    message: ({ value }) => ({
      ja: `セルが数式のエラー「${value}」になっています。参照先の行や列が削除されていないか確認してください。`,
      en: `The cell shows the formula error "${value}". Check whether a referenced row or column was deleted.`,
    }),
  }),
  'general.number-as-text': rule<{ value: string }>({
    title: { ja: '文字列として保存された数値', en: 'Number stored as text' },
    message: ({ value }) => ({
      ja: `「${value}」が数値ではなく文字列として入力されています。集計できるよう数値で入力してください。`,
      en: `"${value}" is stored as text, not as a number; enter it as a number so it can be totalled.`,
    }),
  }),
  'general.stray-space': rule<{ value: string }>({
    title: { ja: '余分な空白・改行', en: 'Stray spaces or line breaks' },
    message: ({ value }) => ({
      ja: `「${value}」に見た目を整えるための空白や改行が入っています。セルの書式で整えてください。`,
      en: `"${value}" contains spaces or line breaks used for layout; use cell formatting instead.`,
    }),
  }),
  'general.too-long': rule<{ length: number; limit: number }>({
    title: { ja: '長すぎるセル', en: 'Cell too long' },
    message: ({ length, limit }) => ({
      ja: `セルの文字数が ${length} 字あり、上限の ${limit} 字を超えています。要点に絞ってください。`,
      en: `The cell has ${length} characters, over the limit of ${limit}.`,
    }),
  }),
  'template.unrecognized': rule<{ missing: string[] }>({
    title: { ja: '認識できないシート', en: 'Sheet not recognized' },
    message: ({ missing }) => ({
      ja: `このシートは KPI 表・進捗報告・主要施策成果シートのどれとしても認識できませんでした(見出しが見つかりません: ${missing.join(' / ')})。検証していません。`,
      en: `This sheet was not recognized as a KPI table, progress report or project result sheet (headers not found: ${missing.join(' / ')}). It was not checked.`,
    }),
  }),
} as const;

export type RuleId = keyof typeof ruleMessages;
export type RuleParams<R extends RuleId> = Parameters<(typeof ruleMessages)[R]['message']>[0];

/** Japanese names of the templates (report headings). */
export const templateLabels = {
  kpi: { ja: 'KPI表', en: 'KPI table' },
  progress: { ja: '進捗報告', en: 'progress report' },
  project: { ja: '主要施策成果シート', en: 'project result sheet' },
  unknown: { ja: '認識できない様式', en: 'unrecognized' },
} as const;

/** A workbook read fine but holds no report of the kind asked for (CLI `--kind`, a cycle's upload). */
export const templateMissingTexts = {
  kind: (kind: Exclude<keyof typeof templateLabels, 'unknown'>, found: string[]): Bilingual => ({
    ja: `${templateLabels[kind].ja}が見つかりません(見つかった様式: ${found.length > 0 ? found.join('、') : 'なし'})`,
    en: `No ${templateLabels[kind].en} found (found: ${found.length > 0 ? found.join(', ') : 'none'})`,
  }),
  any: {
    ja: '様式が見つかりません(KPI表・進捗報告・主要施策成果シートのどれとも読めるシートがありません)',
    en: 'No report template found (no sheet reads as a KPI table, a progress report or a project result sheet)',
  },
} satisfies Record<string, Bilingual | ((...a: never[]) => Bilingual)>;

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
  truncated: {
    ja: 'Excel ブック (.xlsx) として読み込めません。ファイルが途中で切れています(送信やコピーが最後まで終わっていない可能性があります)。',
    en: 'The workbook could not be read: the file is cut short (an upload or copy may not have finished).',
  },
  encrypted: {
    ja: 'パスワードで保護されたブックは読み込めません。Excel でパスワードを解除し、.xlsx 形式で保存し直してください。',
    en: 'Password-protected workbooks cannot be read. Remove the password in Excel and save as .xlsx.',
  },
  oldFormat: {
    ja: '古い形式の Excel ブック (.xls) です。Excel で .xlsx 形式で保存し直してください。',
    en: 'This is an old-format Excel workbook (.xls). Save it as .xlsx first.',
  },
  zipBomb: (mb: number): Bilingual => ({
    ja: `ブックを展開すると大きすぎます(展開後の上限 ${mb} MB、または記録された大きさより大きく展開されます)。不要なシートや書式を削除して保存し直してください。`,
    en: `The workbook is too large once unpacked (limit ${mb} MB, or it unpacks larger than it declares).`,
  }),
  tooManySheets: (count: number, limit: number): Bilingual => ({
    ja: `シートが ${count.toLocaleString('ja-JP')} 枚あり、読み込める上限(${limit.toLocaleString('ja-JP')} 枚)を超えています。報告に使うシートだけのブックにしてください。`,
    en: `The workbook has ${count} sheets, over the limit of ${limit}. Keep only the sheets of the report.`,
  }),
  tooManyCells: (limit: number): Bilingual => ({
    ja: `ブックのセルが多すぎます(全シートで ${limit.toLocaleString('ja-JP')} セルまで)。不要なシートや行を削除して保存し直してください。`,
    en: `The workbook has too many cells (limit ${limit} across all sheets). Delete unused sheets or rows and save again.`,
  }),
  tooManyMerges: (limit: number): Bilingual => ({
    ja: `結合セルが多すぎます(全シートで ${limit.toLocaleString('ja-JP')} か所まで)。不要な結合を解除して保存し直してください。`,
    en: `The workbook has too many merged areas (limit ${limit} across all sheets). Unmerge unused areas and save again.`,
  }),
  sheetTooWide: (sheet: string, range: string, limit: number): Bilingual => ({
    ja: `シート「${sheet}」の使用範囲 ${range} が広すぎます(全シートで ${limit.toLocaleString('ja-JP')} セルまで)。離れた位置にある不要なセルを削除して保存し直してください。`,
    en: `Sheet "${sheet}" spans ${range}, too wide to read (limit ${limit} cells across all sheets). Delete stray cells far from the table and save again.`,
  }),
  mergesOverlap: (sheet: string, range: string): Bilingual => ({
    ja: `シート「${sheet}」の結合セル ${range} がほかの結合セルと重なっています。ファイルが壊れている可能性があります。Excel で開いて保存し直してください。`,
    en: `Merged area ${range} on sheet "${sheet}" overlaps another; the file may be damaged. Open and save it again in Excel.`,
  }),
  unsafeXml: {
    ja: 'ブックの中に安全でない XML 定義(DOCTYPE・ENTITY)が含まれているため読み込みません。Excel で開いて保存し直してください。',
    en: 'The workbook contains unsafe XML declarations (DOCTYPE/ENTITY) and is not read. Open and save it again in Excel.',
  },
  cellTooLong: (where: string, length: number): Bilingual => ({
    ja: `セル ${where} の文字数が ${length.toLocaleString('ja-JP')} 字あり、Excel の上限(32,767 字)を超えています。`,
    en: `Cell ${where} holds ${length} characters, over Excel's limit of 32,767.`,
  }),
  empty: { ja: 'ブックにデータのあるシートがありません。', en: 'The workbook has no sheet with data.' },
  tooLarge: (mb: number): Bilingual => ({
    ja: `ファイルが大きすぎます(上限 ${mb} MB)。`,
    en: `The file is too large (limit ${mb} MB).`,
  }),
} satisfies Record<string, Bilingual | ((...a: never[]) => Bilingual)>;

/** Why a workbook is not a report of the kind asked for (a cycle's kind, or `sousei validate --kind`). */
export const reportKindTexts = {
  missing: (expected: Bilingual, found: Bilingual[]): Bilingual =>
    found.length > 0
      ? {
          ja: `${expected.ja}が見つかりません(見つかった様式: ${found.map((f) => f.ja).join('、')})`,
          en: `No ${expected.en} found (found: ${found.map((f) => f.en).join(', ')}).`,
        }
      : {
          ja: `${expected.ja}が見つかりません(様式を認識できるシートがありません)`,
          en: `No ${expected.en} found (no sheet was recognized as a template).`,
        },
  empty: (expected: Bilingual, sheets: string[]): Bilingual => ({
    ja: `${expected.ja}に行がありません(シート「${sheets.join('」「')}」は見出しだけです)`,
    en: `The ${expected.en} has no rows (sheet "${sheets.join('", "')}" holds the headers only).`,
  }),
} satisfies Record<string, (...a: never[]) => Bilingual>;
