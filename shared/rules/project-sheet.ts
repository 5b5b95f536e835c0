import type { Finding } from '../engine/findings';
import { japaneseNumber, readNumber } from '../normalize/number';
import { nameKey } from '../normalize/text';
import { projectLabels, type AmountCell, type ProjectSheet } from '../templates/project';
import { evaluationWords } from '../strategy/schema';
import type { RuleContext } from './context';
import { declareRules, findingOf } from './declare';
import { nearestWord, projectKey, strategyFacts } from './strategy-facts';

/** This family's rules: severity and line of docs/rules.md (messages: shared/messages.ts, by id). */
export const projectSheetRules = declareRules({
  'project.funds-sum': {
    severity: 'error',
    catalog: {
      checks:
        'For every year column of the 予算・決算 table, the sources of funds (国道支出金, 地方債, 使用料・手数料, その他特定財源, 一般財源; `△` negatives included) add up to 事業費総額.',
      failing: '定住自立圏構想等推進事業 令和6年度: 一般財源 `80` with 総額 `84`',
      passing: '財産管理事業 令和6年度: その他特定財源 `11,781` + 一般財源 `△5,359` = 総額 `6,422` (seed)',
    },
  },
  'project.per-capita': {
    severity: 'error',
    catalog: {
      checks:
        "市民一人あたりの費用 = 事業費総額(千円) × 1000 ÷ 人口 for the report year's column, within the printed rounding; suggestion: the computed value.",
      failing: '`4.2` for 6,422 千円 and 152,875 人 (suggestion `42.0`)',
      passing: '`42.0`; `52.5` for 8,030 千円 (seed)',
    },
  },
  'project.evaluation-unknown': {
    severity: 'error',
    catalog: {
      checks:
        "Every 評価 is one of the municipality's words: the strategy definition's `evaluations` (docs/domain.md §5), by default 拡充, 継続維持, 現状維持, 改善, 縮小, 統合, 休止, 廃止, 終了, 完了; the nearest word is suggested.",
      failing: '`継続` → suggestion `継続維持`',
      passing: '`継続維持`, `終了`',
    },
  },
  'project.missing-field': {
    severity: 'warning',
    catalog: {
      checks:
        "事業名, 所管課・室, 課題 and 方向性 are filled; the report year's 評価 is filled (earlier years may be blank for a new project); 人口 is given when a per-capita cost is computed.",
      failing: 'an empty 課題',
      passing: '課題 `売却に適した土地の減少`',
    },
  },
  'project.not-in-strategy': {
    severity: 'warning',
    catalog: {
      checks:
        "The project (name without `＜当初＞`-style markers) is among the strategy's 主な事業. Projects outside the strategy are submitted with a reason.",
      failing: '`財産管理事業＜当初＞` (seed; city administration, not a strategy project)',
      passing: '`定住自立圏構想等推進事業＜当初＞`',
    },
  },
});

const finding = findingOf(projectSheetRules);

/**
 * project.*: the arithmetic and words of a 主要施策成果シート — 財源 add up to 事業費総額 in every
 * year, 市民一人あたりの費用 = 総額(千円)×1000÷人口 within the printed rounding, 評価 is one of the
 * municipality's words (the strategy definition's `evaluations`), the required fields are filled, and the project is one of the strategy's
 * 主な事業 (a warning: sheets of projects outside the strategy are submitted with a reason).
 */
export function checkProjectSheet(ctx: RuleContext): Finding[] {
  const sheet = ctx.project;
  if (!sheet) return [];
  return [
    ...checkFunds(sheet),
    ...checkPerCapita(sheet),
    ...checkEvaluations(ctx, sheet),
    ...checkRequired(sheet),
    ...checkInStrategy(ctx, sheet),
  ];
}

const amountOf = (a: AmountCell | undefined): number | null => {
  const n = readNumber(a?.value ?? null);
  return n.kind === 'number' ? n.value : null;
};

const format = japaneseNumber(1);

function checkFunds(sheet: ProjectSheet): Finding[] {
  if (!sheet.total || sheet.funds.length === 0) return [];
  const findings: Finding[] = [];
  sheet.years.forEach((year, i) => {
    const total = amountOf(sheet.total!.amounts[i]);
    const parts = sheet.funds.map((f) => amountOf(f.amounts[i]));
    if (total === null && parts.every((p) => p === null)) return;
    const sum = parts.reduce<number>((s, p) => s + (p ?? 0), 0);
    if (Math.abs(sum - (total ?? 0)) < 0.5) return;
    const cell = sheet.total!.amounts[i]!;
    findings.push(
      finding(
        'project.funds-sum',
        { year: year.header.trim(), total: format(total ?? 0), sum: format(sum) },
        { cell: cell.cell, row: cell.row, column: projectLabels.total },
      ),
    );
  });
  return findings;
}

/** The year the per-capita cost is about: the report year's column, else the last settled one. */
function reportColumn(sheet: ProjectSheet): number {
  const exact = sheet.years.findIndex((y) => y.fiscalYear === sheet.reportYear);
  if (exact >= 0) return exact;
  const settled = sheet.years.map((y) => y.kind).lastIndexOf('settled');
  return settled >= 0 ? settled : 0;
}

function checkPerCapita(sheet: ProjectSheet): Finding[] {
  const perCapita = sheet.perCapita;
  if (!perCapita || !sheet.total || sheet.years.length === 0) return [];
  const total = amountOf(sheet.total.amounts[reportColumn(sheet)]);
  const population = amountOf(sheet.population?.value ?? undefined);
  const printed = amountOf(perCapita.value ?? undefined);
  const place = {
    cell: perCapita.value?.cell ?? perCapita.label.cell,
    row: perCapita.label.row,
    column: projectLabels.perCapita,
  };
  if (!total) return [];
  if (population === null || population <= 0)
    return [finding('project.missing-field', { field: projectLabels.population }, place)];
  const expected = (total * 1000) / population;
  if (printed === null)
    return [finding('project.missing-field', { field: projectLabels.perCapita }, place, expected.toFixed(1))];
  const decimals = (String(printed).split('.')[1] ?? '').length;
  const tolerance = Math.max(0.05, 0.5 * 10 ** -decimals) + 1e-9;
  if (Math.abs(expected - printed) <= tolerance) return [];
  return [
    finding(
      'project.per-capita',
      { printed: format(printed), expected: expected.toFixed(1) },
      place,
      expected.toFixed(1),
    ),
  ];
}

function checkEvaluations(ctx: RuleContext, sheet: ProjectSheet): Finding[] {
  // The municipality's words come with its strategy definition (format 2), else the default list.
  const list = evaluationWords(ctx.strategy.strategy);
  const keys = list.map((w) => nameKey(w));
  const findings: Finding[] = [];
  for (const evaluation of sheet.evaluations) {
    const place = {
      cell: evaluation.value?.cell ?? evaluation.label.cell,
      row: evaluation.label.row,
      column: projectLabels.evaluation,
    };
    if (!evaluation.value) {
      // Only the year under report must be evaluated; earlier years may be blank (a new project).
      if (evaluation.fiscalYear !== null && evaluation.fiscalYear === sheet.reportYear)
        findings.push(finding('project.missing-field', { field: evaluation.label.text.trim() }, place));
      continue;
    }
    const key = nameKey(evaluation.value.text);
    if (keys.includes(key)) continue;
    const nearest = nearestWord([key], keys, new Map(keys.map((k, i) => [k, list[i]!])));
    findings.push(
      finding(
        'project.evaluation-unknown',
        { value: evaluation.value.text.trim(), list: list.join('、') },
        place,
        nearest,
      ),
    );
  }
  return findings;
}

function checkRequired(sheet: ProjectSheet): Finding[] {
  const findings: Finding[] = [];
  const require = (
    entry: { label: { cell: string; row: number; text: string }; value: unknown } | null,
    field: string,
  ) => {
    if (entry && !entry.value)
      findings.push(
        finding(
          'project.missing-field',
          { field },
          { cell: entry.label.cell, row: entry.label.row, column: field },
        ),
      );
  };
  require(sheet.name, projectLabels.name);
  require(sheet.department, projectLabels.department);
  for (const text of sheet.texts) require(text, text.label.text.replace(/\s+/g, ''));
  return findings;
}

function checkInStrategy(ctx: RuleContext, sheet: ProjectSheet): Finding[] {
  const written = sheet.name?.value;
  const { projects } = strategyFacts(ctx.strategy);
  // A strategy without 主な事業 (kushiro-1) cannot say which projects belong to it.
  if (!written || projects.size === 0 || projects.has(projectKey(written.text))) return [];
  const name = written.text.replace(/[<＜][^<>＜＞]*[>＞]/g, '').trim();
  return [
    finding(
      'project.not-in-strategy',
      { name },
      { cell: written.cell, row: written.row, column: projectLabels.name },
    ),
  ];
}
