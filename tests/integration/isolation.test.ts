import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { buildKpiWorkbook } from '../fixtures/kpi-book';
import { forDepartment, goal1, goal1Complete } from '../fixtures/kpi-seed';
import { zipOf } from '../fixtures/zip';
import { startTestService, type TestService } from '../support/service';
import { WARNING_REASON } from '../support/http';
import { XLSX_TYPE as XLSX } from '#shared/api';

const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;

/** A 5 KiB workbook whose one merged area covers the whole sheet (A1:XFD1048576). */
function wholeSheetMerge(): Buffer {
  const xml = (s: string) => Buffer.from(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n${s}`);
  const main = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
  const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  return zipOf([
    {
      name: '[Content_Types].xml',
      data: xml(
        `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
      ),
    },
    {
      name: '_rels/.rels',
      data: xml(
        `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
      ),
    },
    {
      name: 'xl/workbook.xml',
      data: xml(
        `<workbook xmlns="${main}" xmlns:r="${rel}"><sheets><sheet name="KPI" sheetId="1" r:id="rId1"/></sheets></workbook>`,
      ),
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: xml(
        `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
      ),
    },
    {
      name: 'xl/worksheets/sheet1.xml',
      data: xml(
        `<worksheet xmlns="${main}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>施策</t></is></c></row></sheetData><mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells></worksheet>`,
      ),
    },
  ]);
}

describe('uploads are read in a worker pool with memory and time limits', () => {
  let svc: TestService | undefined;
  afterEach(async () => {
    await svc?.close();
    svc = undefined;
  });

  async function start(env: Record<string, string>) {
    svc = await startTestService(env);
    await request(svc.app)
      .post('/api/cycles')
      .set('Authorization', `Bearer ${svc.adminToken}`)
      .send({ id: 'kpi-2016', kind: 'kpi', fiscalYear: 2015, strategyId: 'kushiro-1' })
      .expect(201);
    return svc;
  }

  const submit = (s: TestService, token: string, body: Buffer) =>
    request(s.app)
      .post('/api/cycles/kpi-2016/submissions')
      .set('Authorization', `Bearer ${token}`)
      .set(WARNING_REASON)
      .set('Content-Type', XLSX)
      .send(body);

  it(
    'a workbook that would exhaust memory costs one worker: answered in Japanese, nothing stored, health answered meanwhile, the next file read',
    { timeout: 120_000 },
    async () => {
      const s = await start({ PARSE_MEMORY_MB: '128', PARSE_TIMEOUT_MS: '15000' });
      const token = await s.departmentToken('水産課', 'kushiro-1');
      const url = await s.listen();
      const pending = submit(s, token, wholeSheetMerge()).then((r) => r);
      let healthChecks = 0;
      let done = false;
      void pending.finally(() => (done = true));
      while (!done) {
        const health = await fetch(`${url}/api/health`);
        expect(health.status).toBe(200);
        healthChecks++;
        await new Promise((r) => setTimeout(r, 50));
      }
      const res = await pending;
      // Past the worker's heap (413), or the time limit (422), or refused by the reader (4xx): never stored.
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(res.body.error.message).toMatch(JAPANESE);
      expect(healthChecks).toBeGreaterThan(0);
      expect(await s.store.listSubmissions('kpi-2016')).toEqual([]);

      const ok = await submit(s, token, await buildKpiWorkbook([forDepartment(goal1, '水産課')]));
      expect([ok.status, ok.body.error?.message]).toEqual([201, undefined]);
    },
  );

  it(
    'a file not read within PARSE_TIMEOUT_MS is answered 422 timeout, nothing stored',
    { timeout: 120_000 },
    async () => {
      // ~7,000 KPI rows take any reader far longer than 10 ms (unzipping and scanning the sheet XML
      // alone: ~0.1 s); the clock starts when the worker takes the file, not while it starts.
      const s = await start({ PARSE_TIMEOUT_MS: '10' });
      const token = await s.departmentToken('水産課', 'kushiro-1');
      const goals = Array.from({ length: 150 }, () => forDepartment(goal1, '水産課'));
      const res = await submit(s, token, await buildKpiWorkbook(goals));
      expect([res.status, res.body.error.code]).toEqual([422, 'timeout']);
      expect(res.body.error.message).toContain('制限時間');
      expect(await s.store.listSubmissions('kpi-2016')).toEqual([]);
    },
  );

  it(
    'one submission per department at a time: past its queue (DEPARTMENT_QUEUE=0 here) 429 with Retry-After; another department is served',
    { timeout: 120_000 },
    async () => {
      const s = await start({ DEPARTMENT_QUEUE: '0' });
      const fisheries = await s.departmentToken('水産課', 'kushiro-1');
      const tourism = await s.departmentToken('観光振興室', 'kushiro-1');
      const first = submit(s, fisheries, await buildKpiWorkbook([forDepartment(goal1, '水産課')])).then(
        (r) => r,
      );
      // The first is in the pool once a file is pending there (a cold worker takes a while to start).
      while (s.pool.pending() === 0) await new Promise((r) => setTimeout(r, 2));
      const second = await submit(s, fisheries, await buildKpiWorkbook([forDepartment(goal1, '水産課')]));
      expect(second.status).toBe(429);
      expect(second.headers['retry-after']).toMatch(/^\d+$/);
      expect(second.body.error.message).toContain('この部署の提出を処理中');
      const other = await submit(
        s,
        tourism,
        await buildKpiWorkbook([forDepartment(goal1Complete, '観光振興室')]),
      );
      expect(other.status).toBe(201);
      expect((await first).status).toBe(201);
      expect((await s.store.listSubmissions('kpi-2016')).map((x) => x.department).sort()).toEqual(
        ['水産課', '観光振興室'].sort(),
      );
    },
  );
});
