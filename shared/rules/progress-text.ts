import type { Finding } from '../engine/findings';
import { normalizeText } from '../normalize/text';
import { headerFiscalYear } from '../templates/labels';
import type { RuleContext } from './context';
import { declareRules, findingOf } from './declare';

/** This family's rules: severity and line of docs/rules.md (messages: shared/messages.ts, by id). */
export const progressTextRules = declareRules({
  'progress.missing-text': {
    severity: 'warning',
    catalog: {
      checks: 'Both the 実績 and the 取組予定 texts of a department row are written.',
      failing:
        'an empty `R5年度(実績)` (産業推進室 and 水産課 under ② of 基本目標1, 社会援護課 under ⑤ of 基本目標2; both texts of 音別地域振興課 under ① of 基本目標4; seed)',
      passing: 'a written text, or `実績なし`',
    },
  },
  'progress.plan-copies-results': {
    severity: 'warning',
    catalog: {
      checks: 'The plan is not the results text again (compared without spaces and punctuation).',
      failing: '`R6年度(取組予定)` = `R5年度(実績)` word for word',
      passing: 'a plan that says what will be done',
    },
  },
  'progress.plan-past-tense': {
    severity: 'warning',
    catalog: {
      checks:
        'No sentence of the plan (ending in `。`) is in the past tense of a finished year (`…を行った。`, `…を開催した。`, `…となった。`). Noun phrases (`…を活かした企業誘致`) are not sentences and pass.',
      failing:
        '`・市内企業が開始する新たな農業生産法人の取組への支援を行った。` in R6年度(取組予定) (農林課; seed)',
      passing: '`…への支援を行う。`, `…を実施予定。`',
    },
  },
  'progress.stale-year': {
    severity: 'warning',
    catalog: {
      checks:
        'The plan mentions no fiscal year older than the results year (text left over from an older report). A span that reaches the results year is history and passes.',
      failing: '`R3年度に策定した方針に基づき…` in the R6 plan of an R5/R6 report',
      passing:
        '`令和6年度は…`, `R5年度実績を踏まえ…`, `平成30年度から令和5年度延期していたが、令和6年度は実施予定。` (スポーツ課, seed)',
    },
  },
  'progress.year-mismatch': {
    severity: 'error',
    catalog: {
      checks:
        "The plan column's year is the year after the results column's (headers read by era year, so the template works every year).",
      failing: '`R5年度(実績)` next to `R7年度(取組予定)`',
      passing: '`R5年度(実績)` / `R6年度(取組予定)`, `Ｒ５年度（実績）` / `令和６年度（取組予定）`',
    },
  },
});

const finding = findingOf(progressTextRules);

/**
 * progress.*: the texts of a progress report — both present, the plan not a copy of the results,
 * not written in the past tense of a finished year, no year older than the report's, and header years
 * that follow each other (results N, plan N+1).
 */
export function checkProgressText(ctx: RuleContext): Finding[] {
  if (!ctx.progress) return [];
  const { detection } = ctx.progress.sheet;
  const findings: Finding[] = [];
  const resultsColumn = detection.resultsHeader.trim();
  const planColumn = detection.planHeader.trim();

  for (const row of ctx.progress.rows) {
    const place = (field: 'results' | 'plan') => ({
      cell: row.cells[field],
      row: row.row,
      column: field === 'results' ? resultsColumn : planColumn,
    });
    if (row.results === '')
      findings.push(finding('progress.missing-text', { column: resultsColumn }, place('results')));
    if (row.plan === '') {
      findings.push(finding('progress.missing-text', { column: planColumn }, place('plan')));
      continue;
    }
    if (row.results !== '' && comparable(row.results) === comparable(row.plan)) {
      findings.push(
        finding('progress.plan-copies-results', { results: resultsColumn, plan: planColumn }, place('plan')),
      );
      continue;
    }
    const past = pastTenseSentence(row.plan);
    if (past)
      findings.push(
        finding('progress.plan-past-tense', { sentence: past, column: planColumn }, place('plan')),
      );
    if (detection.resultsYear !== null) {
      const stale = staleYear(row.plan, detection.resultsYear);
      if (stale)
        findings.push(finding('progress.stale-year', { year: stale, column: planColumn }, place('plan')));
    }
  }
  return findings;
}

/** Header years: the plan is for the year after the results. Reported once per sheet. */
export function checkProgressHeader(ctx: RuleContext): Finding[] {
  if (!ctx.progress) return [];
  const d = ctx.progress.sheet.detection;
  if (d.resultsYear === null || d.planYear === null || d.planYear === d.resultsYear + 1) return [];
  return [
    finding(
      'progress.year-mismatch',
      { results: d.resultsHeader.trim(), plan: d.planHeader.trim() },
      {
        cell: ctx.grid?.address(d.dataRow - 1, d.columns.plan) ?? null,
        row: d.dataRow - 1,
        column: d.planHeader,
      },
    ),
  ];
}

const comparable = (text: string) => normalizeText(text).replace(/[\s、。・,.]/g, '');

// A finished action: `…を行った。`, `…を開催した`, `…を実施しました。`, `…となった。`
const PAST = /(?:した|った|いた|えた|れた|ました|だった|であった|なった|きた|みた)$/;

/** The first sentence or bullet of a plan written in the past tense, or null. */
export function pastTenseSentence(text: string): string | null {
  // Only whole sentences (ending in 。): a bullet ending in `…を活かした` is a noun phrase, not a tense.
  for (const raw of text.split(/\r?\n|・|(?<=。)/)) {
    const sentence = normalizeText(raw);
    if (!sentence.endsWith('。')) continue;
    const body = sentence.replace(/[。)\s]+$/, '');
    if (body.length >= 4 && PAST.test(body)) return sentence;
  }
  return null;
}

const YEAR_MENTION = /(令和|平成|[RH])\s*(\d{1,2}|元)\s*年度/g;
// `平成30年度から令和5年度…`, `H30年度~R5年度`: the start of a span, judged by where the span ends.
const SPAN_END = /^\s*(?:から|~|-)\s*((?:令和|平成|[RH])\s*(?:\d{1,2}|元)\s*年度)/;

/**
 * A fiscal year mentioned in a plan that ended before the results year (copied from an old report).
 * A span reaching the results year (`平成30年度から令和5年度延期していたが…`) is history, not stale.
 */
export function staleYear(text: string, resultsYear: number): string | null {
  const normalized = normalizeText(text);
  for (const m of normalized.matchAll(YEAR_MENTION)) {
    const year = headerFiscalYear(m[0]);
    if (year === null || year >= resultsYear) continue;
    const spanEnd = SPAN_END.exec(normalized.slice(m.index + m[0].length))?.[1];
    const end = spanEnd === undefined ? null : headerFiscalYear(spanEnd);
    if (end !== null && end >= resultsYear) continue;
    return m[0];
  }
  return null;
}
