/** Every user-facing text of the service and the CLI, Japanese first, English second. */
export const apiErrors = {
  unauthorized: {
    ja: '認証が必要です。Authorization: Bearer <トークン> を付けてください。',
    en: 'Authentication required: send Authorization: Bearer <token>.',
  },
  forbidden: { ja: 'この操作の権限がありません。', en: 'You are not allowed to do this.' },
  notFound: { ja: '見つかりません。', en: 'Not found.' },
  cycleNotFound: { ja: '指定の報告サイクルがありません。', en: 'No such reporting cycle.' },
  cycleExists: { ja: '同じ ID の報告サイクルがすでにあります。', en: 'A cycle with this id already exists.' },
  tooLarge: (mb: number) => ({
    ja: `ファイルが大きすぎます(上限 ${mb} MB)。`,
    en: `The upload is too large (limit ${mb} MB).`,
  }),
  badJson: { ja: 'JSON として読めません。', en: 'The body is not valid JSON.' },
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
  noProjectSheet: {
    ja: '主要施策成果シートが見つかりません。「事業名」「事業費」「評価」の欄を確認してください。',
    en: 'No project result sheet was found in the workbook.',
  },
  noProgressSheet: {
    ja: '進捗報告の様式のシートが見つかりません。「具体的な施策」「所管部署」「実績」「取組予定」の見出しを確認してください。',
    en: 'No progress-report sheet was found in the workbook.',
  },
  internal: {
    ja: 'サーバー内部でエラーが発生しました。管理者に連絡してください。',
    en: 'Internal server error. Please contact the administrator.',
  },
} as const;

/** Texts written into the consolidated workbooks. */
export const consolidationTexts = {
  conflictCell: (candidates: { department: string; value: unknown }[]) =>
    `要確認: ${candidates.map((c) => `${c.department} ${String(c.value ?? '(空)')}`).join(' / ')}`,
  conflictNote:
    '部署によって値が異なります。取りまとめ担当(管理者)が「競合の解決」で値を決めるまで、どちらの値も採用していません。',
  summaryHeader: {
    kpis: 'KPI 数',
    withActual: '実績値のある KPI',
    conflicts: '要確認',
    departments: '所管部署',
  },
  achievementNote:
    '達成率の計算式: 現状値(基準)がある KPI は (実績値 − 現状値) ÷ (指標値 − 現状値)、ない KPI は 実績値 ÷ 指標値(下がるほどよい指標は 指標値 ÷ 実績値)。実績値は最新の年のもの。「25%増(対H25年比)」のような指標値は現状値から数値にしてから計算します。目標が 0 や現状値と同じで割り算ができないときは「達成/未達成」。',
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
  sousei validate FILE.xlsx [--format text|json] [--strategy FILE|ID] [--kind kpi|progress|project]
                                                   ブックを検証する / validate a workbook
  sousei strategy list                             同梱の施策体系の一覧 / list bundled strategy definitions
  sousei strategy check FILE|ID [--format text|json]  施策体系の定義を確認する / check a strategy definition (JSON or .xlsx)
  sousei strategy schema                           定義の JSON Schema を出力する / print the definition's JSON Schema
  sousei token create --department 部署名           部署のトークンを発行する / create a department token
  sousei token create --admin                       管理者トークンを発行する / create an admin token
  sousei serve                                      サービスを起動する / start the service

  sousei --help                                     この説明 / this help

終了コード / exit codes: 0 = エラーなし, 1 = エラーあり・様式が見つからない, 2 = 読み込めない・使い方の誤り`,
  unknownOption: (o: string) => `不明なオプションです / unknown option: ${o}`,
  badKind: (k: string) =>
    `--kind は kpi・progress・project のどれかです / --kind must be kpi, progress or project (got ${k})`,
  badFormat: (f: string) => `--format は text か json です / --format must be text or json (got ${f})`,
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
  tokenCreated: (who: string) =>
    `トークンを発行しました(${who})。この表示は一度だけです。安全に保管してください。\nToken created (${who}). It is shown only once; keep it safe.`,
  firstStart: (url: string, token: string) =>
    `\n初回起動: 管理者トークンを作成しました。この表示は一度だけです。\nFirst start: an admin token was created. It is shown only once.\n\n    ${token}\n\n開く / open: ${url}\n`,
} as const;
