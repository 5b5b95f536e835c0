import type { KpiDefinition } from './schema';

// A KPI's 所管部署 may name co-owners after its owner: `企画課、観光交流課`.
const OWNER_SEPARATOR = /[、,，]/;

/** The departments a KPI definition names, owner first, then co-owners (empty when it names none). */
export function kpiOwnerNames(kpi: Pick<KpiDefinition, 'owner'>): string[] {
  return (kpi.owner ?? '')
    .split(OWNER_SEPARATOR)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}
