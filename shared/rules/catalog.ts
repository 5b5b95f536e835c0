import type { RuleId } from '../messages';
import type { RuleDeclaration } from './declare';
import { generalRules } from './general';
import { hierarchyRules } from './hierarchy';
import { kpiSchemaRules } from './kpi-schema';
import { kpiShapeRules } from './kpi-shape';
import { ownershipRules } from './ownership';
import { progressTextRules } from './progress-text';
import { projectSheetRules } from './project-sheet';
import { templateRules } from './template';
import { valueRules } from './value';

/**
 * Every rule, as its family declares it, in the catalog's order. The compiler refuses a rule with
 * messages in shared/messages.ts that no family declares.
 */
export const ruleCatalog = {
  ...templateRules,
  ...hierarchyRules,
  ...ownershipRules,
  ...valueRules,
  ...kpiShapeRules,
  ...kpiSchemaRules,
  ...progressTextRules,
  ...projectSheetRules,
  ...generalRules,
} satisfies Record<RuleId, RuleDeclaration>;

/** The rows of the Rules table of docs/rules.md, generated from the declarations. */
export function ruleCatalogRows(): string[] {
  return Object.entries(ruleCatalog).map(
    ([id, { severity, catalog }]: [string, RuleDeclaration]) =>
      `| \`${id}\` | ${severity} | ${catalog.checks} | ${catalog.failing} | ${catalog.passing} |`,
  );
}
