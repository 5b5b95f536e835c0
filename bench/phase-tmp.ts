import { defaultStrategy, validateKpiRows, walkNodes, type KpiRow } from '#shared';
import { keyOf, RowKeyer, mergeKpi } from '../service/src/consolidate/merge';
const s = structuredClone(defaultStrategy());
s.departments = Array.from({ length: 40 }, (_, d) => `部署${String(d).padStart(2, '0')}`);
const leaves = [...walkNodes(s.nodes)].filter((n) => n.node.children.length === 0 && !n.node.restatementOf);
const all = Array.from({ length: 40 }, (_, d) => {
  const rows: KpiRow[] = [];
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
        department: s.departments[d]!,
      });
  }
  return rows;
});
for (let round = 0; round < 2; round++) {
  let t = performance.now();
  for (const rows of all) validateKpiRows(rows, s);
  console.log('validate', (performance.now() - t).toFixed(0));
  t = performance.now();
  for (const rows of all) {
    const k = new RowKeyer(s);
    rows.map((r) => keyOf(k.identity({ ...r, sheetRow: null })));
  }
  console.log('keys', (performance.now() - t).toFixed(0));
  t = performance.now();
  for (const [d, rows] of all.entries())
    mergeKpi(s, [
      {
        submission: { id: d, department: 'x', version: 1 },
        rows: rows.map((r) => ({ ...r, sheetRow: null })),
      },
    ]);
  console.log('merge-detect', (performance.now() - t).toFixed(0));
}
