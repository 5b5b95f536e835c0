import { importKpis, type Direction, type KpiImport, type ReadProblem, readWorkbook } from '#shared';
import type { Actor, Store, StoredStrategy } from '../store/store';

export type KpiImportOutcome =
  | { status: 'strategy-not-found' }
  /** The body is not an .xlsx file. */
  | { status: 'not-xlsx' }
  | { status: 'unreadable'; problem: ReadProblem }
  | { status: 'no-kpi-table' }
  /** Read: `saved` is the new version, null for a dry run or while the definition has errors. */
  | { status: 'imported'; result: KpiImport; saved: StoredStrategy | null };

/**
 * A council-approved KPI table (.xlsx) as the KPI schema of a stored definition: stored as its next
 * version unless `dryRun`, and only when the definition it makes loads without errors.
 */
export async function importKpiTable(
  store: Store,
  input: {
    strategyId: string;
    version: number | undefined;
    /** The .xlsx body; null when the request sent something else. */
    bytes: Uint8Array | null;
    directions: ReadonlyMap<string, Direction>;
    dryRun: boolean;
    maxBytes: number;
    actor: Actor;
  },
): Promise<KpiImportOutcome> {
  const stored = await store.getStrategy(input.strategyId, input.version);
  if (!stored) return { status: 'strategy-not-found' };
  if (!input.bytes) return { status: 'not-xlsx' };
  const read = readWorkbook(input.bytes, { maxBytes: input.maxBytes });
  if (!read.ok) return { status: 'unreadable', problem: read.problem };
  const result = importKpis(stored.definition, read.snapshot, input.directions);
  if (result.sheets.length === 0) return { status: 'no-kpi-table' };
  const saved =
    !input.dryRun && result.load?.ok ? await store.putStrategy(result.load.strategy, input.actor) : null;
  return { status: 'imported', result, saved };
}
