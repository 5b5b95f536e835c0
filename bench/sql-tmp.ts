import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { defaultStrategy, walkNodes, type KpiRow } from '#shared';
import { migrateToLatest } from '../service/src/db/migrations';
import { KyselyStore } from '../service/src/store/kysely-store';
import { submitKpi } from '../service/src/usecases/submit';
const agg = new Map<string, [number, number]>();
const database = new SQLite(':memory:');
const db = new Kysely<any>({
  dialect: new SqliteDialect({ database }),
  log: (e) => {
    const k = e.query.sql.slice(0, 90);
    const a = agg.get(k) ?? [0, 0];
    a[0]++;
    a[1] += e.queryDurationMillis;
    agg.set(k, a);
  },
});
await migrateToLatest(db, 'sqlite');
const store = new KyselyStore({ db, dialect: 'sqlite', close: () => db.destroy() });
await store.seedStrategies();
const s = structuredClone(defaultStrategy());
s.departments = Array.from({ length: 40 }, (_, d) => `部署${d}`);
const leaves = [...walkNodes(s.nodes)].filter((n) => n.node.children.length === 0 && !n.node.restatementOf);
const cycle = {
  id: 'x',
  kind: 'kpi' as const,
  fiscalYear: 2016,
  strategyId: 'kushiro-1',
  strategyVersion: 1,
  deadline: null,
  createdAt: '',
};
await store.createCycle(cycle, { principal: null, client: 'x' });
let t = performance.now();
for (let d = 0; d < 40; d++) {
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
        department: `部署${d}`,
      });
  }
  await submitKpi(
    store,
    s,
    cycle,
    `部署${d}`,
    { kind: 'json', rows },
    { maxBytes: 1e9, idempotencyKey: null, reason: null, actor: { principal: null, client: 'x' } },
  );
}
console.log('total', performance.now() - t);
console.log(
  [...agg]
    .sort((a, b) => b[1][1] - a[1][1])
    .slice(0, 12)
    .map(([k, [n, ms]]) => `${ms.toFixed(0)}ms ×${n} ${k}`)
    .join('\n'),
);
