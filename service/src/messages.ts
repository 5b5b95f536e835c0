/** A stored ISO time as city hall reads it: Japan time, to the minute (`2026-04-01 00:00`). */
export function japanTime(iso: string): string {
  const t = new Date(Date.parse(iso) + 9 * 3_600_000).toISOString();
  return `${t.slice(0, 10)} ${t.slice(11, 16)}`;
}

/** Every user-facing text of the service and the CLI, Japanese first, English second. */
export const apiErrors = {
  unauthorized: {
    ja: '認証が必要です。Authorization: Bearer <トークン> を付けてください。',
    en: 'Authentication required: send Authorization: Bearer <token>.',
  },
  tokenExpired: (at: string) => ({
    ja: `トークンの有効期限が切れています(期限切れ: ${japanTime(at)})。管理者に新しいトークンを発行してもらってください。`,
    en: `The token has expired (at ${at}). Ask the administrator for a new one.`,
  }),
  tokenRevoked: (at: string) => ({
    ja: `このトークンは失効しています(失効: ${japanTime(at)})。管理者に新しいトークンを発行してもらってください。`,
    en: `The token was revoked (at ${at}). Ask the administrator for a new one.`,
  }),
  expiryNotFuture: {
    ja: '有効期限は今より後の日付(YYYY-MM-DD、その日の終わりまで有効)か日時で指定してください。',
    en: 'The expiry must be a future date (YYYY-MM-DD, valid through that day) or date-time.',
  },
  ambiguousDepartment: (department: string, strategies: string[]) => ({
    ja: `部署「${department}」は複数の施策体系(${strategies.join('、')})にあります。どの自治体のトークンかを施策体系 ID で指定してください。`,
    en: `Department "${department}" is in several strategies (${strategies.join(', ')}): name the strategy id.`,
  }),
  tokenNotFound: { ja: '指定のトークンがありません。', en: 'No such token.' },
  tokenAlreadyRevoked: { ja: 'このトークンはすでに失効しています。', en: 'This token is already revoked.' },
  forbidden: { ja: 'この操作の権限がありません。', en: 'You are not allowed to do this.' },
  notYourStrategy: {
    ja: 'このトークンの施策体系(自治体)のものではありません。',
    en: 'This belongs to another strategy (municipality) than the token’s.',
  },
  notFound: { ja: '見つかりません。', en: 'Not found.' },
  cycleNotFound: { ja: '指定の報告サイクルがありません。', en: 'No such reporting cycle.' },
  cycleExists: { ja: '同じ ID の報告サイクルがすでにあります。', en: 'A cycle with this id already exists.' },
  cycleClosed: (id: string, at: string) => ({
    ja: `報告サイクル「${id}」は締め切られています(${japanTime(at)} に締切)。提出が必要な場合は企画課に再開を依頼してください。`,
    en: `The reporting cycle "${id}" is closed (since ${at}). Ask the planning office to reopen it if you need to submit.`,
  }),
  reasonRequired: {
    ja: '警告があります。警告を残したまま提出する理由を添えてください(JSON の reason、または X-Warning-Reason ヘッダー)。',
    en: 'There are warnings: give a reason for submitting despite them (reason in JSON, or the X-Warning-Reason header).',
  },
  cycleAlreadyClosed: {
    ja: 'この報告サイクルはすでに締め切られています。',
    en: 'This cycle is already closed.',
  },
  cycleNotClosed: { ja: 'この報告サイクルは締め切られていません。', en: 'This cycle is not closed.' },
  unknownDepartments: (names: string[]) => ({
    ja: `施策体系にない部署です: ${names.join('、')}`,
    en: `Not departments of the strategy: ${names.join(', ')}`,
  }),
  tooLarge: (mb: number) => ({
    ja: `ファイルが大きすぎます(上限 ${mb} MB)。`,
    en: `The upload is too large (limit ${mb} MB).`,
  }),
  badJson: { ja: 'JSON として読めません。', en: 'The body is not valid JSON.' },
  jsonTooDeep: {
    ja: 'JSON の入れ子が深すぎます(この API の要求は 3 段ほどです)。',
    en: 'The JSON is nested too deeply (this API’s requests are about 3 levels deep).',
  },
  badRequest: { ja: 'リクエストの内容が正しくありません。', en: 'The request is not valid.' },
  unsupportedType: {
    ja: 'Excel ブック (.xlsx) または JSON で送ってください。',
    en: 'Send an Excel workbook (.xlsx) or JSON.',
  },
  validationFailed: {
    ja: 'エラーがあるため受け付けませんでした。指摘を直して再提出してください。',
    en: 'Not accepted: the submission has errors. Fix them and submit again.',
  },
  adminNeedsDepartment: {
    ja: '管理者が提出する場合は X-Department ヘッダーで部署を指定してください。',
    en: 'An admin submitting must name the department in the X-Department header.',
  },
  unknownDepartment: (d: string) => ({
    ja: `部署「${d}」は登録されていません。`,
    en: `Unknown department "${d}".`,
  }),
  unknownStrategy: { ja: '指定の施策体系がありません。', en: 'No such strategy definition.' },
  kpiImportIncomplete: {
    ja: 'KPI表の取り込みを保存できません。undecided の KPI に direction を指定するか、errors を直してください。',
    en: 'The KPI import cannot be stored: give a direction for each undecided KPI, or fix the errors.',
  },
  kpiCycleWithoutKpis: (id: string, version: number) => ({
    ja: `施策体系 ${id}(版 ${version})には KPI が定義されていないため、KPI の照合はできません。議会で承認された KPI表を POST /api/strategy/${id}/import-kpis(または npx sousei strategy import-kpis)で取り込んでください。`,
    en: `Strategy ${id} (version ${version}) defines no KPIs, so KPI rows cannot be checked against a KPI schema: import the council-approved KPI table with POST /api/strategy/${id}/import-kpis (or npx sousei strategy import-kpis).`,
  }),
  submissionNotFound: { ja: '指定の提出がありません。', en: 'No such submission.' },
  conflictNotFound: { ja: '指定の競合がありません。', en: 'No such conflict.' },
  conflictNotOpen: {
    ja: 'この競合は解決済みか、新しい提出で置き換えられています。最新の一覧を確認してください。',
    en: 'This conflict is already resolved or superseded by a newer submission.',
  },
  notYourDepartment: {
    ja: '他の部署の提出は見られません。',
    en: 'You cannot read another department’s submissions.',
  },
  badIdempotencyKey: {
    ja: 'Idempotency-Key は英数字と記号 200 文字までで指定してください。',
    en: 'Idempotency-Key must be up to 200 visible ASCII characters.',
  },
  idempotencyKeyReused: {
    ja: 'この Idempotency-Key は別の内容の提出にすでに使われています。新しいキーで送ってください。',
    en: 'This Idempotency-Key was already used for a different request; send it with a new key.',
  },
  noFile: {
    ja: 'この提出には元のファイルがありません(JSON で提出)。',
    en: 'This submission has no file (sent as JSON).',
  },
  rowsDropped: (previous: number, now: number) => ({
    ja: `前回の版より行が半分以上減っています(前回 ${previous} 行 → 今回 ${now} 行)。意図したものであれば理由を添えて提出してください。`,
    en: `This version has less than half the rows of your previous one (${previous} → ${now} rows). If that is intended, submit it again with a reason.`,
  }),
  badUtf8: {
    ja: 'JSON の文字コードが正しくありません。UTF-8 で送ってください。',
    en: 'The JSON body is not valid UTF-8.',
  },
  departmentBusy: (seconds: number) => ({
    ja: `この部署の提出を処理中で、待っている提出も多すぎます。${seconds} 秒ほど待ってから送り直してください。`,
    en: `Submissions of this department are being processed and too many wait; send again in about ${seconds} seconds.`,
  }),
  tooManyFailures: (seconds: number) => ({
    ja: `認証に失敗した要求が多すぎます。${seconds} 秒ほど待ってから、正しいトークンで送ってください。`,
    en: `Too many requests with a missing or wrong token; wait about ${seconds} seconds and use a valid token.`,
  }),
  tooManyRequests: (seconds: number) => ({
    ja: `要求が多すぎます。${seconds} 秒ほど待ってから送り直してください。`,
    en: `Too many requests; send again in about ${seconds} seconds.`,
  }),
  shuttingDown: {
    ja: 'サービスを停止しています。しばらくしてから送り直してください。',
    en: 'The service is shutting down; send again shortly.',
  },
  internal: {
    ja: 'サーバー内部でエラーが発生しました。管理者に連絡してください。',
    en: 'Internal server error. Please contact the administrator.',
  },
} as const;

/** Answers of the workbook worker pool, shown like the reader's problems. */
export const poolTexts = {
  timeout: (ms: number) => ({
    ja: `ブックの読み込みが制限時間(${Math.round(ms / 1000)} 秒)内に終わりませんでした。結合セルや書式の多すぎるシートがないか確認し、不要なシートを削除して保存し直してください。`,
    en: `Reading the workbook did not finish within the time limit (${Math.round(ms / 1000)} s); remove unneeded sheets, merged cells or formatting and save it again.`,
  }),
  outOfMemory: {
    ja: 'ブックが大きすぎて読み込めません(メモリの上限を超えました)。不要なシート・行・結合セルを削除して保存し直してください。',
    en: 'The workbook is too large to read (it exceeded the memory limit); remove unneeded sheets, rows or merged cells and save it again.',
  },
} as const;

/** Texts written into the consolidated workbooks. */
export const consolidationTexts = {
  conflictCell: (candidates: { department: string; value: string | number | boolean | null }[]) =>
    `要確認: ${candidates.map((c) => `${c.department} ${String(c.value ?? '(空)')}`).join(' / ')}`,
  conflictNote:
    '部署によって値が異なります。取りまとめ担当(管理者)が「競合の解決」で値を決めるまで、どちらの値も採用していません。',
  summaryHeader: {
    kpis: 'KPI 数',
    withActual: '実績値のある KPI',
    conflicts: '要確認',
    departments: '所管部署',
    byPlanningOffice: '企画課評価',
  },
  achievementNote:
    '達成率は指標値の種類ごとに計算します(根拠の列に式と年度): 水準(「120,000」)は 実績値 ÷ 指標値(下がるほどよい指標は 指標値 ÷ 実績値)、増減(「25%増(対H25年比)」「50人増加」)は (実績値 − 現状値) ÷ (指標値 − 現状値)、累計(「H27-31年度累計」「累計500件」)はその年までの実績値の合計 ÷ (指標値 × 経過年数/期間の年数)、年間(「H27-31の各年」「年間120件」)は最新の年の実績値 ÷ 年間の指標値、上下限(「0.2%未満」「…人確保」)と維持(「4万人以上の維持」)は達成/未達成。定性的な指標値は企画課が評価します。',
  basisHeader: '算定の根拠',
  conflictBasis: '値の食い違いを管理者が解決するまで算定しません',
  noTargetBasis: '指標値がないため算定できません',
  gradeNote: (scale: {
    grades: readonly { label: string; min: number | null; meaning: { ja: string } }[];
    unavailable: string;
  }) =>
    `評価: ${scale.grades.map((g) => `${g.label} ${g.meaning.ja}${g.min === null ? '' : `(${g.min}%以上)`}`).join('、')}、${scale.unavailable} 算定できない`,
  progressHeader: {
    item: '基本目標と基本的方向、具体的な施策',
    department: '所管部署',
    report: '進捗報告',
  },
  progressConflict: (
    senders: { department: string; results: string; plan: string }[],
    field: 'results' | 'plan',
  ) => `要確認: ${senders.map((s) => `${s.department}「${s[field]}」`).join(' / ')}`,
  projectSummary: {
    sheetName: '事業一覧',
    title: '主要施策成果 事業一覧',
    name: '事業名',
    department: '所管部署',
    total: '事業費(千円)',
    funds: '財源(最新年度)',
    perCapita: '市民一人当たりコスト',
    evaluation: '評価',
    sheet: 'シート',
    check: '確認',
    conflict: (departments: string[]) => `要確認: ${departments.join('、')} も異なる金額で提出`,
  },
  met: '達成',
  notMet: '未達成',
  unavailable: '−',
} as const;

export const cliTexts = {
  usage: `使い方 / usage:
  sousei validate FILE.xlsx [--format text|json] [--strategy FILE|ID] [--kind kpi|progress|project] [--fiscal-year 2024]
                                                   ブックを検証する(年度: その年度の実績値を求める) / validate a workbook (year: require its 実績値)
  sousei strategy list                             同梱の施策体系の一覧 / list bundled strategy definitions
  sousei strategy check FILE|ID [--format text|json]  施策体系の定義を確認する / check a strategy definition (JSON or .xlsx)
  sousei strategy schema                           定義の JSON Schema を出力する / print the definition's JSON Schema
  sousei strategy import-kpis KPI表.xlsx --into DEF.json|ID [--out NEW.json] [--direction KPI名=up|down|maintain]…
                                                   KPI表の KPI を定義に加える / add a KPI table's KPIs to a definition
  sousei token create --department 部署名 [--strategy ID] [--expires YYYY-MM-DD]
                                                    部署のトークンを発行する / create a department token
  sousei token create --admin [--expires YYYY-MM-DD] 管理者トークンを発行する / create an admin token
  sousei token list [--format text|json]            トークンの一覧(値は表示しない) / list tokens
  sousei token revoke ID                            トークンを失効させる / revoke a token
  sousei serve                                      サービスを起動する / start the service

  sousei --help                                     この説明 / this help

終了コード / exit codes: 0 = エラーなし, 1 = エラーあり・様式が見つからない, 2 = 読み込めない・使い方の誤り`,
  unknownOption: (o: string) => `不明なオプションです / unknown option: ${o}`,
  badKind: (k: string) =>
    `--kind は kpi・progress・project のどれかです / --kind must be kpi, progress or project (got ${k})`,
  badFormat: (f: string) => `--format は text か json です / --format must be text or json (got ${f})`,
  badFiscalYear: (y: string) =>
    `--fiscal-year は西暦の年度です(例 2024) / --fiscal-year is a year such as 2024 (got ${y})`,
  noErrors: '✔ エラーはありません / no errors',
  summary: (e: number, w: number, i: number) =>
    `エラー ${e} 件・警告 ${w} 件・情報 ${i} 件 / ${e} errors, ${w} warnings, ${i} info`,
  unknownDepartment: (written: string, nearest: string | null, known: string[], strategies: string[]) =>
    [
      `部署「${written}」は登録されている施策体系(${strategies.join('、')})の部署一覧にありません。`,
      nearest
        ? `「${nearest}」のことですか?`
        : `登録されている部署: ${known.join('、')}\n別の自治体の部署は、その施策体系を PUT /api/strategy で登録してから発行してください。`,
      `Department "${written}" is not in the stored strategy definitions (${strategies.join(', ')}).`,
      nearest
        ? `Did you mean "${nearest}"?`
        : 'Register the municipality’s strategy with PUT /api/strategy first.',
    ].join('\n'),
  tokenCreated: (who: string, expiresAt: string | null) =>
    `トークンを発行しました(${who}${expiresAt ? `、有効期限 ${japanTime(expiresAt)} まで` : ''})。この表示は一度だけです。安全に保管してください。\nToken created (${who}${expiresAt ? `, expires ${expiresAt}` : ''}). It is shown only once; keep it safe.`,
  unexpectedArgument: (a: string) => `不明な引数です / unexpected argument: ${a}`,
  tokenSubcommand:
    'token の後に create・list・revoke のいずれかを指定してください / use "token create", "token list" or "token revoke ID"',
  departmentOrAdmin:
    '--department 部署名 か --admin のどちらか一方を指定してください / give --department NAME or --admin',
  adminHasNoStrategy:
    '管理者トークンはすべての施策体系に使えます。--strategy は部署トークンにだけ指定します / --strategy is for department tokens only',
  badExpiry: (written: string) =>
    `有効期限「${written}」は今より後の日付(YYYY-MM-DD、その日の終わりまで有効)で指定してください / --expires must be a future date YYYY-MM-DD`,
  unknownStrategy: (id: string, known: string[]) =>
    `施策体系「${id}」は登録されていません(登録済み: ${known.join('、')})。\nStrategy "${id}" is not stored (stored: ${known.join(', ')}).`,
  ambiguousDepartment: (department: string, strategies: string[]) =>
    `部署「${department}」は複数の施策体系(${strategies.join('、')})にあります。--strategy ID でどの自治体のトークンかを指定してください。\nDepartment "${department}" is in several strategies (${strategies.join(', ')}): give --strategy ID.`,
  revokeNeedsId:
    '失効させるトークンの ID を 1 つ指定してください(sousei token list で確認) / give one token id (see sousei token list)',
  tokenNotFound: (id: number) => `トークン ${id} はありません / no token ${id}`,
  tokenRevoked: (who: string) => `トークン ${who} を失効させました / token ${who} revoked`,
  tokenAlreadyRevoked: (id: number) =>
    `トークン ${id} はすでに失効しています / token ${id} was already revoked`,
  tokenListHeader: ['ID', '役割', '部署', '施策体系', '発行', '最終使用', '有効期限', '失効', 'ラベル'],
  firstStart: (url: string, token: string) =>
    `\n初回起動: 管理者トークンを作成しました。この表示は一度だけです。\nFirst start: an admin token was created. It is shown only once.\n\n    ${token}\n\n開く / open: ${url}\n`,
} as const;

/** Texts of the department templates the service generates (GET /api/cycles/:cycle/template.xlsx). */
export const templateTexts = {
  /** Excel footer codes: page n of m. */
  pageFooter: '&C&P / &N ページ (page &P of &N)',
  inputGuide:
    '色付きのセルに入力してください。ほかのセルは保護されています(校閲 › シート保護の解除 で解除できます)。 / Fill in the shaded cells; the others are protected (Review › Unprotect Sheet).',
  previousValue: (cycle: string) => `前回提出値(${cycle}) / value accepted in ${cycle}`,
  previousPlanHeader: (year: string) => `${year}の取組予定(前回報告・参考)`,
  listErrorTitle: '一覧にない値 / Not in the list',
  listError: '一覧から選んでください。 / Choose a value from the list.',
  numberErrorTitle: '数値ではありません / Not a number',
  decimalError: '数値だけを入力してください(単位は入れません)。 / Enter a number only, without its unit.',
  wholeError: '整数(千円単位)で入力してください。 / Enter a whole number (thousand yen).',
  cycleLine: (cycle: string, department: string) => `報告サイクル: ${cycle} / 所管部署: ${department}`,
  /** The one visible sheet of a project template for a department the definition names for no project. */
  noProjectsSheet: '事業なし',
  noProjects: (department: string) =>
    `施策体系の主な事業に ${department} の事業はありません。この回に提出する主要施策成果シートはありません。 / The strategy lists no project of ${department}: there is no project result sheet to submit in this cycle.`,
} as const;
