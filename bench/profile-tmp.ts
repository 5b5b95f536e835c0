import { defaultStrategy, walkNodes, type KpiRow } from '#shared';
import { writeKpiWorkbook } from '../service/src/consolidate/kpi-workbook';
import { mergeKpi } from '../service/src/consolidate/merge';
const s = structuredClone(defaultStrategy());
const leaves = [...walkNodes(s.nodes)].filter((n) => n.node.children.length === 0 && !n.node.restatementOf);
const latest = Array.from({ length: 40 }, (_, d) => {
  const rows: (KpiRow & { sheetRow: null })[] = [];
  for (let k = 0; rows.length < 300; k++) {
    const leaf = leaves[(d * 7 + k) % leaves.length]!.node;
    for (const kind of ['baseline', 'actual', 'target'] as const)
      rows.push({
        policy: `${leaf.number} ${leaf.title}`,
        kpi: `・指標${d}-${k}`,
        kind,
        period: 'H27年度',
        value: '1',
        unit: '件',
        department: `部署${d}`,
        sheetRow: null,
      });
  }
  return { submission: { id: d, department: `部署${d}`, version: 1 }, rows };
});
let t = performance.now();
const m = mergeKpi(s, latest);
console.log('merge', performance.now() - t);
t = performance.now();
await writeKpiWorkbook(
  s,
  {
    id: 'x',
    kind: 'kpi',
    fiscalYear: 2016,
    strategyId: 'kushiro-1',
    strategyVersion: 1,
    deadline: null,
    createdAt: '',
  },
  m.rows,
);
console.log('write', performance.now() - t);
