import type { Finding } from '../engine/findings';
import type { StrategyIndex } from '../strategy/lookup';
import type { SheetKpiRow } from '../templates/kpi';
import type { ProgressRow, ProgressSheet } from '../templates/progress';
import type { ProjectSheet } from '../templates/project';
import type { SheetGrid } from '../workbook/snapshot';

/** What the caller may tell the engine besides the workbook and the strategy. */
export interface EngineOptions {
  /** The submitting department: its submission may only contain its own rows. */
  department?: string | undefined;
  /**
   * The fiscal year reported on (the cycle's): every KPI needs a 実績値 of this year; the 実績 year of a
   * progress report and the 実施事業 year of a project sheet in JSON rows.
   */
  fiscalYear?: number | undefined;
}

/** One KPI as written: its rows in sheet order, keyed by where its name is written. */
export interface KpiGroup {
  sheet: string;
  key: string;
  name: string;
  rows: SheetKpiRow[];
}

/** Facts about the whole workbook that rules on one sheet (or one row) compare against. */
export interface WorkbookFacts {
  /** Every KPI of every KPI sheet, by kpiIdentity (a 再掲 KPI appears several times). */
  kpisByName: Map<string, KpiGroup[]>;
  /** Every KPI group by item code (for 再掲 originals). */
  kpiNamesByItem: Map<string, Set<string>>;
  /** Projects listed without 【再掲】 in progress reports. */
  listedProjects: Set<string>;
  /** The first KPI sheet of the workbook: workbook-wide KPI findings are reported there, once. */
  firstKpiSheet: string | null;
}

/**
 * What a rule sees: the rows to check (the whole sheet, or one unit when re-checking an edit),
 * the sheet they come from, the strategy, the options and the workbook-wide facts.
 */
export interface RuleContext {
  sheetName: string;
  grid: SheetGrid | null;
  strategy: StrategyIndex;
  options: EngineOptions;
  workbook: WorkbookFacts;
  kpi: readonly SheetKpiRow[];
  progress: { sheet: ProgressSheet; rows: readonly ProgressRow[] } | null;
  project: ProjectSheet | null;
  /** Set when re-checking one unit after an edit: rules about the whole sheet or workbook stay quiet. */
  partial?: boolean;
}

export type Rule = (ctx: RuleContext) => Finding[];
