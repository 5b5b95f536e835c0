import fs from 'node:fs';
import type ExcelJS from 'exceljs';
import JSZip from 'jszip';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEMPLATE_KEY_SHEET } from '#shared';
import { keyOf, RowKeyer } from '../../service/src/consolidate/merge';
import { projectTemplateRows } from '../../service/src/templates/project-template';
import {
  fillKpi,
  fillProgress,
  fillProjects,
  openWorkbook,
  progressTexts,
  projectFigures,
  saved,
} from '../fixtures/template-fill';
import { binary, workbookOf, WARNING_REASON } from '../support/http';
import { startTestService, testBackends, type TestService } from '../support/service';
import { XLSX_TYPE as XLSX } from '#shared/api';

/**
 * The department templates through the service: downloaded by the department (route × role), filled
 * as a clerk would, submitted (no findings), merged into the consolidated workbook with the same values;
 * one mistyped value flags exactly its cell. The next cycle's template carries what this one accepted.
 */

const town = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;

interface Case {
  name: string;
  cycle: string;
  kind: 'kpi' | 'progress' | 'project';
  fiscalYear: number;
  strategyId: string;
  department: string;
}

const cases: Case[] = [
  {
    name: 'Kushiro KPI表',
    cycle: 'kpi-2016',
    kind: 'kpi',
    fiscalYear: 2016,
    strategyId: 'kushiro-1',
    department: '商業労政課',
  },
  {
    name: 'Kushiro 進捗報告',
    cycle: 'progress-2024',
    kind: 'progress',
    fiscalYear: 2024,
    strategyId: 'kushiro-2',
    department: '商業労政課',
  },
  {
    name: 'Kushiro 主要施策成果シート',
    cycle: 'project-2024',
    kind: 'project',
    fiscalYear: 2024,
    strategyId: 'kushiro-2',
    department: '商業労政課',
  },
  {
    name: 'kakuu-town KPI表',
    cycle: 'kakuu-kpi-2025',
    kind: 'kpi',
    fiscalYear: 2025,
    strategyId: 'kakuu-town',
    department: '企画課',
  },
  {
    name: 'kakuu-town 進捗報告',
    cycle: 'kakuu-progress-2025',
    kind: 'progress',
    fiscalYear: 2025,
    strategyId: 'kakuu-town',
    department: '企画課',
  },
  {
    name: 'minato-village 主要施策成果シート',
    cycle: 'minato-project-2025',
    kind: 'project',
    fiscalYear: 2025,
    strategyId: 'minato-village',
    department: '産業振興課',
  },
];

/** (KPI, 年・年度) → 数値 of the 実績値 rows of a KPI sheet (merged KPI cells read their area's value). */
function actuals(ws: ExcelJS.Worksheet): Map<string, unknown> {
  const out = new Map<string, unknown>();
  ws.eachRow((row) => {
    if (row.getCell(3).value === '実績値')
      out.set(`${String(row.getCell(2).value)}|${String(row.getCell(4).value)}`, row.getCell(5).value);
  });
  return out;
}

describe.each(await testBackends())('department templates on %s', (backend) => {
  let svc: TestService;
  const auth = (t: string) => ({ Authorization: `Bearer ${t}` });
  const tokens = new Map<string, string>();
  const tokenOf = async (department: string, strategyId: string) => {
    const key = `${strategyId}|${department}`;
    if (!tokens.has(key)) tokens.set(key, await svc.departmentToken(department, strategyId));
    return tokens.get(key)!;
  };
  const createCycle = (id: string, kind: string, fiscalYear: number, strategyId: string) =>
    request(svc.app)
      .post('/api/cycles')
      .set(auth(svc.adminToken))
      .send({ id, kind, fiscalYear, strategyId })
      .expect(201);
  const download = async (c: Pick<Case, 'cycle' | 'department' | 'strategyId'>) =>
    (
      await binary(
        request(svc.app)
          .get(`/api/cycles/${c.cycle}/template.xlsx`)
          .set(auth(await tokenOf(c.department, c.strategyId))),
      ).expect(200)
    ).body as Buffer;
  const submit = async (c: Case, body: Buffer) =>
    request(svc.app)
      .post(`/api/cycles/${c.cycle}/submissions`)
      .set(auth(await tokenOf(c.department, c.strategyId)))
      .set('Content-Type', XLSX)
      // A version with warnings is stored only with the clerk's reason (the pane and the page ask for one).
      .set(WARNING_REASON)
      .send(body);
  const consolidated = (cycle: string) =>
    workbookOf(request(svc.app).get(`/api/cycles/${cycle}/consolidated.xlsx`).set(auth(svc.adminToken)));

  beforeAll(async () => {
    svc = await startTestService({}, backend);
    for (const file of ['tests/fixtures/kakuu-town.json', 'tests/fixtures/minato-village.json'])
      await request(svc.app).put('/api/strategy').set(auth(svc.adminToken)).send(town(file)).expect(201);
    for (const c of cases) await createCycle(c.cycle, c.kind, c.fiscalYear, c.strategyId);
  });
  afterAll(() => svc.close());

  describe('GET /api/cycles/:cycle/template.xlsx by role', () => {
    it('a department gets its own workbook, never another’s', async () => {
      const token = await tokenOf('商業労政課', 'kushiro-1');
      const own = await binary(
        request(svc.app).get('/api/cycles/kpi-2016/template.xlsx').set(auth(token)),
      ).expect(200);
      expect(own.headers['content-type']).toContain(XLSX);
      expect(own.headers['content-disposition']).toContain(encodeURIComponent('kpi-2016-商業労政課.xlsx'));
      const ws = (await openWorkbook(own.body as Buffer)).getWorksheet('KPI表')!;
      expect(String(ws.getCell('A2').value)).toContain('商業労政課');
      const other = await request(svc.app)
        .get('/api/cycles/kpi-2016/template.xlsx?department=水産課')
        .set(auth(token));
      expect([other.status, other.body.error?.code]).toEqual([403, 'forbidden']);
    });

    it('an admin names a department, or gets a zip of every department’s', async () => {
      const named = await binary(
        request(svc.app)
          .get(`/api/cycles/kpi-2016/template.xlsx?department=${encodeURIComponent('水産課')}`)
          .set(auth(svc.adminToken)),
      ).expect(200);
      const kpis = (await openWorkbook(named.body as Buffer)).getWorksheet('KPI表')!;
      expect(kpis.getColumn(2).values).toContain('釧路港年間水揚量');
      const zipped = await binary(
        request(svc.app).get('/api/cycles/kakuu-kpi-2025/template.xlsx').set(auth(svc.adminToken)),
      ).expect(200);
      expect(zipped.headers['content-type']).toContain('application/zip');
      const zip = await JSZip.loadAsync(zipped.body as Buffer);
      expect(Object.keys(zip.files).sort()).toEqual(
        ['農政課', '観光交流課', '企画課', '商業労政課'].map((d) => `kakuu-kpi-2025-${d}.xlsx`).sort(),
      );
      // The departments the cycle expects, once the planning office names them.
      await request(svc.app)
        .patch('/api/cycles/kakuu-kpi-2025')
        .set(auth(svc.adminToken))
        .send({ expectedDepartments: ['農政課', '企画課'] })
        .expect(200);
      const narrowed = await binary(
        request(svc.app).get('/api/cycles/kakuu-kpi-2025/template.xlsx').set(auth(svc.adminToken)),
      ).expect(200);
      expect(Object.keys((await JSZip.loadAsync(narrowed.body as Buffer)).files).sort()).toEqual(
        ['農政課', '企画課'].map((d) => `kakuu-kpi-2025-${d}.xlsx`).sort(),
      );
      const unknown = await request(svc.app)
        .get(`/api/cycles/kpi-2016/template.xlsx?department=${encodeURIComponent('宇宙開発課')}`)
        .set(auth(svc.adminToken));
      expect([unknown.status, unknown.body.error?.code]).toEqual([422, 'unknown-department']);
    });

    it('no token: 401; another town’s cycle: 404 as if it did not exist', async () => {
      expect((await request(svc.app).get('/api/cycles/kpi-2016/template.xlsx')).status).toBe(401);
      const kakuu = await tokenOf('企画課', 'kakuu-town');
      const res = await request(svc.app).get('/api/cycles/kpi-2016/template.xlsx').set(auth(kakuu));
      expect([res.status, res.body.error?.code]).toEqual([404, 'cycle-not-found']);
    });
  });

  describe.each(cases)('$name', (c) => {
    it('filled and submitted: no findings, and the consolidated workbook carries the same values', async () => {
      const wb = await openWorkbook(await download(c));
      if (c.kind === 'kpi') {
        const filled = fillKpi(wb);
        expect(filled.size).toBeGreaterThan(0);
        const before = actuals(wb.getWorksheet('KPI表')!);
        const res = await submit(c, await saved(wb));
        expect([res.status, res.body.findings]).toEqual([201, []]);
        const merged = actuals((await consolidated(c.cycle)).getWorksheet('KPI')!);
        for (const [key, value] of before) expect([key, merged.get(key)]).toEqual([key, value]);
      } else if (c.kind === 'progress') {
        const rows = fillProgress(wb);
        expect(rows.length).toBeGreaterThan(0);
        const res = await submit(c, await saved(wb));
        expect([res.status, res.body.findings]).toEqual([201, []]);
        const ws = (await consolidated(c.cycle)).getWorksheet('進捗報告')!;
        const own: unknown[][] = [];
        ws.eachRow((row) => {
          if (row.getCell(2).value === c.department) own.push([row.getCell(3).value, row.getCell(4).value]);
        });
        expect(own).toEqual(rows.map(() => [progressTexts.results, progressTexts.plan]));
      } else {
        const names = fillProjects(wb);
        expect(names.length).toBeGreaterThan(0);
        const res = await submit(c, await saved(wb));
        expect([res.status, res.body.findings]).toEqual([201, []]);
        const summary = (await consolidated(c.cycle)).getWorksheet('事業一覧')!;
        const totals = new Map<unknown, unknown[]>();
        summary.eachRow((row, r) => {
          if (r > 3)
            totals.set(
              row.getCell(1).value,
              [3, 4, 5].map((col) => row.getCell(col).value),
            );
        });
        for (const name of names) expect([name, totals.get(name)]).toEqual([name, projectFigures.total]);
      }
    });

    it('one mistyped value: exactly that cell is flagged', async () => {
      const wb = await openWorkbook(await download(c));
      let sheet: string;
      let cell: string;
      if (c.kind === 'kpi') {
        const filled = fillKpi(wb);
        cell = [...filled.keys()][0]!;
        sheet = 'KPI表';
        // The letter O for a zero, as typed past the sheet's number check (Excel's paste skips it).
        wb.getWorksheet(sheet)!.getCell(cell).value = `${String(filled.get(cell))}O`;
      } else if (c.kind === 'progress') {
        const [row] = fillProgress(wb);
        sheet = '進捗報告';
        cell = `E${row}`;
        // Last year's results pasted as this year's plan.
        wb.getWorksheet(sheet)!.getCell(cell).value = progressTexts.results;
      } else {
        fillProjects(wb);
        const ws = wb.worksheets[0]!;
        sheet = ws.name;
        const R = projectTemplateRows;
        // Next year's budget total typed 10 千円 off its 財源 (this year's would also move the per-capita cost).
        cell = ws.getCell(R.total, 5).address;
        ws.getCell(cell).value = projectFigures.total[2]! + 10;
      }
      const res = await submit(c, await saved(wb));
      const flagged = (res.body.findings as { sheet: string; cell: string | null }[]).map((f) => [
        f.sheet,
        f.cell,
      ]);
      expect(flagged).toEqual([[sheet, cell]]);
    });
  });

  it('a key sheet naming another item than the row’s text is ignored: the row keeps its own identity', async () => {
    const c = cases.find((x) => x.cycle === 'kakuu-kpi-2025')!;
    const wb = await openWorkbook(await download(c));
    fillKpi(wb);
    // Every key pointed at an item of another 章 (edited, or forged to merge into someone else's rows).
    const keySheet = wb.getWorksheet(TEMPLATE_KEY_SHEET)!;
    keySheet.eachRow((row, r) => {
      if (r > 1) row.getCell(3).value = '1-1-ア';
    });
    const res = await submit(c, await saved(wb));
    expect([res.status, res.body.findings]).toEqual([201, []]);
    const strategy = (await svc.store.getStrategy('kakuu-town'))!.definition;
    const keyer = RowKeyer.for(strategy);
    const [latest] = (await svc.store.latestSubmissions(c.cycle)).filter(
      (l) => l.submission.department === c.department,
    );
    expect(latest!.rows.length).toBeGreaterThan(0);
    for (const row of latest!.rows) expect(row.rowKey).toBe(keyOf(keyer.identity(row)));
    expect(new Set(latest!.rows.map((r) => keyer.identity(r).node))).not.toContain('1-1-ア');
  });

  it('the diff tells rows moved (a row inserted above) from rows changed', async () => {
    const c = cases.find((x) => x.cycle === 'minato-project-2025')!;
    const kpiCase = { ...c, cycle: 'minato-kpi-2025', kind: 'kpi' as const };
    await createCycle(kpiCase.cycle, 'kpi', 2025, 'minato-village');
    const wb = await openWorkbook(await download(kpiCase));
    const filled = fillKpi(wb);
    const v1 = await submit(kpiCase, await saved(wb));
    expect([v1.status, v1.body.findings]).toEqual([201, []]);
    // A note row inserted under the title, and one value corrected.
    const ws = wb.getWorksheet('KPI表')!;
    const [first, second] = [...filled.keys()];
    ws.getCell(second!).value = Number(filled.get(second!)) + 1;
    ws.spliceRows(2, 0, ['備考: 速報値を含む']);
    const v2 = await submit(kpiCase, await saved(wb));
    expect([v2.status, v2.body.findings]).toEqual([201, []]);
    const diff = await request(svc.app)
      .get(
        `/api/cycles/${kpiCase.cycle}/submissions/${v2.body.submission.id}/diff?against=${v1.body.submission.id}`,
      )
      .set(auth(svc.adminToken))
      .expect(200);
    const row = (address: string) => Number(/\d+$/.exec(address)![0]);
    expect(diff.body.changed).toEqual([
      expect.objectContaining({ fields: ['value'], rowBefore: row(second!), rowAfter: row(second!) + 1 }),
    ]);
    expect(diff.body.moved).toContainEqual(
      expect.objectContaining({ fields: [], rowBefore: row(first!), rowAfter: row(first!) + 1 }),
    );
    expect(diff.body.moved).toHaveLength(diff.body.unchanged);
    expect([diff.body.added, diff.body.removed]).toEqual([[], []]);
  });

  it('the next cycle’s template carries what this one accepted', async () => {
    // Kushiro KPI: 2016's 実績値 as an earlier row (with a note); progress: 2024's plan greyed beside 2025's results.
    await createCycle('kpi-2017', 'kpi', 2017, 'kushiro-1');
    const kpi = (
      await openWorkbook(
        await download({ cycle: 'kpi-2017', department: '商業労政課', strategyId: 'kushiro-1' }),
      )
    ).getWorksheet('KPI表')!;
    const earlier: ExcelJS.Cell[] = [];
    kpi.eachRow((row) => {
      if (row.getCell(3).value === '実績値' && row.getCell(4).value === 'H28年度')
        earlier.push(row.getCell(5));
    });
    expect(earlier.length).toBeGreaterThan(0);
    expect(earlier.every((cell) => typeof cell.value === 'number')).toBe(true);
    expect(String(earlier[0]!.note)).toContain('kpi-2016');

    await createCycle('progress-2025', 'progress', 2025, 'kushiro-2');
    const progress = (
      await openWorkbook(
        await download({ cycle: 'progress-2025', department: '商業労政課', strategyId: 'kushiro-2' }),
      )
    ).getWorksheet('進捗報告')!;
    expect(progress.getCell('D4').value).toBe('R7年度(実績)');
    const references: unknown[] = [];
    progress.eachRow((row, r) => {
      if (r > 4 && row.getCell(2).value === '商業労政課') references.push(row.getCell(3).value);
    });
    // What 2024 last accepted: the version with the first row's plan pasted from its results (a warning,
    // so it was stored), the other rows' plans as written.
    expect(references).toEqual([progressTexts.results, ...references.slice(1).map(() => progressTexts.plan)]);
    expect(references.length).toBeGreaterThan(1);
    // Last plan pasted as this year's results: caught at that cell. The other rows say what was done.
    const next = await openWorkbook(
      await download({ cycle: 'progress-2025', department: '商業労政課', strategyId: 'kushiro-2' }),
    );
    const ws = next.getWorksheet('進捗報告')!;
    const rows = fillProgress(next);
    for (const r of rows) ws.getCell(r, 4).value = '相談窓口を開設し、120件の相談に応じた。';
    const copied = ws.getCell(rows[1]!, 4);
    copied.value = String(ws.getCell(rows[1]!, 3).value);
    ws.getCell(rows[1]!, 5).value = '相談窓口を2か所に増やす。';
    const res = await submit({ ...cases[1]!, cycle: 'progress-2025', fiscalYear: 2025 }, await saved(next));
    expect(res.body.findings.map((f: { rule: string; cell: string }) => [f.rule, f.cell])).toEqual([
      ['progress.results-copies-previous-plan', copied.address],
    ]);

    await createCycle('minato-project-2026', 'project', 2026, 'minato-village');
    const projects = await openWorkbook(
      await download({
        cycle: 'minato-project-2026',
        department: '産業振興課',
        strategyId: 'minato-village',
      }),
    );
    const R = projectTemplateRows;
    // 2025 (令和7年度) is the first column of the 2026 sheet: last cycle's settled total.
    expect(projects.worksheets[0]!.getCell(R.years, 3).value).toBe('令和7年度');
    expect(projects.worksheets[0]!.getCell(R.total, 3).value).toBe(projectFigures.total[1]);
  });
});
