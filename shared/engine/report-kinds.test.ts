import { describe, expect, it } from 'vitest';
import { checkReportKind, reportKinds } from './report-kinds';

const sheet = (name: string, template: 'kpi' | 'progress' | 'project' | 'unknown', rows: number) => ({
  sheet: name,
  template,
  rows,
});

describe('reportKinds', () => {
  it('lists each template once with its sheets and rows, in the order first seen', () => {
    expect(
      reportKinds([
        sheet('メモ', 'unknown', 0),
        sheet('進捗', 'progress', 12),
        sheet('KPI', 'kpi', 30),
        sheet('KPI (2)', 'kpi', 9),
      ]),
    ).toEqual([
      { kind: 'progress', sheets: [{ sheet: '進捗', rows: 12 }], rows: 12 },
      {
        kind: 'kpi',
        sheets: [
          { sheet: 'KPI', rows: 30 },
          { sheet: 'KPI (2)', rows: 9 },
        ],
        rows: 39,
      },
    ]);
  });
});

describe('checkReportKind', () => {
  it('accepts a workbook with rows of the expected template', () => {
    expect(checkReportKind([sheet('KPI', 'kpi', 3), sheet('メモ', 'unknown', 0)], 'kpi')).toMatchObject({
      ok: true,
      rows: 3,
    });
  });

  it('names the templates found when the expected one is missing', () => {
    const check = checkReportKind([sheet('進捗', 'progress', 12)], 'kpi');
    expect(check).toMatchObject({
      ok: false,
      problem: 'missing',
      message: {
        ja: 'KPI表が見つかりません(見つかった様式: 進捗報告)',
        en: 'No KPI table found (found: progress report).',
      },
    });
  });

  it('says no sheet was recognized when none was', () => {
    const check = checkReportKind([sheet('議事録', 'unknown', 0)], 'progress');
    expect(check.ok ? null : check.message.ja).toBe(
      '進捗報告が見つかりません(様式を認識できるシートがありません)',
    );
  });

  it('refuses a template with headers and no rows', () => {
    const check = checkReportKind([sheet('KPI', 'kpi', 0)], 'kpi');
    expect(check).toMatchObject({ ok: false, problem: 'empty' });
    expect(check.ok ? null : check.message.ja).toBe('KPI表に行がありません(シート「KPI」は見出しだけです)');
  });
});
