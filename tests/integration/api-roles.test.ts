import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildKpiWorkbook } from '../fixtures/kpi-book';
import { forDepartment, goal1 } from '../fixtures/kpi-seed';
import { expectContract } from '../support/contract';
import { startTestService, testBackends, type TestService } from '../support/service';
import { WARNING_REASON } from '../support/http';
import { XLSX_TYPE as XLSX } from '#shared/api';

type Who = 'anonymous' | 'department' | 'admin';

describe.each(await testBackends())('every route × role on %s', (backend) => {
  let svc: TestService;
  let own: string;
  const ids = { own1: 0, own2: 0, other: 0, conflict: 0 };
  let cycleNo = 0;
  let kpiTable: Buffer;

  beforeAll(async () => {
    kpiTable = await buildKpiWorkbook([goal1]);
    svc = await startTestService({}, backend);
    own = await svc.departmentToken('水産課', 'kushiro-1');
    const other = await svc.departmentToken('都市経営課', 'kushiro-1');
    const admin = { Authorization: `Bearer ${svc.adminToken}` };
    await request(svc.app)
      .post('/api/cycles')
      .set(admin)
      .send({ id: 'm', fiscalYear: 2015, strategyId: 'kushiro-1' })
      .expect(201);
    const book = await buildKpiWorkbook([forDepartment(goal1, '水産課')]);
    const sub = (token: string) =>
      request(svc.app)
        .post('/api/cycles/m/submissions')
        .set('Authorization', `Bearer ${token}`)
        .set(WARNING_REASON);
    ids.own1 = (await sub(own).set('Content-Type', XLSX).send(book).expect(201)).body.submission.id;
    ids.own2 = (await sub(own).set('Content-Type', XLSX).send(book).expect(201)).body.submission.id;
    // 都市経営課 co-owns 商業労政課's item 1④イ: both send the KPI row, with different values.
    const row = (value: string) => ({
      policy: 'イ 創業・第二創業の支援',
      kpi: '・創業支援者数',
      kind: 'actual',
      period: 'H27年度',
      value,
      unit: '人',
      department: '商業労政課',
    });
    await sub(await svc.departmentToken('商業労政課', 'kushiro-1'))
      .send({ rows: [row('1')] })
      .expect(201);
    ids.other = (
      await sub(other)
        .send({ rows: [row('2')] })
        .expect(201)
    ).body.submission.id;
    ids.conflict = (await request(svc.app).get('/api/cycles/m/conflicts').set(admin)).body.conflicts[0].id;
  });
  afterAll(() => svc.close());

  const token = (who: Who) => (who === 'admin' ? svc.adminToken : who === 'department' ? own : null);

  interface Route {
    name: string;
    call: (t: request.Agent | ReturnType<typeof request>) => request.Test;
    expect: Record<Who, number>;
  }
  const routes: Route[] = [
    {
      name: 'GET /api/health',
      call: (r) => r.get('/api/health'),
      expect: { anonymous: 200, department: 200, admin: 200 },
    },
    {
      name: 'GET /api/docs',
      call: (r) => r.get('/api/docs'),
      expect: { anonymous: 200, department: 200, admin: 200 },
    },
    {
      name: 'GET /api/me',
      call: (r) => r.get('/api/me'),
      expect: { anonymous: 401, department: 200, admin: 200 },
    },
    {
      name: 'GET /api/strategy',
      call: (r) => r.get('/api/strategy'),
      expect: { anonymous: 401, department: 200, admin: 200 },
    },
    {
      name: 'PUT /api/strategy',
      call: (r) => r.put('/api/strategy').send({ ...strategyBody() }),
      expect: { anonymous: 401, department: 403, admin: 201 },
    },
    {
      name: 'POST /api/strategy/:id/import-kpis (dry run)',
      call: (r) =>
        r.post('/api/strategy/kushiro-1/import-kpis?dryRun=true').set('Content-Type', XLSX).send(kpiTable),
      expect: { anonymous: 401, department: 403, admin: 200 },
    },
    {
      name: 'GET /api/departments',
      call: (r) => r.get('/api/departments'),
      expect: { anonymous: 401, department: 200, admin: 200 },
    },
    {
      name: 'GET /api/cycles',
      call: (r) => r.get('/api/cycles'),
      expect: { anonymous: 401, department: 200, admin: 200 },
    },
    {
      name: 'POST /api/cycles',
      call: (r) =>
        r.post('/api/cycles').send({ id: `c${++cycleNo}`, fiscalYear: 2015, strategyId: 'kushiro-1' }),
      expect: { anonymous: 401, department: 403, admin: 201 },
    },
    {
      name: 'PATCH /api/cycles/:cycle',
      call: (r) => r.patch('/api/cycles/m').send({ deadline: '2099-03-31' }),
      expect: { anonymous: 401, department: 403, admin: 200 },
    },
    {
      name: 'POST /api/cycles/:cycle/close',
      call: (r) => r.post('/api/cycles/m/close'),
      expect: { anonymous: 401, department: 403, admin: 200 },
    },
    {
      name: 'POST /api/cycles/:cycle/reopen',
      call: (r) => r.post('/api/cycles/m/reopen'),
      expect: { anonymous: 401, department: 403, admin: 200 },
    },
    {
      name: 'GET /api/strategies',
      call: (r) => r.get('/api/strategies'),
      expect: { anonymous: 401, department: 403, admin: 200 },
    },
    {
      name: 'GET /api/tokens',
      call: (r) => r.get('/api/tokens'),
      expect: { anonymous: 401, department: 403, admin: 200 },
    },
    {
      name: 'POST /api/tokens/bulk',
      call: (r) => r.post('/api/tokens/bulk').send({ strategyId: 'kushiro-1', departments: ['農林課'] }),
      expect: { anonymous: 401, department: 403, admin: 201 },
    },
    {
      name: 'GET /api/audit?cycle=m&action=cycle',
      call: (r) => r.get('/api/audit?cycle=m&action=cycle'),
      expect: { anonymous: 401, department: 403, admin: 200 },
    },
    {
      name: 'GET …/submissions',
      call: (r) => r.get('/api/cycles/m/submissions'),
      expect: { anonymous: 401, department: 200, admin: 200 },
    },
    {
      name: 'GET …/submissions/:own',
      call: (r) => r.get(`/api/cycles/m/submissions/${ids.own1}`),
      expect: { anonymous: 401, department: 200, admin: 200 },
    },
    {
      name: 'GET …/submissions/:other',
      call: (r) => r.get(`/api/cycles/m/submissions/${ids.other}`),
      expect: { anonymous: 401, department: 403, admin: 200 },
    },
    {
      name: 'GET …/submissions/:own/file',
      call: (r) => r.get(`/api/cycles/m/submissions/${ids.own1}/file`),
      expect: { anonymous: 401, department: 200, admin: 200 },
    },
    {
      name: 'GET …/submissions/:other/file',
      call: (r) => r.get(`/api/cycles/m/submissions/${ids.other}/file`),
      expect: { anonymous: 401, department: 403, admin: 404 },
    },
    {
      name: 'GET …/submissions/:own/diff',
      call: (r) => r.get(`/api/cycles/m/submissions/${ids.own2}/diff?against=${ids.own1}`),
      expect: { anonymous: 401, department: 200, admin: 200 },
    },
    {
      name: 'GET …/submissions/:own/diff against another department',
      call: (r) => r.get(`/api/cycles/m/submissions/${ids.own2}/diff?against=${ids.other}`),
      expect: { anonymous: 401, department: 403, admin: 200 },
    },
    {
      name: 'POST …/submissions/:id/return',
      call: (r) =>
        r.post(`/api/cycles/m/submissions/${ids.own2}/return`).send({ comment: '確認してください' }),
      expect: { anonymous: 401, department: 403, admin: 201 },
    },
    {
      name: 'GET …/status',
      call: (r) => r.get('/api/cycles/m/status'),
      expect: { anonymous: 401, department: 200, admin: 200 },
    },
    {
      name: 'GET …/conflicts',
      call: (r) => r.get('/api/cycles/m/conflicts'),
      expect: { anonymous: 401, department: 403, admin: 200 },
    },
    {
      name: 'POST …/conflicts/:id/resolve',
      call: (r) =>
        r.post(`/api/cycles/m/conflicts/${ids.conflict}/resolve`).send({ department: '都市経営課' }),
      expect: { anonymous: 401, department: 403, admin: 200 },
    },
    {
      name: 'GET …/consolidated.xlsx',
      call: (r) => r.get('/api/cycles/m/consolidated.xlsx'),
      expect: { anonymous: 401, department: 403, admin: 200 },
    },
    {
      name: 'GET …/template.xlsx (own department)',
      call: (r) => r.get(`/api/cycles/m/template.xlsx?department=${encodeURIComponent('水産課')}`),
      // A department names none (it gets its own); an admin names one.
      expect: { anonymous: 401, department: 403, admin: 200 },
    },
    {
      name: 'GET …/template.xlsx',
      call: (r) => r.get('/api/cycles/m/template.xlsx'),
      // The department's own workbook; the admin's zip of every department's.
      expect: { anonymous: 401, department: 200, admin: 200 },
    },
    {
      name: 'GET /api/audit',
      call: (r) => r.get('/api/audit'),
      expect: { anonymous: 401, department: 403, admin: 200 },
    },
    // Last: one more version of 水産課 (the admin submits for it with X-Department).
    {
      name: 'POST /api/cycles/:cycle/submissions',
      call: (r) =>
        r
          .post('/api/cycles/m/submissions')
          .set('X-Department', encodeURIComponent('水産課'))
          .send({
            rows: [
              {
                policy: 'ア 持続的成長を目指した水産業の振興',
                kpi: '・釧路港年間水揚量',
                // The 実績値 of the cycle's fiscal year (FY2015), which every version needs.
                kind: 'actual',
                period: 'H27年',
                value: '115,000',
                unit: 'トン',
                department: '水産課',
              },
            ],
            // One row after the department's three: a drop that needs a reason.
            reason: '実績値のみ更新',
          }),
      expect: { anonymous: 401, department: 201, admin: 201 },
    },
  ];
  let strategy: unknown = null;
  const strategyBody = () => strategy as object;

  it.each(routes.map((r) => [r.name, r] as const))('%s', async (_name, route) => {
    strategy ??= (
      await request(svc.app).get('/api/strategy').set('Authorization', `Bearer ${svc.adminToken}`)
    ).body.strategy.definition;
    for (const who of ['anonymous', 'department', 'admin'] as const) {
      let req = route.call(request(svc.app));
      const t = token(who);
      if (t) req = req.set('Authorization', `Bearer ${t}`);
      const res = expectContract(await req);
      expect([who, res.status]).toEqual([who, route.expect[who]]);
      if (res.status >= 400) expect(res.body.error.message).toMatch(/[ぁ-んァ-ン一-龥]/);
    }
  });

  it('GET /api/me says who the token is', async () => {
    const me = (t: string) => request(svc.app).get('/api/me').set('Authorization', `Bearer ${t}`);
    expect((await me(own)).body).toEqual({
      role: 'department',
      department: '水産課',
      strategyId: 'kushiro-1',
    });
    expect((await me(svc.adminToken)).body).toEqual({ role: 'admin', department: null, strategyId: null });
  });

  it('a department sees only its own versions and its own status row', async () => {
    const list = await request(svc.app)
      .get('/api/cycles/m/submissions?department=農林課')
      .set('Authorization', `Bearer ${own}`);
    expect(new Set(list.body.submissions.map((s: { department: string }) => s.department))).toEqual(
      new Set(['水産課']),
    );
    const status = await request(svc.app).get('/api/cycles/m/status').set('Authorization', `Bearer ${own}`);
    expect(status.body.departments.map((d: { department: string }) => d.department)).toEqual(['水産課']);
  });
});

describe.each(await testBackends())(
  'hostile input on %s: clear Japanese 4xx, nothing stored, still up',
  (backend) => {
    let svc: TestService;
    let token: string;
    const admin = () => ({ Authorization: `Bearer ${svc.adminToken}` });

    beforeAll(async () => {
      svc = await startTestService({}, backend);
      token = await svc.departmentToken('水産課', 'kushiro-1');
      await request(svc.app)
        .post('/api/cycles')
        .set(admin())
        .send({ id: 'h', fiscalYear: 2015, strategyId: 'kushiro-1' })
        .expect(201);
    });
    afterAll(() => svc.close());

    const submit = () =>
      request(svc.app).post('/api/cycles/h/submissions').set('Authorization', `Bearer ${token}`);

    async function zipBomb(): Promise<Buffer> {
      const zip = new JSZip();
      zip.file('[Content_Types].xml', '<Types/>');
      zip.file('xl/worksheets/sheet1.xml', 'A'.repeat(200 * 1024 * 1024));
      return zip.generateAsync({
        type: 'nodebuffer',
        compression: 'DEFLATE',
        compressionOptions: { level: 9 },
      });
    }

    async function xmlBomb(): Promise<Buffer> {
      const wb = new ExcelJS.Workbook();
      wb.addWorksheet('KPI').getCell('A1').value = 'x';
      const zip = await JSZip.loadAsync(await wb.xlsx.writeBuffer());
      let entities = '<!ENTITY a0 "lol">';
      for (let i = 1; i < 10; i++) entities += `<!ENTITY a${i} "${`&a${i - 1};`.repeat(10)}">`;
      const path = 'xl/worksheets/sheet1.xml';
      const xml = (await zip.file(path)!.async('string')).replace(
        /^<\?xml[^>]*\?>/,
        `<?xml version="1.0"?><!DOCTYPE worksheet [${entities}]>`,
      );
      zip.file(
        path,
        xml.replace(
          '</sheetData>',
          '<row r="2"><c r="A2" t="inlineStr"><is><t>&a9;</t></is></c></row></sheetData>',
        ),
      );
      return zip.generateAsync({ type: 'nodebuffer' });
    }

    it('rejects each with a Japanese message and stores nothing', async () => {
      const before = (await request(svc.app).get('/api/audit?limit=1000').set(admin())).body.entries.length;
      const cases: [string, () => request.Test, number, RegExp][] = [
        [
          '100 MB body',
          () =>
            submit()
              .set('Content-Type', XLSX)
              .send(Buffer.alloc(100 * 1024 * 1024, 0x41)),
          413,
          /大きすぎます/,
        ],
        [
          '100 MB JSON',
          () =>
            submit()
              .set('Content-Type', 'application/json')
              .send(`{"rows":["${'x'.repeat(100 * 1024 * 1024)}"]}`),
          413,
          /大きすぎます/,
        ],
        ['zip bomb', () => submit().set('Content-Type', XLSX).send(zipBombBytes), 413, /展開すると大きすぎ/],
        [
          'XML entity bomb',
          () => submit().set('Content-Type', XLSX).send(xmlBombBytes),
          400,
          /安全でない XML 定義/,
        ],
        [
          'wrong content type',
          () => submit().set('Content-Type', 'text/csv').send('a,b\n1,2'),
          415,
          /Excel ブック/,
        ],
        ['multipart form', () => submit().attach('file', Buffer.from('PK'), 'kpi.xlsx'), 415, /Excel ブック/],
        [
          'bad JSON',
          () => submit().set('Content-Type', 'application/json').send('{"rows": [1,'),
          400,
          /JSON として読めません/,
        ],
        [
          'JSON of the wrong shape',
          () => submit().send({ rows: 'all' }),
          400,
          /リクエストの内容が正しくありません/,
        ],
        [
          'prototype pollution',
          () =>
            submit().set('Content-Type', 'application/json').send('{"__proto__":{"admin":true},"rows":[]}'),
          400,
          /正しくありません/,
        ],
        [
          'unknown department (admin X-Department)',
          () =>
            request(svc.app)
              .post('/api/cycles/h/submissions')
              .set(admin())
              .set('X-Department', encodeURIComponent('../財務課'))
              .send({ rows: [] }),
          422,
          /登録されていません/,
        ],
        [
          'an unknown token',
          () =>
            request(svc.app)
              .get('/api/cycles')
              .set('Authorization', 'Bearer ss_' + 'x'.repeat(32)),
          401,
          /認証が必要です/,
        ],
        [
          'a path-like cycle id',
          () =>
            request(svc.app)
              .post('/api/cycles/..%2F..%2Fetc/submissions')
              .set('Authorization', `Bearer ${token}`)
              .send({ rows: [] }),
          404,
          /サイクルがありません/,
        ],
        [
          'a cycle id with a path',
          () =>
            request(svc.app)
              .post('/api/cycles')
              .set(admin())
              .send({ id: '../x', fiscalYear: 2015, strategyId: 'kushiro-1' }),
          400,
          /半角英数字/,
        ],
      ];
      const zipBombBytes = await zipBomb();
      const xmlBombBytes = await xmlBomb();
      for (const [name, send, status, message] of cases) {
        const res = await send();
        expect([name, res.status]).toEqual([name, status]);
        expect([name, JSON.stringify(res.body)]).toEqual([name, expect.stringMatching(message)]);
        expect(JSON.stringify(res.body)).not.toMatch(/at .*\.ts:\d+|node_modules/);
      }
      const after = (await request(svc.app).get('/api/audit?limit=1000').set(admin())).body.entries.length;
      expect(after).toBe(before);
      expect((await request(svc.app).get('/api/cycles/h/submissions').set(admin())).body.submissions).toEqual(
        [],
      );
      await request(svc.app).get('/api/health').expect(200);
    });

    it('another department’s token cannot read or return this department’s submission', async () => {
      const row = {
        policy: 'ア 持続的成長を目指した水産業の振興',
        kpi: '・釧路港年間水揚量',
        kind: 'actual',
        period: 'H27年',
        value: '1',
        unit: 'トン',
        department: '水産課',
      };
      const id = (
        await submit()
          .send({ rows: [row] })
          .expect(201)
      ).body.submission.id;
      const stranger = await svc.departmentToken('農林課', 'kushiro-1');
      const read = await request(svc.app)
        .get(`/api/cycles/h/submissions/${id}`)
        .set('Authorization', `Bearer ${stranger}`);
      expect([read.status, read.body.error.message]).toEqual([403, '他の部署の提出は見られません。']);
      const ret = await request(svc.app)
        .post(`/api/cycles/h/submissions/${id}/return`)
        .set('Authorization', `Bearer ${stranger}`)
        .send({ comment: 'x' });
      expect(ret.status).toBe(403);
      const wrongCycle = await request(svc.app).get(`/api/cycles/m/submissions/${id}`).set(admin());
      expect(wrongCycle.status).toBe(404);
    });
  },
);
