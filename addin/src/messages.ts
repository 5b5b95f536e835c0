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
  signedInAs: (department: string) => ({
    ja: `${department} としてサインインしています。`,
    en: `Signed in as ${department}.`,
  }),
  needsDepartmentToken: {
    ja: '課のトークンを入力してください(管理者トークンでは提出できません)。',
    en: 'Use your department token (the admin token cannot submit here).',
  },
  noCycle: { ja: '提出できる報告サイクルがありません。', en: 'No cycle to submit to.' },
  checkFirst: {
    ja: 'ブックを選んで検証してから提出してください。エラーがある間は提出できません。',
    en: 'Choose and check a workbook first; it cannot be submitted while it has errors.',
  },
  reasonNeeded: {
    ja: '警告があります。提出する理由を入力してください。',
    en: 'There are warnings: give a reason for submitting.',
  },
  versionLine: (version: number, at: string, name: string) => ({
    ja: `版 ${version}(${at})${name}`,
    en: `version ${version} (${at}) ${name}`,
  }),
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
    ja: 'ブラウザーでこのページを開くと、ブックを検証し、課のトークンで提出できます:',
    en: 'Open this page in a browser to check the workbook there and submit it with your department’s token:',
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
  returnedBanner: (version: number | null) => ({
    ja: `企画課から差し戻されました${version === null ? '' : `(版 ${version})`}。直して再提出してください。`,
    en: `The planning office returned your submission${version === null ? '' : ` (version ${version})`}: fix it and submit again.`,
  }),
  goToNote: (cell: string) => ({ ja: `セル ${cell} へ移動`, en: `Go to cell ${cell}` }),
  deadlineLine: (date: string) => ({ ja: `提出期限: ${date}`, en: `Deadline: ${date}` }),
  cycleClosedLine: {
    ja: 'この報告サイクルは締め切られています。提出が必要な場合は企画課に連絡してください。',
    en: 'This cycle is closed. Contact the planning office if you need to submit.',
  },
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

type Pair = { ja: string; en: string };
const pair = (ja: string, en: string): Pair => ({ ja, en });

/** The planning office's console at /console (same rule: Japanese first, English second). */
export const consoleTexts = {
  title: pair('企画課コンソール', 'Planning office console'),
  language: pair('表示言語', 'Language'),
  signInHeading: pair('管理者トークンでサインイン', 'Sign in with the admin token'),
  token: pair('管理者トークン', 'Admin token'),
  tokenHint: pair(
    'サービスの初回起動時に表示されたトークン(ss_…)。このタブを閉じるまでブラウザーに保持します。',
    'The token the service printed on its first start (ss_…). Kept in this browser tab until it closes.',
  ),
  signIn: pair('サインイン', 'Sign in'),
  signOut: pair('サインアウト', 'Sign out'),
  notAdmin: pair(
    'このトークンは部署のトークンです。コンソールには管理者トークンが必要です。',
    'This is a department token: the console needs the admin token.',
  ),
  unreachable: pair('サービスに接続できませんでした。', 'Could not reach the service.'),
  tabs: {
    status: pair('提出状況', 'Status'),
    cycles: pair('報告サイクル', 'Cycles'),
    tokens: pair('トークン', 'Tokens'),
    submission: pair('提出内容', 'Submission'),
    conflicts: pair('競合', 'Conflicts'),
    strategy: pair('施策体系', 'Strategy'),
    audit: pair('監査ログ', 'Audit log'),
  },
  cycle: pair('報告サイクル', 'Cycle'),
  kindLabel: pair('様式', 'Report kind'),
  noCycles: pair(
    '報告サイクルがありません。「報告サイクル」で作成してください。',
    'No cycles yet: create one under Cycles.',
  ),
  kind: {
    kpi: pair('KPI表', 'KPI table'),
    progress: pair('進捗報告', 'Progress report'),
    project: pair('主要施策成果', 'Project results'),
  },
  state: {
    missing: pair('未提出', 'Not submitted'),
    submitted: pair('提出済み', 'Submitted'),
    returned: pair('差し戻し中', 'Returned'),
    resubmitted: pair('再提出済み', 'Resubmitted'),
    overdue: pair('期限超過', 'Overdue'),
  },
  progress: (n: number, total: number) =>
    pair(`${n} / ${total} 部署が提出済み`, `${n} of ${total} departments submitted`),
  deadline: pair('締切日', 'Deadline'),
  noDeadline: pair('締切日なし', 'No deadline'),
  countdown: (days: number, hours: number, minutes: number) =>
    pair(
      `締切まで あと ${days} 日 ${hours} 時間 ${minutes} 分`,
      `${days} d ${hours} h ${minutes} min to the deadline`,
    ),
  pastDeadline: (date: string) => pair(`締切(${date})を過ぎました`, `The deadline (${date}) has passed`),
  closed: pair('締切済み(提出を受け付けません)', 'Closed (submissions refused)'),
  open: pair('受付中', 'Open'),
  updatedAt: (time: string) => pair(`最終更新 ${time}(5 秒ごとに自動更新)`, `Updated ${time} (every 5 s)`),
  openConflicts: (n: number) => pair(`未解決の競合 ${n} 件`, `${n} open conflicts`),
  showConflicts: pair('競合を解決する', 'Resolve conflicts'),
  filterState: pair('状態で絞り込み', 'Filter by state'),
  filterDepartment: pair('部署名で絞り込み', 'Filter by department'),
  all: pair('すべて', 'All'),
  sortBy: (column: string) => pair(`${column}で並べ替え`, `Sort by ${column}`),
  department: pair('部署', 'Department'),
  stateColumn: pair('状態', 'State'),
  version: pair('版', 'Version'),
  submittedAt: pair('提出日時', 'Submitted'),
  findingsColumn: pair('エラー / 警告', 'Errors / warnings'),
  actions: pair('操作', 'Actions'),
  view: pair('開く', 'Open'),
  viewOf: (department: string) => pair(`${department} の提出を開く`, `Open ${department}'s submission`),
  consolidated: pair('集約ブックをダウンロード', 'Download the consolidated workbook'),
  templatesZip: pair('全部署の様式 (zip)', "Every department's template (zip)"),
  template: pair('様式', 'Template'),
  templateOf: (department: string) =>
    pair(`${department} の様式をダウンロード`, `Download ${department}'s template`),
  downloading: pair('ダウンロード中…', 'Downloading…'),
  // Cycles
  createCycle: pair('報告サイクルを作成', 'Create a cycle'),
  cycleId: pair('ID(半角英数字)', 'Id (letters, digits, . _ -)'),
  fiscalYear: pair('対象年度(実績を報告する年度、西暦)', 'Fiscal year reported (results of that year)'),
  strategy: pair('施策体系', 'Strategy'),
  strategyVersion: pair('施策体系の版', 'Strategy version'),
  latest: pair('最新', 'Latest'),
  expected: pair('提出を求める部署', 'Departments expected to report'),
  expectedHint: pair(
    '既定は施策体系の所管部署すべて。',
    'Default: every department that owns something in the definition.',
  ),
  selectAll: pair('すべて選択', 'Select all'),
  selectNone: pair('選択を解除', 'Select none'),
  create: pair('作成', 'Create'),
  created: (id: string) => pair(`報告サイクル「${id}」を作成しました。`, `Cycle "${id}" created.`),
  close: pair('締め切る', 'Close'),
  reopen: pair('再開する', 'Reopen'),
  closeOf: (id: string) => pair(`「${id}」を締め切る`, `Close "${id}"`),
  reopenOf: (id: string) => pair(`「${id}」を再開する`, `Reopen "${id}"`),
  saveDeadline: pair('締切日を保存', 'Save the deadline'),
  expectedCount: (n: number) => pair(`${n} 部署`, `${n} departments`),
  // Tokens
  issueOne: pair('部署トークンを 1 件発行', 'Issue one department token'),
  issueMissing: pair('トークンのない部署すべてに発行', 'Issue a token to every department without one'),
  issueMissingHint: pair(
    '所管部署のうち、使えるトークン(失効・期限切れでないもの)がない部署に 1 件ずつ発行します。',
    'One token for each owning department that has no usable (unrevoked, unexpired) token.',
  ),
  expires: pair('有効期限(その日の終わりまで)', 'Expires (end of that day)'),
  issue: pair('発行', 'Issue'),
  issuedNone: pair('発行が必要な部署はありませんでした。', 'Every department already has a token.'),
  slipsHeading: (n: number) => pair(`配布票(${n} 件)`, `Hand-out slips (${n})`),
  slipsWarning: pair(
    'トークンはこの画面でだけ表示されます。印刷するか各部署へ渡してから閉じてください。閉じると二度と表示できません。',
    'The tokens are shown on this screen only. Print or hand them out before closing: they cannot be shown again.',
  ),
  print: pair('配布票を印刷', 'Print the slips'),
  closeSlips: pair('配布票を閉じる(トークンを消去)', 'Close the slips (forget the tokens)'),
  slipTitle: pair('sousei-sync 部署トークン 配布票', 'sousei-sync department token slip'),
  serviceUrl: pair('サービスの URL', 'Service URL'),
  slipHowTo: pair(
    'Excel の作業ウィンドウ「報告チェック」の [設定] で、サービスの URL とこのトークンを貼り付けて [保存] を押してください。ブラウザーの場合はサービスの URL を開き、トークンを貼り付けてサインインします。トークンは他人に教えないでください。',
    'In the Excel task pane (Check report) open Settings, paste the service URL and this token, and press Save. In a browser, open the service URL and sign in with the token. Keep the token to yourself.',
  ),
  tokenList: pair('発行済みトークン', 'Issued tokens'),
  role: pair('役割', 'Role'),
  createdAt: pair('発行日時', 'Created'),
  lastUsed: pair('最終使用', 'Last used'),
  expiresAt: pair('有効期限', 'Expires'),
  revokedAt: pair('失効', 'Revoked'),
  never: pair('なし', 'never'),
  revoke: pair('失効させる', 'Revoke'),
  revokeOf: (id: number, who: string) =>
    pair(`トークン ${id}(${who})を失効させる`, `Revoke token ${id} (${who})`),
  admin: pair('管理者', 'admin'),
  // Submission
  pickDepartment: pair('部署を選ぶ', 'Choose a department'),
  pickVersion: pair('版を選ぶ', 'Choose a version'),
  noSubmission: pair('この部署はまだ提出していません。', 'This department has not submitted yet.'),
  downloadFile: pair('提出されたファイルをダウンロード', 'Download the submitted file'),
  reason: pair('警告を残して提出した理由', 'Reason given for submitting with warnings'),
  noReason: pair('(理由なし)', '(none given)'),
  findings: pair('指摘', 'Findings'),
  noFindings: pair('指摘はありません。', 'No findings.'),
  severity: {
    error: pair('エラー', 'Error'),
    warning: pair('警告', 'Warning'),
    info: pair('情報', 'Info'),
  },
  suggestion: pair('修正案', 'Suggestion'),
  diffHeading: pair('前の版との違い', 'Changes from an earlier version'),
  against: pair('比べる版', 'Compare with version'),
  noEarlier: pair('比べる前の版がありません。', 'No earlier version to compare with.'),
  noChanges: pair('値の変わったセルはありません。', 'No cell changed.'),
  item: pair('項目', 'Item'),
  field: pair('欄', 'Field'),
  before: pair('変更前', 'Before'),
  after: pair('変更後', 'After'),
  rowBeforeAfter: pair('行(前 → 後)', 'Row (before → after)'),
  fieldNames: {
    value: pair('数値', 'value'),
    unit: pair('単位', 'unit'),
    results: pair('実績', 'results'),
    plan: pair('計画', 'plan'),
    years: pair('事業費', 'costs'),
    funds: pair('財源', 'funding'),
    perCapita: pair('市民 1 人あたり', 'per resident'),
    evaluations: pair('評価', 'evaluation'),
  },
  change: {
    changed: pair('変更', 'changed'),
    added: pair('追加', 'added'),
    removed: pair('削除', 'removed'),
  },
  returnsHeading: pair('差し戻しの履歴', 'Returns'),
  // Return
  returnHeading: pair('差し戻し', 'Return to the department'),
  comment: pair('コメント(必須)', 'Comment (required)'),
  notesFromFindings: pair('指摘からセルの注記を選ぶ', 'Cell notes from the findings'),
  typedNote: pair(
    'セルの注記を追加(例 KPI!E28 単位を確認してください)',
    'Add a cell note (e.g. KPI!E28 check the unit)',
  ),
  addNote: pair('注記を追加', 'Add the note'),
  badNote: pair(
    '「シート名!セル 注記」または「セル 注記」の形で入力してください(例 KPI!E28 単位を確認)。',
    'Write "Sheet!Cell note" or "Cell note" (e.g. KPI!E28 check the unit).',
  ),
  notes: pair('送る注記', 'Notes to send'),
  removeNote: (cell: string) => pair(`注記 ${cell} を外す`, `Remove note ${cell}`),
  sendReturn: pair('差し戻す', 'Return'),
  returnedOk: pair(
    '差し戻しました。部署の状態は「差し戻し中」になります。',
    'Returned: the department is now 差し戻し中.',
  ),
  // Conflicts
  openConflictsHeading: pair('未解決の競合', 'Open conflicts'),
  resolvedHeading: pair('解決済みの競合', 'Resolved conflicts'),
  noConflicts: pair('未解決の競合はありません。', 'No open conflicts.'),
  valueOf: (d: string) => pair(`${d} の値を使う`, `Use ${d}'s value`),
  typeValue: pair('値を入力する', 'Type the value'),
  value: pair('値', 'Value'),
  note: pair('判断の理由(必須)', 'Reason for the decision (required)'),
  resolve: pair('この値で解決', 'Resolve with this value'),
  decidedBy: pair('判断した人', 'Decided by'),
  decision: pair('採用した値', 'Value used'),
  // Strategy
  strategyUpload: pair(
    '施策体系の定義(JSON)か施策体系シートの Excel (.xlsx) を選ぶ',
    'Choose a definition (JSON) or a 施策体系 sheet (.xlsx)',
  ),
  understood: pair('読み取った内容', 'What was understood'),
  levels: pair('階層', 'Levels'),
  counts: pair('件数', 'Counts'),
  nodesPerLevel: (name: string, n: number) => pair(`${name} ${n} 件`, `${name}: ${n}`),
  kpiCount: (n: number) => pair(`KPI ${n} 件`, `${n} KPIs`),
  departmentCount: (n: number) => pair(`部署 ${n}`, `${n} departments`),
  tree: pair('項目の木', 'Item tree'),
  errors: pair('エラー', 'Errors'),
  warnings: pair('警告', 'Warnings'),
  save: pair('新しい版として保存', 'Save as a new version'),
  saved: (id: string, version: number) =>
    pair(`「${id}」の版 ${version} を保存しました。`, `Saved "${id}" version ${version}.`),
  versions: pair('保存された版', 'Stored versions'),
  unreadable: pair('読めないファイルです。', 'The file cannot be read.'),
  // Audit
  auditAction: pair('操作の種類', 'What'),
  auditWho: pair('誰が(部署名、または admin)', 'Who (a department, or admin)'),
  since: pair('この日から', 'From'),
  until: pair('この日より前', 'Before'),
  search: pair('絞り込む', 'Filter'),
  at: pair('日時', 'When'),
  target: pair('対象', 'Target'),
  detail: pair('内容', 'Detail'),
  client: pair('端末', 'Client'),
  actionNames: {
    cycle: pair('報告サイクル', 'cycles'),
    submission: pair('提出・差し戻し', 'submissions and returns'),
    conflict: pair('競合の解決', 'conflict decisions'),
    token: pair('トークン', 'tokens'),
    strategy: pair('施策体系', 'strategy definitions'),
  },
  noEntries: pair('該当する記録はありません。', 'No entries.'),
} as const;
