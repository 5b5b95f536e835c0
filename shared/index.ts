/** Public surface of shared/: pure TypeScript used by the add-in, the browser page, the CLI and the service. */
export * from './engine/findings';
export * from './engine/validate';
export * from './normalize/text';
export * from './normalize/number';
export * from './strategy/schema';
export * from './strategy/lookup';
export * from './strategy/bundled/index';
export * from './templates/kpi';
export * from './workbook/address';
export * from './workbook/snapshot';
export * from './workbook/from-exceljs';
export { ruleTexts, type RuleId } from './messages';
export * from './workbook/read-problem';
export { readErrorTexts, type Bilingual } from './messages';
