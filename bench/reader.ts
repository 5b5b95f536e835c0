/**
 * Reader benchmark (`npm run bench`): KPI表 workbooks of 1k / 10k / 100k KPI rows in the real layout
 * (merged areas included, ~1.3 per KPI row), generated here and never committed. Each size times,
 * interleaved over several rounds (medians):
 *   floor   the fastest bare unzip of every part — fflate's unzipSync, or pako's raw inflate into one
 *           buffer of each part's declared size, whichever is faster in that round — + one byte-level
 *           pass over the sheet and shared-string XML counting `<c`, `<mergeCell` and `<si` tags:
 *           what any correct reader must at least do (no CRC check, no value kept, nothing built);
 *   reader  readWorkbook → WorkbookSnapshot (what the CLI, the service and the drop page run);
 *   saxes   saxes events over the same (unzipped, decoded) XML with no snapshot built: the
 *           "minimal unzip + SAX scan" issue 10 took as its floor, and the other candidate for the
 *           scanner, measured rather than assumed;
 *   exceljs Workbook.xlsx.load (skipped where its quadratic merge check would take over ~60 s).
 * Times are CPU time (user + system) medians after warm-up rounds, the floors and the reader
 * interleaved; saxes and exceljs are timed after them, apart, so that their garbage is not collected
 * in the reader's time.
 * Peak memory per reader and size is measured in a fresh child process (max RSS; memory retained, heap and typed arrays).
 * Then `sousei validate` on the 1k file (the prebuilt CLI bundle, built here) next to its floor as a process
 * (bench/floor-process.mjs, the faster of its fflate and pako forms in each round) and to `node -e 0` + the
 * in-process floor.
 * Never run as a test: timings depend on the machine.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import ExcelJS from 'exceljs';
import * as fflate from 'fflate';
import * as pako from 'pako';
import { fflateFloor, pakoFloor } from './floor-process.mjs';
import { SaxesParser } from 'saxes';
import { readWorkbook } from '#shared';
import { buildKpiXlsx, kpiGoalsOfSize } from '../tests/fixtures/kpi-xml-book';

// BENCH_SIZES=1000,10000 runs a subset.
const SIZES = (process.env.BENCH_SIZES ?? '1000,10000,100000').split(',').map(Number);
const EXCELJS_BUDGET_MS = 60_000;

const floorFflate = (bytes: Uint8Array) => fflateFloor(fflate, bytes);
const floorPako = (bytes: Uint8Array) => pakoFloor(pako, bytes);

function reader(bytes: Uint8Array): unknown {
  const read = readWorkbook(bytes);
  if (!read.ok) throw new Error(read.problem.message.en);
  return read.snapshot;
}

function saxes(bytes: Uint8Array): number {
  const parts = fflate.unzipSync(bytes);
  let tags = 0;
  for (const [name, data] of Object.entries(parts)) {
    if (!name.startsWith('xl/worksheets/') && name !== 'xl/sharedStrings.xml') continue;
    const parser = new SaxesParser();
    parser.on('opentag', () => tags++);
    parser.write(fflate.strFromU8(data)).close();
  }
  return tags;
}

async function exceljs(bytes: Uint8Array): Promise<unknown> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  return wb;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const file = (rows: number) => path.join(os.tmpdir(), `sousei-bench-kpi-${rows}.xlsx`);

function ensureFile(rows: number): Uint8Array {
  if (!fs.existsSync(file(rows))) fs.writeFileSync(file(rows), buildKpiXlsx(kpiGoalsOfSize(rows)));
  return new Uint8Array(fs.readFileSync(file(rows)));
}

/** Child mode: one read of one file, then its peak memory as JSON on stdout. */
async function child(which: string, rows: number): Promise<void> {
  const bytes = ensureFile(rows);
  global.gc?.();
  // The snapshot's cells live in typed arrays, outside V8's heap: both are counted.
  const used = () => process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
  const before = used();
  const runs: Record<string, (b: Uint8Array) => unknown> = {
    'floor-fflate': floorFflate,
    'floor-pako': floorPako,
    reader,
    saxes,
    exceljs,
  };
  const run = runs[which]!;
  // What a read leaves (the snapshot, or exceljs' model) stays referenced while the heap is measured.
  const kept = await run(bytes);
  // Typed arrays' memory is given back after a collection, by a later task: let it.
  for (let i = 0; i < 2; i++) {
    global.gc?.();
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const heap = used() - before;
  process.stdout.write(
    JSON.stringify({
      kept: kept !== undefined,
      maxRssMb: process.resourceUsage().maxRSS / 1024,
      heapMb: heap / 1024 / 1024,
    }),
  );
}

function peak(which: string, rows: number): { maxRssMb: number; heapMb: number } {
  const out = execFileSync(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', 'bench/reader.ts', '--child', which, String(rows)],
    { encoding: 'utf8', maxBuffer: 1 << 20 },
  );
  return JSON.parse(out) as { maxRssMb: number; heapMb: number };
}

const gnuTime = fs.existsSync('/usr/bin/time');

const BATCH = 10;

/**
 * CPU time (user + system) of one run of a node command, from /usr/bin/time over a batch of BATCH runs
 * (time(1) counts in 10 ms steps: one run of ~0.1–0.2 s would be read to ±5 %); wall time where time(1)
 * is missing.
 */
function timeSpawn(args: string[]): number {
  const t = performance.now();
  const quoted = [process.execPath, ...args].map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(' ');
  const batch = `i=0; while [ $i -lt ${BATCH} ]; do ${quoted} >/dev/null 2>&1; i=$((i+1)); done`;
  const r = gnuTime
    ? spawnSync('/usr/bin/time', ['-f', '%U %S', 'sh', '-c', batch], { encoding: 'utf8' })
    : spawnSync('sh', ['-c', batch], { stdio: 'ignore' });
  const cpu = gnuTime ? /([\d.]+) ([\d.]+)\s*$/.exec(r.stderr as string) : null;
  return (cpu ? (Number(cpu[1]) + Number(cpu[2])) * 1000 : performance.now() - t) / BATCH;
}

interface SizeResult {
  line: string;
  floorMs: number;
  exceljsMs: number | null;
  exceljsRows: number;
}

/**
 * One size's row of the table, measured in a process of its own (`--size ROWS [EXCELJS_MS
 * EXCELJS_ROWS]`): what an earlier size left in the heap and the JIT (exceljs alone allocates
 * gigabytes at 10k rows) does not weigh on the next, as a read in the CLI or a service worker
 * starts on its own heap too. The floor and the reader still share each round.
 */
async function measureSize(rows: number, exceljsMs: number | null, exceljsRows: number): Promise<SizeResult> {
  const bytes = ensureFile(rows);
  // Rounds of a few milliseconds are many, or one collection would move the median.
  const rounds = rows >= 100_000 ? 11 : rows >= 10_000 ? 21 : 41;
  // exceljs checks each merged area against every earlier one: its time grows with the square.
  const exceljsEstimate = exceljsMs === null ? 0 : exceljsMs * (rows / exceljsRows) ** 2;
  // (estimated from 10k rows up, where the merge check dominates its time)
  const withExceljs = rows <= 10_000 || (exceljsMs !== null && exceljsEstimate <= EXCELJS_BUDGET_MS);
  const t: Record<string, number[]> = {
    floorFflate: [],
    floorPako: [],
    reader: [],
    saxes: [],
    exceljs: [],
  };
  const wall: Record<string, number[]> = { floorFflate: [], floorPako: [], reader: [], saxes: [] };
  const timed = (name: string, run: (b: Uint8Array) => unknown) => {
    // CPU time of this process (not wall time): the machine is shared, and waiting is not work.
    // It counts V8's garbage collection on helper threads too; wall time is kept as well.
    const start = process.cpuUsage();
    const wallStart = performance.now();
    run(bytes);
    wall[name]!.push(performance.now() - wallStart);
    const used = process.cpuUsage(start);
    t[name]!.push((used.user + used.system) / 1000);
  };
  // Untimed rounds first (at least 0.5 s of each), so that every reader is compiled by the JIT before
  // it is timed: warm figures; the cold start is the CLI figure below.
  const warm = (run: (b: Uint8Array) => unknown) => {
    for (let round = 0, start = performance.now(); round < 2 || performance.now() - start < 500; round++)
      run(bytes);
  };
  // The floor and the reader interleaved; saxes and exceljs apart, after them: each leaves tens of
  // MB of garbage a round (the decoded XML, its events or model), which whatever ran next would
  // collect in its own time.
  const compared = { floorFflate, floorPako, reader };
  for (const run of Object.values(compared)) warm(run);
  for (let round = 0; round < rounds; round++)
    for (const [name, run] of Object.entries(compared)) timed(name, run);
  warm(saxes);
  for (let round = 0; round < rounds; round++) timed('saxes', saxes);
  if (withExceljs)
    for (let round = 0; round < (rows < 10_000 ? rounds : 1); round++) {
      const start = process.cpuUsage();
      await exceljs(bytes);
      const used = process.cpuUsage(start);
      t.exceljs!.push((used.user + used.system) / 1000);
    }
  // The floor of each round is the faster unzipper's.
  t.floor = t.floorFflate!.map((x, i) => Math.min(x, t.floorPako![i]!));
  const [f, r, s] = [median(t.floor), median(t.reader!), median(t.saxes!)];
  // Ratios are medians of each round's ratio: load from other processes falls on both alike.
  const perRound = (a: number[], b: number[]) => median(a.map((x, i) => x / b[i]!));
  const [rf, rs] = [perRound(t.reader!, t.floor), perRound(t.reader!, t.saxes!)];
  const wallFloor = wall.floorFflate!.map((x, i) => Math.min(x, wall.floorPako![i]!));
  const rfWall = perRound(wall.reader!, wallFloor);
  let ex =
    exceljsMs === null ? 'skipped' : 'skipped (estimated ' + Math.round(exceljsEstimate / 1000) + ' s)';
  if (withExceljs) {
    exceljsMs = median(t.exceljs!);
    exceljsRows = rows;
    ex = `${(exceljsMs / 1000).toFixed(2)} s (${t.exceljs!.length} run${t.exceljs!.length > 1 ? 's' : ''})`;
  }
  const faster = median(t.floorPako!) <= median(t.floorFflate!) ? 'pako' : 'fflate';
  const pf = peak(`floor-${faster}`, rows);
  const pr = peak('reader', rows);
  const pe = withExceljs ? `${peak('exceljs', rows).maxRssMb.toFixed(0)}` : '—';
  const line = `| ${rows.toLocaleString('en')} | ${(bytes.length / 1024).toFixed(0)} KiB | ${(f / 1000).toFixed(3)} s (${faster}) | ${(r / 1000).toFixed(3)} s | ${rf.toFixed(2)}× (wall ${rfWall.toFixed(2)}×) | ${(s / 1000).toFixed(3)} s | ${rs.toFixed(2)}× | ${ex} | ${pf.maxRssMb.toFixed(0)} / ${pr.maxRssMb.toFixed(0)} / ${pe} MB | ${pr.heapMb.toFixed(0)} MB |`;
  return { line, floorMs: f, exceljsMs, exceljsRows };
}

function main(): void {
  console.log(`# reader benchmark — ${os.cpus()[0]?.model} × ${os.cpus().length}, Node ${process.version}`);
  console.log(
    '| KPI rows | file | floor (faster unzipper) | reader | reader / floor (CPU; wall) | saxes (events only) | reader / saxes | exceljs load | peak RSS floor / reader / exceljs | memory kept by the snapshot (heap + typed arrays) |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  let previous: SizeResult = { line: '', floorMs: 0, exceljsMs: null, exceljsRows: 0 };
  let floor1k = 0;
  for (const rows of SIZES) {
    const out = execFileSync(
      process.execPath,
      [
        '--import',
        'tsx',
        'bench/reader.ts',
        '--size',
        String(rows),
        String(previous.exceljsMs ?? ''),
        String(previous.exceljsRows),
      ],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 20 },
    );
    previous = JSON.parse(out) as SizeResult;
    if (rows === 1_000) floor1k = previous.floorMs;
    console.log(previous.line);
  }
  // The CLI end to end as installed (`npm run build` first): process start, the prebuilt bundle
  // (service/bin/sousei.mjs runs it while no source is newer, with V8's code cache), the reader, the
  // engine, the report. Its floor is a process too (bench/floor-process.mjs: Node, an unzipper, inflate
  // and one look at each byte; in each round the faster of fflate and pako), timed cold like the CLI;
  // node + the in-process floor above (warm, JIT-compiled) is shown as well, the stricter reading.
  execFileSync(process.execPath, ['service/build.mjs']);
  // One untimed run writes the code cache, as the first `validate` after a build does.
  spawnSync(process.execPath, ['service/bin/sousei.mjs', 'validate', file(1_000)]);
  const rounds = 7;
  const commands = {
    node: ['-e', '0'],
    floorFflate: ['bench/floor-process.mjs', file(1_000), 'fflate'],
    floorPako: ['bench/floor-process.mjs', file(1_000), 'pako'],
    help: ['service/bin/sousei.mjs', '--help'],
    validate: ['service/bin/sousei.mjs', 'validate', file(1_000)],
    // What it ran before the bundle (and still runs while a source is newer): the sources through tsx.
    tsx: ['--import', 'tsx', 'service/src/cli/entry.ts', 'validate', file(1_000)],
  };
  const spawned = Object.fromEntries(Object.keys(commands).map((name) => [name, [] as number[]]));
  for (let round = 0; round < rounds; round++)
    for (const [name, args] of Object.entries(commands)) spawned[name]!.push(timeSpawn(args));
  spawned.floor = spawned.floorFflate!.map((x, i) => Math.min(x, spawned.floorPako![i]!));
  const m = (name: string) => median(spawned[name]!);
  const ratio = median(spawned.validate!.map((v, i) => v / spawned.floor![i]!));
  console.log(
    `\nsousei validate (1k KPI rows): ${(m('validate') / 1000).toFixed(3)} s; floor process: ${(m('floor') / 1000).toFixed(3)} s (fflate ${(m('floorFflate') / 1000).toFixed(3)} s, pako ${(m('floorPako') / 1000).toFixed(3)} s) → **${ratio.toFixed(2)}× the floor process** (goal ≤ 2×); node -e 0: ${(m('node') / 1000).toFixed(3)} s + warm floor ${(floor1k / 1000).toFixed(3)} s → ${(m('validate') / (m('node') + floor1k)).toFixed(2)}×; sousei --help: ${(m('help') / 1000).toFixed(3)} s; validate through tsx (no bundle): ${(m('tsx') / 1000).toFixed(2)} s (CPU time per run of batches of ${BATCH}, medians of ${rounds} rounds, interleaved; the ratio is the median of each round's)`,
  );
}

const [mode, ...args] = process.argv.slice(2);
if (mode === '--child') await child(args[0]!, Number(args[1]));
else if (mode === '--size')
  process.stdout.write(
    JSON.stringify(await measureSize(Number(args[0]), args[1] ? Number(args[1]) : null, Number(args[2]))),
  );
else main();
