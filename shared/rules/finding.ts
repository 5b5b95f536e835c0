import type { Finding } from '../engine/findings';
import { ruleTexts, type RuleId, type RuleParams } from '../messages';
import { rowOfCell } from '../workbook/address';

export interface Place {
  /** A1 address, or null for JSON rows. */
  cell: string | null;
  /** Sheet row, or the 1-based index of a JSON row. */
  row: number;
  /** Column label as the template names it (数値, 施策体系 …). */
  column: string;
}

/** Builds a finding with the rule's own severity and bilingual message. */
export function finding<R extends RuleId>(
  rule: R,
  params: RuleParams<R>,
  place: Place,
  suggestion: string | null = null,
): Finding {
  const text = ruleTexts[rule];
  const message = (text.message as (p: RuleParams<R>) => { ja: string; en: string })(params);
  const row = place.cell ? (rowOfCell(place.cell) ?? place.row) : place.row;
  return {
    cell: place.cell,
    row,
    column: place.column,
    rule,
    severity: text.severity,
    message: message.ja,
    messageEn: message.en,
    suggestion,
  };
}
