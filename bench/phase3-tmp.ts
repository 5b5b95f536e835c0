import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { defaultStrategy, validateKpiRows, walkNodes, type KpiRow } from '#shared';
import { migrateToLatest } from '../service/src/db/migrations';
import { KyselyStore } from '../service/src/store/kysely-store';
import { detectConflicts, keyOf, RowKeyer } from '../service/src/consolidate/merge';
const database = new SQLite(':memory:');
const db = new Kysely<any>({ dialect: new SqliteDialect({ database }) });
await migrateToLatest(db, 'sqlite');
const store = new KyselyStore({ db, dialect: 'sqlite', close: () => db.destroy() });
const s = structuredClone(defaultStrategy());
s.departments = Array.from({ length: 40 }, (_, d) => `部署${d}`);
const leaves = [...walkNodes(s.nodes)].filter((n) => n.node.children.length === 0 && !n.node.restatementOf);
for (let rep = 0; rep < 3; rep++) {
  const cycle = {
    id: 'x' + rep,
    kind: 'kpi' as const,
    fiscalYear: 2016,
    strategyId: 'kushiro-1',
    strategyVersion: 1,
    deadline: null,
  };
  await store.createCycle(cycle, { principal: null, client: 'x' });
  const T = { validate: 0, keys: 0, store: 0, pending: 0 };
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
    let t = performance.now();
    const v = validateKpiRows(rows, s);
    T.validate += performance.now() - t;
    t = performance.now();
    await store.listSubmissions(cycle.id, `部署${d}`);
    T.pending += performance.now() - t;
    t = performance.now();
    const keyer = new RowKeyer(s);
    const keyed = rows.map((r) => ({
      ...r,
      sheetRow: null,
      rowKey: keyOf(keyer.identity({ ...r, sheetRow: null })),
    }));
    T.keys += performance.now() - t;
    t = performance.now();
    await store.addSubmission(
      {
        cycleId: cycle.id,
        department: `部署${d}`,
        source: 'json',
        file: null,
        findings: v.findings,
        report: null,
        rows: keyed,
        idempotencyKey: null,
        requestSha256: 'x',
        reason: null,
      },
      { principal: null, client: 'x' },
      (l) => detectConflicts(s, l),
    );
    T.store += performance.now() - t;
  }
  console.log(Object.fromEntries(Object.entries(T).map(([k, v]) => [k, v.toFixed(0)])));
}
