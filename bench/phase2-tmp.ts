import ExcelJS from 'exceljs';
import JSZip from 'jszip';
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
const cycle = {
  id: 'x',
  kind: 'kpi' as const,
  fiscalYear: 2016,
  strategyId: 'kushiro-1',
  strategyVersion: 1,
  deadline: null,
  createdAt: '',
};
for (let round = 0; round < 4; round++) {
  let t = performance.now();
  const m = mergeKpi(s, latest);
  const tm = performance.now() - t;
  t = performance.now();
  const buf = await writeKpiWorkbook(s, cycle, m.rows);
  const tw = performance.now() - t;
  t = performance.now();
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('KPI');
  for (const r of latest.flatMap((x) => x.rows))
    ws.addRow([r.policy, r.kpi, r.kind, r.period, r.value, r.unit, r.department]);
  await wb.xlsx.writeBuffer();
  const tr = performance.now() - t;
  t = performance.now();
  const z = await JSZip.loadAsync(buf);
  const sizes = await Promise.all(
    Object.values(z.files).map(async (f) => [f.name, (await f.async('uint8array')).length]),
  );
  console.log(
    { merge: tm.toFixed(0), write: tw.toFixed(0), raw: tr.toFixed(0) },
    round === 0 ? JSON.stringify(sizes) : '',
  );
}
