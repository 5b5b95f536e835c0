import type { StrategyIndex } from '../strategy/lookup';
import type { SheetKpiRow } from '../templates/kpi';

/** What a KPI rule sees: the rows of one sheet (or one JSON submission) and the strategy. */
export interface KpiRuleContext {
  rows: readonly SheetKpiRow[];
  strategy: StrategyIndex;
}
