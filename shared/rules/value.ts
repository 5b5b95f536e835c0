import type { Finding } from '../engine/findings';
import { readNumber } from '../normalize/number';
import { parseUnit } from '../normalize/units';
import { kpiColumnLabels, kpiKindLabel } from '../templates/kpi';
import type { RuleContext } from './context';
import { declareRules, findingOf } from './declare';
import { targetOf, textNumberOf } from '../engine/memo';
import { parseTarget } from '../domain/targets';
import { targetProblemTexts } from '../domain/messages';

/** This family's rules: severity and line of docs/rules.md (messages: shared/messages.ts, by id). */
export const valueRules = declareRules({
  'value.not-number': {
    severity: 'error',
    catalog: {
      checks:
        'The 数値 of a 現状値 / 実績値 is a number: 全角 digits, thousands separators and `△`/`▲` for minus are accepted; `-` alone means "no value". 指標値 is judged by `value.target-unparsed` and `kpi.target-invalid`.',
      failing: '`114,977トン` (suggestion `114,977`), `12%縮小`, `基準年` (seed)',
      passing: '`114,977`, `１１４，９７７`, `△1,200`, `-`',
    },
  },
  'value.target-unparsed': {
    severity: 'warning',
    catalog: {
      checks:
        'The 指標値 is a target form sousei-sync reads (`shared/domain/targets.ts`: a level, a change, a cumulative or annual total, a bound, a maintained level, or a qualitative aim, classified on purpose). An unread form is never taken for another: its KPI gets no 達成率.',
      failing: '`12万3千トン?`, `がんばる`, `25%増(対来年比)`',
      passing:
        '`120,000`, `25%増(対H25年比)`, `累計500件`, `年間120件`, `5年で40社`, `計画期間中に12事業者`, `2.1とし0.3ポイント低下`, `800人減少を抑制し9,200人確保`, `ゼロ名維持`, `0.2%未満`, `4万人以上の維持`, `患者満足度を高める`',
    },
  },
});

const finding = findingOf(valueRules);

/**
 * value.*: 現状値 and 実績値 are numbers (全角 digits, commas, △ accepted; `-` alone = no value).
 * 指標値 may be a target expression (`25%増(対H25年比)`); one the target parser cannot read is a
 * warning (value.target-unparsed), never read as another form. An empty 指標値 is kpi.target-invalid.
 */
export function checkValues({ kpi: rows }: RuleContext): Finding[] {
  const findings: Finding[] = [];
  for (const row of rows) {
    if (row.kind === 'target') {
      checkTarget(findings, row);
      continue;
    }
    if (typeof row.value === 'number' && Number.isFinite(row.value)) continue;
    const reading = typeof row.value === 'string' ? textNumberOf(row.value) : readNumber(row.value);
    if (reading.kind !== 'invalid') continue;
    // A unit glued to the number (`114,977トン`) has an obvious fix; a relative value (`12%縮小`) has not.
    const glued = /^\s*([△▲-]?[\d,.]+)\s*(.+?)\s*$/.exec(String(row.value).normalize('NFKC'));
    const suggestion =
      glued &&
      readNumber(glued[1]).kind === 'number' &&
      parseUnit(glued[2]).kind === 'unit' &&
      glued[2] !== '%'
        ? glued[1]!
        : null;
    findings.push(
      finding(
        'value.not-number',
        { value: String(row.value), kind: kpiKindLabel(row.kind) },
        { cell: row.cells.value, row: row.row, column: kpiColumnLabels.value },
        suggestion,
      ),
    );
  }
  return findings;
}

function checkTarget(findings: Finding[], row: RuleContext['kpi'][number]): void {
  if (typeof row.value === 'number') return;
  const expr = typeof row.value === 'string' ? targetOf(row.value) : parseTarget(row.value);
  if (expr.kind !== 'unparsed') return;
  const reason = targetProblemTexts[expr.reason ?? 'unrecognized'];
  findings.push(
    finding(
      'value.target-unparsed',
      { value: String(row.value), reasonJa: reason.ja, reasonEn: reason.en },
      { cell: row.cells.value, row: row.row, column: kpiColumnLabels.value },
    ),
  );
}
