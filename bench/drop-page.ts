/**
 * Drop-page benchmark (`npm run bench`, issue 10: "the drop page on a 10k-row KPI表 shows findings
 * without a long task over 200 ms"). Builds the browser bundles, starts the service on SQLite, opens `/`
 * in Debian's headless Chromium, and for KPI表 workbooks of 1k and 10k KPI rows (the real layout,
 * generated here): registers a `longtask` PerformanceObserver, sets the file into the page's file
 * input, and waits until the findings are painted. Reports, medians over fresh pages:
 *   time to findings  from the input's `change` event to the first frame after the summary is shown;
 *   long tasks        main-thread tasks over 50 ms between that change and 1 s after the findings
 *                     (longest, count, total); the worker's own time is not a main-thread task.
 * Never run as a test: timings depend on the machine.
 */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import type { Page } from 'playwright-core';
import { buildKpiXlsx, kpiGoalsOfSize } from '../tests/fixtures/kpi-xml-book';
import { CHROMIUM_PATH, chromiumAvailable, launchChromium } from '../tests/support/chromium';
import { startTestService } from '../tests/support/service';

const SIZES = (process.env.BENCH_SIZES ?? '1000,10000').split(',').map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const GOAL_MS = 200;

interface Bench {
  tasks: { start: number; duration: number }[];
  files: FileList;
  changed: number;
}

interface Run {
  toFindings: number;
  /** Until every finding is in the list (they are added a few hundred per task after the first). */
  toAll: number;
  findings: number;
  longest: number;
  count: number;
  total: number;
  /** Long tasks before the change: the page loading, the bench making the file (not the goal's; reported apart). */
  atLoad: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function measure(page: Page, url: string, name: string, bytes: Buffer): Promise<Run> {
  await page.goto(`${url}/`);
  // The file is made in the page first (its own long task, before the measurement), then given to
  // the input as a clerk's choice is: the measured tasks are the page's, not the test driver's.
  await page.evaluate(
    ({ name, base64 }) => {
      const w = window as unknown as { bench: Bench };
      const data = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const files = new DataTransfer();
      files.items.add(
        new File([data], name, { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }),
      );
      w.bench = { tasks: [], files: files.files, changed: 0 };
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.bench.tasks.push({ start: e.startTime, duration: e.duration });
      }).observe({ type: 'longtask', buffered: true });
    },
    { name, base64: bytes.toString('base64') },
  );
  await page.waitForTimeout(200); // the long task of making the file is reported before the change
  return page.evaluate(async () => {
    const w = window as unknown as { bench: Bench };
    const results = document.getElementById('results')!;
    const input = document.getElementById('file') as HTMLInputElement;
    const frame = () =>
      new Promise<number>((resolve) =>
        requestAnimationFrame(() => setTimeout(() => resolve(performance.now()))),
      );
    const until = (ready: () => boolean) =>
      new Promise<void>((resolve) => {
        if (ready()) return resolve();
        const watch = new MutationObserver(() => {
          if (!ready()) return;
          watch.disconnect();
          resolve();
        });
        watch.observe(results, { childList: true, subtree: true });
      });
    const before = w.bench.tasks.length;
    w.bench.changed = performance.now();
    input.files = w.bench.files;
    input.dispatchEvent(new Event('change', { bubbles: true }));
    await until(() => results.querySelector('.summary, .notice.error') !== null);
    if (results.querySelector('.notice.error')) throw new Error(results.textContent ?? 'error');
    // The first frame painted after the summary is in the DOM: the clerk sees the findings then.
    const shown = await frame();
    const total = [...(results.querySelector('.summary')!.textContent ?? '').matchAll(/\d+/g)].reduce(
      (s, m) => s + Number(m[0]),
      0,
    );
    await until(() => results.querySelectorAll('.finding').length === total);
    const all = await frame();
    // Long tasks are reported after they end: give the rendering that follows time to finish.
    await new Promise((r) => setTimeout(r, 1000));
    const after = w.bench.tasks.slice(before).filter((t) => t.start + t.duration >= w.bench.changed);
    return {
      toFindings: shown - w.bench.changed,
      toAll: all - w.bench.changed,
      findings: total,
      longest: Math.max(0, ...after.map((t) => t.duration)),
      count: after.length,
      total: after.reduce((s, t) => s + t.duration, 0),
      atLoad: before,
    };
  });
}

async function main(): Promise<void> {
  if (!chromiumAvailable)
    throw new Error(`Chromium not found at ${CHROMIUM_PATH} (apt-get install -y chromium)`);
  execFileSync(process.execPath, ['addin/build.mjs']);
  const svc = await startTestService();
  const url = await svc.listen();
  const browser = await launchChromium();
  const version = browser.version();
  console.log(
    `# drop-page benchmark — ${os.cpus()[0]?.model} × ${os.cpus().length}, headless Chromium ${version}, ${RUNS} runs per size`,
  );
  console.log(
    '| KPI rows | findings | time to findings | to all findings | longest long task | long tasks (count) | long tasks (total) | long tasks before the change |',
  );
  console.log('|---|---|---|---|---|---|---|---|');
  try {
    for (const rows of SIZES) {
      const bytes = Buffer.from(buildKpiXlsx(kpiGoalsOfSize(rows)));
      const runs: Run[] = [];
      for (let i = 0; i < RUNS; i++) {
        const page = await browser.newPage();
        // tsx compiles this file keeping function names, through a helper the page does not have.
        await page.addInitScript('globalThis.__name = (f) => f');
        runs.push(await measure(page, url, `kpi-${rows}.xlsx`, bytes));
        await page.close();
      }
      const m = (f: (r: Run) => number) => median(runs.map(f));
      const worst = Math.max(...runs.map((r) => r.longest));
      console.log(
        `| ${rows.toLocaleString('en')} | ${runs[0]!.findings} | ${m((r) => r.toFindings).toFixed(0)} ms | ${m((r) => r.toAll).toFixed(0)} ms | ${m((r) => r.longest).toFixed(0)} ms (runs: ${runs.map((r) => r.longest.toFixed(0)).join(', ')}${worst > GOAL_MS ? `; over the ${GOAL_MS} ms goal` : ''}) | ${m((r) => r.count)} | ${m((r) => r.total).toFixed(0)} ms | ${m((r) => r.atLoad)} |`,
      );
    }
  } finally {
    await browser.close();
    await svc.close();
  }
}

await main();
