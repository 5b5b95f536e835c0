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
  internal: {
    ja: 'サーバー内部でエラーが発生しました。管理者に連絡してください。',
    en: 'Internal server error. Please contact the administrator.',
  },
} as const;

export const cliTexts = {
  usage: `使い方 / usage:
  sousei validate FILE.xlsx [--format text|json] [--strategy FILE|ID]   ブックを検証する / validate a workbook
  sousei strategy list                             同梱の施策体系の一覧 / list bundled strategy definitions
  sousei strategy check FILE|ID [--format text|json]  施策体系の定義を確認する / check a strategy definition (JSON or .xlsx)
  sousei strategy schema                           定義の JSON Schema を出力する / print the definition's JSON Schema
  sousei token create --department 部署名           部署のトークンを発行する / create a department token
  sousei token create --admin                       管理者トークンを発行する / create an admin token
  sousei serve                                      サービスを起動する / start the service

終了コード / exit codes: 0 = エラーなし, 1 = エラーあり, 2 = 読み込めない・使い方の誤り`,
  unknownOption: (o: string) => `不明なオプションです / unknown option: ${o}`,
  badFormat: (f: string) => `--format は text か json です / --format must be text or json (got ${f})`,
  noErrors: '✔ エラーはありません / no errors',
  summary: (e: number, w: number, i: number) =>
    `エラー ${e} 件・警告 ${w} 件・情報 ${i} 件 / ${e} errors, ${w} warnings, ${i} info`,
  tokenCreated: (who: string) =>
    `トークンを発行しました(${who})。この表示は一度だけです。安全に保管してください。\nToken created (${who}). It is shown only once; keep it safe.`,
  firstStart: (url: string, token: string) =>
    `\n初回起動: 管理者トークンを作成しました。この表示は一度だけです。\nFirst start: an admin token was created. It is shown only once.\n\n    ${token}\n\n開く / open: ${url}\n`,
} as const;
