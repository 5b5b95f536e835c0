/** Every user-facing text of the add-in and the browser page, Japanese first, English second. */
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
    ja: `シート「${sheet}」 — ${template === 'kpi' ? 'KPI表' : '認識できない様式'}(${rows} 行)`,
    en: `Sheet "${sheet}" — ${template === 'kpi' ? 'KPI table' : 'unrecognized'} (${rows} rows)`,
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
} as const;
