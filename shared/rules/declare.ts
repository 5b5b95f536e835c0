import type { Finding, Severity } from '../engine/findings';
import { ruleMessages, type Bilingual, type RuleId, type RuleParams } from '../messages';
import { rowOfCell } from '../workbook/address';

/**
 * What a rule family declares about each of its rules, in its own file: the severity, and the rule's
 * line of the catalog in docs/rules.md (a test keeps the two equal). The messages are in
 * shared/messages.ts under the rule's id.
 */
export interface RuleDeclaration {
  severity: Severity;
  /** The catalog's cells (Markdown): what the rule checks, a failing and a passing example. */
  catalog: { checks: string; failing: string; passing: string };
}

export type RuleDeclarations<K extends RuleId = RuleId> = { readonly [id in K]: RuleDeclaration };

/** A family's rules by id: only ids that have their messages in shared/messages.ts. */
export function declareRules<K extends RuleId>(rules: RuleDeclarations<K>): RuleDeclarations<K> {
  return rules;
}

export interface Place {
  /** A1 address, or null for JSON rows. */
  cell: string | null;
  /** Sheet row, or the 1-based index of a JSON row. */
  row: number;
  /** Column label as the template names it (数値, 施策体系 …). */
  column: string;
}

/** Builds the findings of a family's rules, each with the rule's declared severity and its message. */
export function findingOf<K extends RuleId>(rules: RuleDeclarations<K>) {
  return <R extends K>(
    id: R,
    params: RuleParams<R>,
    place: Place,
    suggestion: string | null = null,
  ): Finding => {
    const message = (ruleMessages[id].message as (p: RuleParams<R>) => Bilingual)(params);
    const row = place.cell ? (rowOfCell(place.cell) ?? place.row) : place.row;
    return {
      cell: place.cell,
      row,
      column: place.column,
      rule: id,
      severity: rules[id].severity,
      message: message.ja,
      messageEn: message.en,
      suggestion,
    };
  };
}
