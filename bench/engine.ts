/**
 * Engine benchmark (`npm run bench`): 10,000 KPI rows in the KPI表 layout, validated with every rule,
 * next to (a) a bare normalize-and-parse loop over the same cells and (b) tableschema-js validating
 * the same rows with an equivalent Table Schema; also the engine cold (first call in a fresh process,
 * measured in child processes) and on a table whose KPI names are all different, against two
 * stricter floors: (c) a loop touching every cell and (d) NFKC of each distinct string.
 * Prints Markdown tables for docs/PERFORMANCE.md. Never run as a test: timings depend on the machine.
 */
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import tableschema from 'tableschema';
import {
  bundledStrategies,
  canonicalUnit,
  cellValueAt,
  nameKey,
  normalizeText,
  parsePeriod,
  parseTarget,
  readNumber,
  sheetFromRows,
  StrategyIndex,
  validate,
  walkNodes,
  validateRow,
  type CellValue,
  type WorkbookSnapshot,
} from '#shared';
import { seedKpiTable } from '../tests/fixtures/kpi-seed';

const ROWS = 10_000;
const strategy = bundledStrategies.get('kushiro-1')!;

/** The seed KPI table repeated until it has ROWS KPI rows, as one sheet snapshot (merges included). */
function buildSnapshot(distinctNames = false): { snapshot: WorkbookSnapshot; dataRows: CellValue[][] } {
  const values: CellValue[][] = [
    ['釧路市まち・ひと・しごと創生総合戦略 重要業績評価指標(KPI)', null, null, null, null, null, null],
    [null, null, null, null, null, null, null],
    ['施策体系', '重要業績評価指標(KPI)', '年・年度', null, '数値', '単位', '所管部署'],
  ];
  const merges = ['C3:D3'];
  const dataRows: CellValue[][] = [];
  let kpiRows = 0;
  const asValue = (v: string | number): CellValue => {
    const n = typeof v === 'string' ? readNumber(v) : null;
    return n?.kind === 'number' ? n.value : v;
  };
  outer: for (;;) {
    for (const goal of seedKpiTable) {
      values.push([goal.label, null, null, null, null, null, null]);
      merges.push(`A${values.length}:G${values.length}`);
      for (const policy of goal.policies) {
        values.push([policy.label, null, null, null, null, null, null]);
        merges.push(`A${values.length}:G${values.length}`);
        for (const item of policy.items) {
          const itemStart = values.length + 1;
          for (const listed of item.kpis) {
            // Distinct names: every KPI listing gets a name of its own (none is a defined KPI then).
            const kpi = distinctNames ? { ...listed, name: `${listed.name}(${values.length})` } : listed;
            const start = values.length + 1;
            kpi.rows.forEach(([kind, period, value], i) => {
              const row: CellValue[] = [
                null,
                i === 0 ? kpi.name : null,
                kind,
                period,
                asValue(value),
                i === 0 ? kpi.unit : null,
                i === 0 ? kpi.department : null,
              ];
              values.push(row);
              dataRows.push([item.label, kpi.name, kind, period, row[4]!, kpi.unit, kpi.department]);
              kpiRows++;
            });
            for (const c of ['B', 'F', 'G']) merges.push(`${c}${start}:${c}${values.length}`);
            if (kpiRows >= ROWS) {
              values[itemStart - 1]![0] = item.label;
              break outer;
            }
          }
          values[itemStart - 1]![0] = item.label;
          if (!item.also) merges.push(`A${itemStart}:A${values.length}`);
          else item.also.forEach((label, i) => (values[itemStart + i]![0] = label));
        }
      }
    }
  }
  return { snapshot: { sheets: [sheetFromRows({ name: 'KPI', values, merges })] }, dataRows };
}

/** (a) What any reader must do with each cell: normalize texts, read numbers, periods, targets, units. */
function bareLoop(rows: CellValue[][]): number {
  let parsed = 0;
  for (const [policy, kpi, kind, period, value, unit, department] of rows) {
    normalizeText(String(policy));
    normalizeText(String(kpi));
    normalizeText(String(kind));
    parsePeriod(String(period));
    if (kind === '指標値') parseTarget(value);
    else readNumber(value);
    canonicalUnit(String(unit));
    nameKey(String(department));
    parsed++;
  }
  return parsed;
}

/**
 * (b) The same rows checked by tableschema-js against an equivalent Table Schema: field types and
 * constraints for what a cell must look like, and foreign keys for what the engine looks up in the
 * strategy — the item exists (hierarchy.unknown-item) and the department owns it (ownership.not-owner).
 */
const fields = [
  {
    name: '施策体系',
    type: 'string',
    constraints: { required: true, pattern: '^[(（]?[ア-ン][)）]?[ 　]?.+' },
  },
  { name: 'KPI', type: 'string', constraints: { required: true } },
  { name: '区分', type: 'string', constraints: { required: true, enum: ['現状値', '実績値', '指標値'] } },
  {
    name: '年・年度',
    type: 'string',
    constraints: { required: true, pattern: '^(-|(H|R|平成|令和)?[0-9元]+.*)$' },
  },
  { name: '数値', type: 'number', groupChar: ',', bareNumber: false },
  { name: '単位', type: 'string', constraints: { required: true } },
  { name: '所管部署', type: 'string', constraints: { required: true, enum: strategy.departments } },
];
const tableSchema = {
  fields,
  // One key for both: an (item, department) pair of the strategy exists only for an existing item.
  // (tableschema-js replaces a resolved field by the referenced row, so two keys on one field cannot chain.)
  foreignKeys: [
    {
      fields: ['施策体系', '所管部署'],
      reference: { resource: 'owners', fields: ['施策体系', '所管部署'] },
    },
  ],
};
/** (b′) The same without the foreign keys: only what each cell looks like. */
const cellSchema = { fields };

/** The strategy as the two reference tables the foreign keys point at, labelled as the KPI table writes items. */
const index = new StrategyIndex(strategy);
const items = [...walkNodes(strategy.nodes)].map(({ node }) => ({
  施策体系: node.number ? `${node.number} ${node.title}` : node.title,
  code: node.code,
}));
const relations = {
  owners: items.flatMap(({ 施策体系, code }) =>
    index.departmentsOf(code).map((所管部署) => ({ 施策体系, 所管部署 })),
  ),
};

async function tableSchemaRun(rows: CellValue[][], schema: object, withRelations: boolean): Promise<number> {
  const source = [fields.map((f) => f.name), ...rows.map((r) => r.map((v) => (v === null ? '' : String(v))))];
  const table = await tableschema.Table.load(source, { schema });
  // Its typings say read() is synchronous; the library returns a promise.
  const read = await (table.read({
    forceCast: true,
    ...(withRelations ? { relations } : {}),
  }) as unknown as Promise<unknown[]>);
  return read.filter((r) => r instanceof Error).length;
}

/**
 * Runs the measured functions in interleaved rounds, so load from other processes on a shared
 * machine falls on all of them alike; reports each one's median and the median of the per-round ratios.
 */
async function rounds(
  n: number,
  runs: Record<string, () => unknown>,
): Promise<{
  runs: Record<string, { median: number; cpu: number; ratio: number }>;
  /** Median over rounds of a run's CPU time divided by another's in the same round. */
  per: (a: string, b: string) => number;
}> {
  const empty = () => Object.fromEntries(Object.keys(runs).map((k) => [k, [] as number[]]));
  const wall: Record<string, number[]> = empty();
  const cpu: Record<string, number[]> = empty();
  for (let i = 0; i < n; i++) {
    for (const [name, fn] of Object.entries(runs)) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      await fn();
      wall[name]!.push(performance.now() - t0);
      const c = process.cpuUsage(c0);
      cpu[name]!.push((c.user + c.system) / 1000);
    }
  }
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  // Ratios from CPU time: other jobs on a shared machine stretch wall time, not the work done.
  const per = (a: string, b: string) => med(cpu[a]!.map((x, i) => x / cpu[b]![i]!));
  return {
    runs: Object.fromEntries(
      Object.keys(runs).map((name) => [
        name,
        { median: med(wall[name]!), cpu: med(cpu[name]!), ratio: per(name, 'bare') },
      ]),
    ),
    per,
  };
}

/** (c) The least any validator does: look at every cell once. */
function touchCells(book: WorkbookSnapshot): number {
  let n = 0;
  for (const sheet of book.sheets)
    for (let i = 0; i < sheet.kinds.length; i++) {
      const v = cellValueAt(sheet, i);
      if (v !== null) n += typeof v === 'string' ? v.length : 1;
    }
  return n;
}

/** The distinct strings of a workbook (what a memoizing reader normalizes once each). */
function distinctStrings(book: WorkbookSnapshot): string[] {
  const seen = new Set<string>();
  for (const sheet of book.sheets)
    for (let i = 0; i < sheet.kinds.length; i++) {
      const v = cellValueAt(sheet, i);
      if (typeof v === 'string') seen.add(v);
    }
  return [...seen];
}

/** (d) NFKC of each distinct string: the least a reader that folds 全角/半角 must do. */
function nfkcDistinct(strings: readonly string[]): number {
  let n = 0;
  for (const s of strings) n += s.normalize('NFKC').length;
  return n;
}

// Cold: this file run again as a child process with `--cold` times the first validate() after loading.
if (process.argv.includes('--cold')) {
  const { snapshot: book } = buildSnapshot(process.argv.includes('--distinct'));
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  validate(book, strategy);
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  console.log(JSON.stringify({ wall, cpu: (c.user + c.system) / 1000 }));
  process.exit(0);
}

function coldRuns(n: number, distinct: boolean): { wall: number; cpu: number } {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < n; i++) {
    const args = [...process.execArgv, process.argv[1]!, '--cold', ...(distinct ? ['--distinct'] : [])];
    const child = spawnSync(process.execPath, args, { encoding: 'utf8' });
    if (child.status !== 0) throw new Error(`cold run failed: ${child.stderr}`);
    const m = JSON.parse(child.stdout.trim().split('\n').at(-1)!) as { wall: number; cpu: number };
    wall.push(m.wall);
    cpu.push(m.cpu);
  }
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  return { wall: med(wall), cpu: med(cpu) };
}

const { snapshot, dataRows } = buildSnapshot();
const { snapshot: distinctBook } = buildSnapshot(true);
const sheet = snapshot.sheets[0]!;
const editedRow = Math.floor(sheet.rowCount / 2);

// Warm-up: JIT and the strategy index (built once per strategy, as in the service).
for (let i = 0; i < 3; i++) {
  validate(snapshot, strategy);
  bareLoop(dataRows);
}
const schemaErrors = await tableSchemaRun(dataRows, tableSchema, true);
await tableSchemaRun(dataRows, cellSchema, false);

const report = validate(snapshot, strategy).sheets[0]!;
const distinctReport = validate(distinctBook, strategy).sheets[0]!;
const strings = distinctStrings(snapshot);
const distinctBookStrings = distinctStrings(distinctBook);
const measured = await rounds(21, {
  bare: () => bareLoop(dataRows),
  engine: () => validate(snapshot, strategy),
  row: () => validateRow(sheet, editedRow, strategy),
  schema: () => tableSchemaRun(dataRows, tableSchema, true),
  cells: () => tableSchemaRun(dataRows, cellSchema, false),
  touch: () => touchCells(snapshot),
  nfkc: () => nfkcDistinct(strings),
  distinct: () => validate(distinctBook, strategy),
  distinctTouch: () => touchCells(distinctBook),
  distinctNfkc: () => nfkcDistinct(distinctBookStrings),
});
const cold = coldRuns(5, false);
const coldDistinct = coldRuns(5, true);
const r = measured.runs;

const cpu =
  /model name\s*:\s*(.*)/.exec(
    fs.existsSync('/proc/cpuinfo') ? fs.readFileSync('/proc/cpuinfo', 'utf8') : '',
  )?.[1] ??
  os.cpus()[0]?.model ??
  'unknown';
const ms = (n: number) => `${n.toFixed(1)} ms`;
console.log(
  `rows: ${report.rows} KPI rows (${sheet.rowCount} sheet rows), findings: ${report.findings.length}`,
);
console.log(`machine: nproc ${os.availableParallelism()}, ${cpu}, node ${process.version}\n`);
console.log('| run | wall time, median | CPU time, median | vs (a), CPU time |');
console.log('| --- | --- | --- | --- |');
const line = (label: string, x: { median: number; cpu: number; ratio: number }) =>
  console.log(`| ${label} | ${ms(x.median)} | ${ms(x.cpu)} | ${x.ratio.toFixed(2)}× |`);
line('(a) bare normalize-and-parse loop', r.bare!);
line('engine: `validate()` with every rule', r.engine!);
line('engine: `validateRow()` one edited row', r.row!);
line('(b) tableschema-js, equivalent Table Schema (types, constraints, foreign key)', r.schema!);
line('(b′) tableschema-js, types and constraints only', r.cells!);
console.log(`\ntableschema-js rows with errors: ${schemaErrors} of ${dataRows.length}`);
console.log(
  `engine vs (a): ${r.engine!.ratio.toFixed(2)}× (goal ≤ 3×); (b) / engine: ${measured.per('schema', 'engine').toFixed(2)}× (goal ≥ 5×); (b′) / engine: ${measured.per('cells', 'engine').toFixed(2)}× (median of per-round CPU-time ratios)`,
);

const floors = (label: string, engine: { median: number; cpu: number }, touch: string, nfkc: string) => {
  const t = r[touch]!;
  const d = r[nfkc]!;
  console.log(
    `| ${label} | ${ms(engine.median)} | ${ms(engine.cpu)} | ${(engine.cpu / t.cpu).toFixed(0)}× (${ms(t.cpu)}) | ${(engine.cpu / d.cpu).toFixed(1)}× (${ms(d.cpu)}) |`,
  );
};
console.log(
  `\ndistinct KPI names: ${distinctReport.rows} KPI rows, findings: ${distinctReport.findings.length}; distinct strings: ${strings.length} (seed table repeated), ${distinctBookStrings.length} (distinct names)\n`,
);
console.log(
  '| engine run | wall time, median | CPU time, median | vs (c) touch every cell | vs (d) NFKC of each distinct string |',
);
console.log('| --- | --- | --- | --- | --- |');
floors('warm, seed table repeated', r.engine!, 'touch', 'nfkc');
floors('warm, distinct KPI names', r.distinct!, 'distinctTouch', 'distinctNfkc');
floors(
  'cold (first call in a fresh process, median of 5), seed table repeated',
  { median: cold.wall, cpu: cold.cpu },
  'touch',
  'nfkc',
);
floors(
  'cold, distinct KPI names',
  { median: coldDistinct.wall, cpu: coldDistinct.cpu },
  'distinctTouch',
  'distinctNfkc',
);
