const templateLabels: Record<string, { ja: string; en: string }> = {
  kpi: { ja: 'KPI表', en: 'KPI table' },
  progress: { ja: '進捗報告', en: 'progress report' },
  project: { ja: '主要施策成果シート', en: 'project result sheet' },
};

/** The template a sheet was recognized as, by its kind (`kpi`, `progress`, `project`). */
export function templateLabel(kind: string): { ja: string; en: string } {
  return templateLabels[kind] ?? { ja: '認識できない様式', en: 'unrecognized template' };
}

/**
 * Every user-facing text of the add-in and the browser page, Japanese first, English second. The one
 * exception is the message shown on Trident/EdgeHTML: it lives in addin/public/bootstrap.js, the ES5
 * script that runs before (and instead of) this ES2022 bundle, which those webviews cannot parse.
 */
export const uiTexts = {
  appTitle: { ja: '総合戦略 報告チェック', en: 'Strategy Report Checker' },
  validate: { ja: 'このブックを検証', en: 'Check this workbook' },
  validating: { ja: '検証中…', en: 'Checking…' },
  dropHere: {
    ja: 'ここに Excel ブック (.xlsx) をドロップするか、クリックして選んでください',
    en: 'Drop an Excel workbook (.xlsx) here, or click to choose one',
  },
  dropHint: {
    ja: 'ファイルはこのブラウザの中だけで検証され、送信されません。',
    en: 'The file is checked inside this browser and is not uploaded.',
  },
  reading: (name: string) => ({ ja: `${name} を読み込み中…`, en: `Reading ${name}…` }),
  summary: (e: number, w: number, i: number) => ({
    ja: `エラー ${e} 件・警告 ${w} 件・情報 ${i} 件`,
    en: `${e} errors, ${w} warnings, ${i} info`,
  }),
  noFindings: { ja: '問題は見つかりませんでした。', en: 'No problems found.' },
  sheetHeading: (sheet: string, template: string, rows: number) => ({
    ja: `シート「${sheet}」 — ${templateLabel(template).ja}(${rows} 行)`,
    en: `Sheet "${sheet}" — ${templateLabel(template).en} (${rows} rows)`,
  }),
  severity: {
    error: { ja: 'エラー', en: 'Error' },
    warning: { ja: '警告', en: 'Warning' },
    info: { ja: '情報', en: 'Info' },
  },
  suggestion: { ja: '修正案', en: 'Suggestion' },
  outsideExcel: {
    ja: 'Excel の外で開かれています。Excel の [ホーム] → [報告チェック] から開いてください。',
    en: 'Opened outside Excel. Open it from Excel: Home > Check report.',
  },
  unexpected: { ja: '予期しないエラーが発生しました。', en: 'An unexpected error occurred.' },

  // Browser page: a municipality's own strategy definition
  strategyLoaded: (title: string) => ({
    ja: `施策体系「${title}」を読み込みました。このブラウザに保存され、次回も選べます。`,
    en: `Loaded the strategy "${title}". It is kept in this browser for next time.`,
  }),
  strategyRejected: (name: string) => ({
    ja: `${name} は施策体系の定義として読み込めません:`,
    en: `${name} cannot be loaded as a strategy definition:`,
  }),
  strategyOwnLabel: (title: string, from: number, to: number) => ({
    ja: `${title}(${from}〜${to}、読み込んだ定義)`,
    en: `${title} (${from}–${to}, loaded definition)`,
  }),

  // Task pane
  language: { ja: 'English', en: '日本語' },
  languageLabel: { ja: '表示言語を英語に切り替える', en: 'Switch the display language to Japanese' },
  recheck: { ja: '再検証', en: 'Check again' },
  // Browser page: progress of the check running in its worker
  readingSheets: (name: string, done: number, sheets: number) => ({
    ja: `${name} を読み込み中… ${done} / ${sheets} シート`,
    en: `Reading ${name}… ${done} / ${sheets} sheets`,
  }),
  validatingFile: (name: string) => ({ ja: `${name} を検証中…`, en: `Checking ${name}…` }),
  workerFailed: {
    ja: 'ブックの検証中にブラウザーのメモリーが足りなくなったか、処理が止まりました。ファイルを小さくして、もう一度お試しください。',
    en: 'The browser ran out of memory or stopped while checking the workbook. Try a smaller file.',
  },
  readingRows: (read: number, total: number) => ({
    ja: `読み込み中… ${read} / ${total} 行`,
    en: `Reading… ${read} / ${total} rows`,
  }),
  checkedAt: (time: string) => ({ ja: `${time} に検証`, en: `Checked at ${time}` }),
  liveOn: { ja: 'セルを直すと自動で再検証します', en: 'Edits are re-checked automatically' },
  markerTier: (v: string) => ({
    ja: `ExcelApi ${v}: 条件付き書式で表示(ご自身の書式は変えません)`,
    en: `ExcelApi ${v}: cells are marked with conditional formats (your formats stay)`,
  }),
  /** Below the pane's minimum ExcelApi: said instead of the pane; the workbook is not touched. */
  unsupportedExcel: (have: string, need: string) => ({
    ja: `この Excel (ExcelApi ${have}) では作業ウィンドウを使えません。ExcelApi ${need} 以上が必要です(Microsoft 365、Office 2021 以降、WebView2 のある Office 2016/2019 製品版、Excel on the web、Excel for Mac 16.30 以降)。ブックには何も書き込んでいません。`,
    en: `This Excel (ExcelApi ${have}) cannot run the task pane: it needs ExcelApi ${need} or later (Microsoft 365, Office 2021 or later, Office 2016/2019 retail with WebView2, Excel on the web, Excel for Mac 16.30 or later). Nothing was written to the workbook.`,
  }),
  browserPageLink: {
    ja: 'ブラウザーでこのページを開くと、ブックを検証できます(提出はできません):',
    en: 'Open this page in a browser to check the workbook there (it cannot submit):',
  },
  protectedSheets: (sheets: string) => ({
    ja: `保護されたシート(${sheets})にはセルの印を付けていません。指摘はこの一覧だけに表示します。`,
    en: `Protected sheets (${sheets}) get no cell marks: their findings are listed here only.`,
  }),
  markerFailed: {
    ja: 'セルの印を付けられませんでした。指摘は下の一覧のとおりで、エラーが残る間は提出できません:',
    en: 'The cell marks could not be written. The findings below still stand, and errors still block submitting:',
  },
  fileFailed: {
    ja: 'Excel からブックを取り出せませんでした。もう一度 [提出] を押してください:',
    en: 'Excel could not give the workbook file. Press Submit again:',
  },
  clearMarkers: { ja: 'セルの印を消す', en: 'Remove cell marks' },
  showComments: { ja: '指摘をセルのコメントにも表示する', en: 'Also show findings as cell comments' },
  findingsHeading: { ja: '検証結果', en: 'Findings' },
  applySuggestion: { ja: '修正案を反映', en: 'Apply suggestion' },
  goToCell: (sheet: string, cell: string) => ({
    ja: `シート「${sheet}」のセル ${cell} へ移動`,
    en: `Go to cell ${cell} on sheet "${sheet}"`,
  }),
  countsHeader: (e: number, w: number, i: number) => ({
    ja: `エラー ${e} ・ 警告 ${w} ・ 情報 ${i}`,
    en: `Errors ${e} · Warnings ${w} · Info ${i}`,
  }),
  templateRecognized: (sheet: string, template: string, columns: string) => ({
    ja: `シート「${sheet}」を ${templateLabel(template).ja} として認識${columns ? `: ${columns}` : ''}`,
    en: `Sheet "${sheet}" recognized as a ${templateLabel(template).en}${columns ? `: ${columns}` : ''}`,
  }),
  templateUnrecognized: (sheet: string) => ({
    ja: `シート「${sheet}」は様式を認識できませんでした`,
    en: `Sheet "${sheet}": template not recognized`,
  }),
  templateUnsure: {
    ja: '一部の列を見つけられませんでした。列の対応を確認してください',
    en: 'Some columns were not found: please check the column mapping',
  },
  columnAt: (label: string, letter: string) => ({
    ja: `${label} ${letter}列`,
    en: `${label} column ${letter}`,
  }),
  fixMapping: { ja: '列の対応を修正', en: 'Correct the column mapping' },
  headerRow: { ja: '見出しの行', en: 'Header row' },
  notMapped: { ja: '(なし)', en: '(none)' },
  applyMapping: { ja: 'この対応で検証', en: 'Check with this mapping' },
  resetMapping: { ja: '自動認識に戻す', en: 'Back to automatic detection' },
  mappingInUse: {
    ja: '手動の列対応で検証しています(ブックは変更しません)',
    en: 'Checked with your column mapping (the workbook is not changed)',
  },
  settings: { ja: '接続の設定', en: 'Connection settings' },
  serviceUrl: { ja: 'サービスの URL', en: 'Service URL' },
  token: { ja: '課のトークン(一度だけ貼り付け)', en: 'Department token (paste once)' },
  tokenSaved: { ja: 'トークンは保存済みです', en: 'A token is saved' },
  cycle: { ja: '報告の回(サイクル)', en: 'Reporting cycle' },
  save: { ja: '保存', en: 'Save' },
  signOut: { ja: 'トークンを消す', en: 'Forget the token' },
  strategySource: (name: string, source: 'service' | 'cache' | 'bundled') => ({
    ja: `施策体系: ${name}(${source === 'service' ? 'サービスから取得' : source === 'cache' ? '保存済みのもの(オフライン)' : 'アドインに同梱のもの'})`,
    en: `Strategy: ${name} (${source === 'service' ? 'from the service' : source === 'cache' ? 'cached copy (offline)' : 'bundled with the add-in'})`,
  }),
  templateButton: { ja: '様式をダウンロード', en: 'Download the template' },
  templateHint: {
    ja: 'この回の自課の様式(記入済みの項目・ドロップダウンつき)を新しいブックで開きます',
    en: 'Opens your department’s workbook for this cycle (items filled in, with dropdowns) as a new workbook',
  },
  templateOpened: { ja: '様式を新しいブックで開きました', en: 'The template opened as a new workbook' },
  templateLink: {
    ja: 'この Excel ではブックを開けないため、リンクから保存してください:',
    en: 'This Excel cannot open another workbook; save it from the link:',
  },
  templateFailed: { ja: '様式を取得できませんでした', en: 'The template could not be downloaded' },
  submitHeading: { ja: '取りまとめ担当へ提出', en: 'Submit to the planning office' },
  submit: { ja: '提出する', en: 'Submit' },
  submitBlockedErrors: (n: number) => ({
    ja: `エラーが ${n} 件あるため提出できません`,
    en: `${n} errors must be fixed before submitting`,
  }),
  submitNeedsCheck: {
    ja: 'ブックの検証が終わるまで提出できません(読み込めなかった場合は[再検証]を押してください)',
    en: 'Submitting waits for the workbook to be checked (if it could not be read, press Check again)',
  },
  submitNeedsSettings: {
    ja: '提出するには接続の設定(URL・トークン・回)が必要です',
    en: 'Submitting needs the connection settings (URL, token, cycle)',
  },
  warningReason: { ja: '警告が残る理由(必須)', en: 'Why the warnings remain (required)' },
  warningReasonHint: {
    ja: '例: 実績値は 6 月確定のため暫定値を記入',
    en: 'e.g. the actual value is provisional until June',
  },
  dropReason: {
    ja: '前回より行が大きく減った理由(必須)',
    en: 'Why this version has far fewer rows than the last (required)',
  },
  dropReasonHint: {
    ja: '例: 組織改編により 2 事業を都市経営課へ移管',
    en: 'e.g. two projects moved to another department in the reorganisation',
  },
  uploading: { ja: '送信中…', en: 'Sending…' },
  preparingFile: { ja: 'ブックを準備中…', en: 'Preparing the workbook…' },
  delivered: (version: number) => ({
    ja: `提出しました(版 ${version})`,
    en: `Submitted (version ${version})`,
  }),
  serverFindings: (n: number) => ({
    ja: `サービスの再検証: 指摘 ${n} 件`,
    en: `Checked again by the service: ${n} findings`,
  }),
  returned: { ja: '差し戻し', en: 'Returned' },
  version: (n: number) => ({ ja: `版 ${n}`, en: `version ${n}` }),
  rejected: { ja: '受け付けられませんでした', en: 'Not accepted' },
  queued: (n: number) => ({
    ja: `サービスに接続できません。提出 ${n} 件をこのパソコンに保存し、自動で再送します(失われません)`,
    en: `The service cannot be reached. ${n} submission(s) are kept on this computer and will be sent automatically (nothing is lost)`,
  }),
  nextRetry: (seconds: number) => ({ ja: `${seconds} 秒後に再送`, en: `retrying in ${seconds} s` }),
  retryNow: { ja: '今すぐ再送', en: 'Retry now' },
  sentAsFile: { ja: 'ブック(.xlsx)として送信', en: 'Sent as the workbook (.xlsx)' },
  sentAsRows: { ja: '表の行(JSON)として送信', en: 'Sent as table rows (JSON)' },
  networkError: { ja: 'サービスに接続できませんでした', en: 'Could not reach the service' },
} as const;
