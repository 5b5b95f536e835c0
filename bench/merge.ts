/**
 * Service benchmark (issue 5): 40 departments × 300 KPI rows.
 *  1. ingest: each department's rows through the submission use-case (server-side validation, version,
 *     rows, conflict detection, audit) next to a bare Kysely insert of the same rows — rows/s, both backends;
 *  2. merge + consolidated workbook: mergeKpi + writeKpiWorkbook next to exceljs writing the same rows raw.
 * Run: npm run bench:service   (PostgreSQL from TEST_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import ExcelJS from 'exceljs';
import { cellsOf, writeRaw } from './raw-cells';
import pg from 'pg';
import { bundledStrategies, kpiKindLabel, walkNodes, type KpiRow, type Strategy } from '#shared';
import { writeKpiWorkbook } from '../service/src/consolidate/kpi-workbook';
import { keyOf, mergeKpi, RowKeyer } from '../service/src/consolidate/merge';
import { openPostgres, openSqlite, type Connection } from '../service/src/db/connect';
import { KyselyStore } from '../service/src/store/kysely-store';
import type { Cycle } from '../service/src/store/store';
import { submitKpi } from '../service/src/usecases/submit';

const DEPARTMENTS = 40;
const ROWS = 300;
const REPEATS = 5;
const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** The leaf items rows are written under, in document order. */
const leavesOf = (strategy: Strategy) =>
  [...walkNodes(strategy.nodes)].filter((n) => n.node.children.length === 0 && !n.node.restatementOf);

/** Department d's k-th KPI: its item, name and planned values (the rows and the definition agree). */
function benchKpi(strategy: Strategy, d: number, k: number) {
  const leaves = leavesOf(strategy);
  return {
    leaf: leaves[(d * 7 + k) % leaves.length]!.node,
    name: `指標${d}-${k}`,
    department: `部署${String(d).padStart(2, '0')}`,
    baseline: 1000 + k,
    target: 1500 + k,
  };
}

function rowsFor(strategy: Strategy, d: number): KpiRow[] {
  const rows: KpiRow[] = [];
  for (let k = 0; rows.length < ROWS; k++) {
    const { leaf, name, department, baseline, target } = benchKpi(strategy, d, k);
    const policy = `${leaf.number} ${leaf.title}`;
    const kpi = `・${name}`;
    rows.push(
      { policy, kpi, kind: 'baseline', period: 'H26年度', value: `${baseline}`, unit: '件', department },
      // The cycle's year (2016 = H28): every KPI needs its 実績値 of that year.
      { policy, kpi, kind: 'actual', period: 'H28年度', value: `${1100 + k}`, unit: '件', department },
      { policy, kpi, kind: 'target', period: 'H31年度', value: `${target}`, unit: '件', department },
    );
  }
  return rows;
}

/**
 * kushiro-1 with the benchmark's departments (the bundled one names the real ones), every item owned by
 * every one of them, and as KPIs exactly the ones the rows report: clean submissions, as on deadline day
 * (the KPI-schema rules check each row against its definition, as they do for real ones).
 */
function benchStrategy(): Strategy {
  const s = structuredClone(bundledStrategies.get('kushiro-1')!);
  s.departments = Array.from({ length: DEPARTMENTS }, (_, d) => `部署${String(d).padStart(2, '0')}`);
  for (const { node } of walkNodes(s.nodes)) {
    node.departments = [...s.departments];
    node.kpis = [];
    node.numericTargets = [];
  }
  for (let d = 0; d < DEPARTMENTS; d++)
    for (let k = 0; k * 3 < ROWS; k++) {
      const { leaf, name, department, baseline, target } = benchKpi(s, d, k);
      leaf.kpis!.push({
        name,
        unit: '件',
        direction: 'up',
        owner: department,
        baseline: { period: 'H26年度', value: baseline },
        target: { period: 'H31年度', value: target },
      });
    }
  return s;
}

const seconds = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e9;

/**
 * The floor: the same rows, with the same row keys (computed beforehand), into the same table, one
 * transaction per department — no validation, versioning, conflict detection or audit.
 */
async function bareInsert(
  conn: Connection,
  all: (KpiRow & { rowKey: string })[][],
  cycleId: string,
): Promise<number> {
  const t0 = process.hrtime.bigint();
  // The same rows into the same table, one transaction per department, no validation, versioning or merge.
  await conn.db
    .insertInto('cycles')
    .values({
      id: cycleId,
      kind: 'kpi',
      fiscal_year: 2016,
      strategy_id: 'kushiro-1',
      strategy_version: 1,
      deadline: null,
      created_at: '',
    })
    .execute();
  for (const [d, rows] of all.entries()) {
    await conn.db.transaction().execute(async (trx) => {
      const s = await trx
        .insertInto('submissions')
        .values({
          cycle_id: cycleId,
          department: `b${d}`,
          version: 1,
          source: 'json',
          file_sha256: null,
          file_name: null,
          findings: '[]',
          created_at: '',
          token_id: null,
          idempotency_key: null,
          request_sha256: null,
          report: null,
          client: null,
          reason: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      for (let start = 0; start < rows.length; start += 500) {
        await trx
          .insertInto('kpi_rows')
          .values(
            rows.slice(start, start + 500).map((r, i) => ({
              submission_id: s.id,
              position: start + i,
              sheet_row: null,
              policy: r.policy,
              kpi: r.kpi,
              kind: r.kind,
              period: r.period,
              value: JSON.stringify(r.value),
              unit: r.unit,
              department: r.department,
              row_key: r.rowKey,
            })),
          )
          .execute();
      }
    });
  }
  return seconds(t0);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** A fresh, empty database for one measurement: a new SQLite file or a new PostgreSQL schema. */
async function freshDatabase(backend: 'sqlite' | 'postgres') {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sousei-bench-'));
  const schema = `sousei_bench_${randomBytes(4).toString('hex')}`;
  const conn =
    backend === 'sqlite' ? await openSqlite(path.join(dir, 'b.sqlite')) : await openPostgres(PG_URL, schema);
  return {
    conn,
    async drop() {
      await conn.close();
      fs.rmSync(dir, { recursive: true, force: true });
      if (backend === 'postgres') {
        const c = new pg.Client({ connectionString: PG_URL });
        await c.connect();
        await c.query(`drop schema if exists "${schema}" cascade`);
        await c.end();
      }
    },
  };
}

async function bench(backend: 'sqlite' | 'postgres') {
  const strategy = benchStrategy();
  const all = Array.from({ length: DEPARTMENTS }, (_, d) => rowsFor(strategy, d));
  const total = all.reduce((n, r) => n + r.length, 0);
  const keyer = new RowKeyer(strategy);
  const keyed = all.map((rows) =>
    rows.map((r) => ({ ...r, rowKey: keyOf(keyer.identity({ ...r, sheetRow: null })) })),
  );
  // Each round measures both sides on fresh, empty databases, one after the other: disk and CPU
  // load from other jobs on a shared machine fall on both alike, and the ratio is taken per round.
  const bare: number[] = [];
  const ingest: number[] = [];
  const mergeWrite: number[] = [];
  const rawWrite: number[] = [];
  const outputWrite: number[] = [];
  let outputBytes = 0;
  let consolidatedBytes = 0;
  let rawBytes = 0;
  for (let rep = 1; rep <= REPEATS; rep++) {
    const floor = await freshDatabase(backend);
    try {
      bare.push(await bareInsert(floor.conn, keyed, 'bare'));
    } finally {
      await floor.drop();
    }

    const service = await freshDatabase(backend);
    const store = new KyselyStore(service.conn);
    try {
      await store.seedStrategies();
      const cycle: Cycle = {
        id: 'bench',
        kind: 'kpi',
        fiscalYear: 2016,
        strategyId: 'kushiro-1',
        strategyVersion: 1,
        deadline: null,
        closedAt: null,
        expectedDepartments: null,
        createdAt: '',
      };
      await store.createCycle(cycle, { principal: null, client: 'bench' });
      const t0 = process.hrtime.bigint();
      for (const [d, rows] of all.entries()) {
        const outcome = await submitKpi(
          store,
          strategy,
          cycle,
          strategy.departments[d]!,
          { kind: 'json', rows },
          {
            maxBytes: 1e9,
            idempotencyKey: null,
            reason: null,
            actor: { principal: null, client: 'bench' },
          },
        );
        if (outcome.status !== 'accepted')
          throw new Error(`department ${d}: ${outcome.status} ${JSON.stringify(outcome).slice(0, 600)}`);
      }
      ingest.push(seconds(t0));

      const latest = await store.latestSubmissions(cycle.id);
      const t1 = process.hrtime.bigint();
      const merged = mergeKpi(strategy, latest, await store.resolutions(cycle.id));
      const consolidated = await writeKpiWorkbook(strategy, cycle, merged.rows);
      mergeWrite.push(seconds(t1));
      consolidatedBytes = consolidated.length;

      const t2 = process.hrtime.bigint();
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('KPI');
      for (const r of latest.flatMap((s) => s.rows))
        ws.addRow([r.policy, r.kpi, kpiKindLabel(r.kind), r.period, r.value, r.unit, r.department]);
      rawBytes = (await wb.xlsx.writeBuffer()).byteLength;
      rawWrite.push(seconds(t2));

      // The stricter floor: every cell the consolidated workbook holds (the computed 達成率, 評価 and
      // basis, section rows, the 集計 sheet), read back beforehand and written raw — no styles, merges
      // or notes. The rows alone leave out output that the council's workbook must carry.
      const sheets = await cellsOf(consolidated);
      const t3 = process.hrtime.bigint();
      outputBytes = await writeRaw(sheets);
      outputWrite.push(seconds(t3));
    } finally {
      await service.drop();
    }
  }
  return {
    backend,
    total,
    bare,
    ingest,
    ingestShare: median(bare.map((b, i) => b / ingest[i]!)),
    mergeRatio: median(mergeWrite.map((m, i) => m / rawWrite[i]!)),
    outputRatio: median(mergeWrite.map((m, i) => m / outputWrite[i]!)),
    outputWrite,
    outputBytes,
    mergeWrite,
    rawWrite,
    consolidatedBytes,
    rawBytes,
  };
}

const backends = (process.env.BENCH_BACKENDS ?? 'sqlite,postgres').split(',') as ('sqlite' | 'postgres')[];
console.log(
  `${DEPARTMENTS} departments × ${ROWS} KPI rows; node ${process.version}; ${os.cpus()[0]?.model} × ${os.cpus().length}`,
);
const range = (xs: number[], f: (x: number) => string) => `${f(Math.min(...xs))}–${f(Math.max(...xs))}`;
for (const backend of backends) {
  const r = await bench(backend);
  const rate = (t: number) => `${Math.round(r.total / t).toLocaleString('en')}`;
  const sec = (t: number) => t.toFixed(2);
  console.log(
    [
      `[${backend}] ingest ${rate(median(r.ingest))} rows/s (${range(r.ingest, sec)} s) vs bare insert ${rate(median(r.bare))} rows/s (${range(r.bare, sec)} s): ${(100 * r.ingestShare).toFixed(0)}% (median of ${REPEATS} rounds; goal ≥ 50%)`,
      `[${backend}] merge + consolidated workbook ${range(r.mergeWrite, sec)} s vs exceljs raw ${range(r.rawWrite, sec)} s: ${r.mergeRatio.toFixed(2)}× (median of ${REPEATS} rounds; goal ≤ 1.5×); ${Math.round(r.consolidatedBytes / 1024)} KiB vs ${Math.round(r.rawBytes / 1024)} KiB`,
      `[${backend}] the same vs exceljs writing every cell of the consolidated workbook raw ${range(r.outputWrite, sec)} s: ${r.outputRatio.toFixed(2)}×; ${Math.round(r.outputBytes / 1024)} KiB`,
    ].join('\n'),
  );
}
