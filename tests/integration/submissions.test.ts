import ExcelJS from 'exceljs';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildKpiWorkbook } from '../fixtures/kpi-book';
import { forDepartment, goal1 } from '../fixtures/kpi-seed';
import { binary, WARNING_REASON } from '../support/http';
import { startTestService, testBackends, type TestService } from '../support/service';
import { XLSX_TYPE as XLSX } from '#shared/api';

describe.each(await testBackends())('on %s', (backend) => {
  let svc: TestService;

  beforeAll(async () => {
    svc = await startTestService({}, backend);
    await request(svc.app)
      .post('/api/cycles')
      .set('Authorization', `Bearer ${svc.adminToken}`)
      .send({ id: 'kpi-2016', kind: 'kpi', fiscalYear: 2015, strategyId: 'kushiro-1' })
      .expect(201);
  });
  afterAll(() => svc.close());

  async function submit(token: string, body: Buffer, name = 'kpi.xlsx') {
    return request(svc.app)
      .post('/api/cycles/kpi-2016/submissions')
      .set('Authorization', `Bearer ${token}`)
      .set(WARNING_REASON)
      .set('Content-Type', XLSX)
      .set('X-File-Name', encodeURIComponent(name))
      .send(body);
  }

  /** Cells of the consolidated sheet as text rows (merged areas read as their value once). */
  async function readBack(body: Buffer): Promise<string[][]> {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(body as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('KPI')!;
    const rows: string[][] = [];
    ws.eachRow({ includeEmpty: true }, (row) => {
      const cells: string[] = [];
      for (let c = 1; c <= 7; c++) {
        const cell = row.getCell(c);
        cells.push(cell.isMerged && cell.master.address !== cell.address ? '' : cell.text);
      }
      rows.push(cells);
    });
    return rows;
  }

  describe('submissions and the consolidated KPI workbook', () => {
    it('health reports the embedded database', async () => {
      const res = await request(svc.app).get('/api/health').expect(200);
      expect(res.body).toEqual({ status: 'ok', db: backend, version: 'test' });
    });

    it('merges two departments’ files into one workbook in strategy order', async () => {
      const fisheries = await svc.departmentToken('水産課', 'kushiro-1');
      const agriculture = await svc.departmentToken('農林課', 'kushiro-1');
      // 農林課 submits first: the merge orders by the strategy, not by arrival. The seed's 素材生産量 has
      // H26年 as its latest 実績値; the FY2015 cycle needs the H27 one, still being collected (…).
      const agricultureRows = structuredClone(forDepartment(goal1, '農林課'));
      agricultureRows.policies[0]!.items[1]!.kpis[0]!.rows[1] = ['実績値', 'H27年', '…'];
      const a = await submit(agriculture, await buildKpiWorkbook([agricultureRows]));
      expect(a.status).toBe(201);
      expect(a.body.submission).toMatchObject({
        department: '農林課',
        version: 1,
        source: 'xlsx',
        fileName: 'kpi.xlsx',
      });
      expect(a.body.findings).toEqual([]);
      const f = await submit(fisheries, await buildKpiWorkbook([forDepartment(goal1, '水産課')]));
      expect(f.status).toBe(201);

      const res = await binary(
        request(svc.app)
          .get('/api/cycles/kpi-2016/consolidated.xlsx')
          .set('Authorization', `Bearer ${svc.adminToken}`),
      ).expect(200);
      expect(res.headers['content-type']).toContain(XLSX);
      const rows = await readBack(res.body as Buffer);
      expect(rows[2]).toEqual([
        '施策体系',
        '重要業績評価指標(KPI)',
        '年・年度',
        '',
        '数値',
        '単位',
        '所管部署',
      ]);
      const body = rows.slice(4).filter((r) => r.some((c) => c !== ''));
      expect(body).toEqual([
        ['【基本目標1】地域経済のプラス成長と雇用の創出を図る', '', '', '', '', '', ''],
        ['① 釧路らしさを生み出す農林水産業の成長産業化', '', '', '', '', '', ''],
        [
          'ア 持続的成長を目指した水産業の振興',
          '・釧路港年間水揚量',
          '現状値',
          'H23-26年平均',
          '117,779',
          'トン',
          '水産課',
        ],
        ['', '', '実績値', 'H27年', '114,977', '', ''],
        ['', '', '指標値', 'H31年', '120,000', '', ''],
        ['イ 生産基盤の強化による農業の振興', '・生乳生産量', '現状値', 'H26年', '67,755', 'トン', '農林課'],
        ['', '', '実績値', 'H27年', '70,213', '', ''],
        ['', '', '指標値', 'H32年', '72,174', '', ''],
        ['', '・野菜出荷量', '現状値', 'H26年', '1,276', 'トン', '農林課'],
        ['', '', '実績値', 'H27年', '1,424', '', ''],
        ['', '', '指標値', 'H32年', '1,339', '', ''],
        [
          'ウ 森林資源の循環利用を通じた林業の振興',
          '・素材生産量',
          '現状値',
          'H25年',
          '29,607',
          'm ³',
          '農林課',
        ],
        ['', '', '実績値', 'H27年', '…', '', ''],
        ['', '', '指標値', 'H32年', '36,000', '', ''],
      ]);
    });

    it('a new version replaces the department’s rows; the first version stays stored', async () => {
      const token = await svc.departmentToken('商業労政課', 'kushiro-1');
      const book = await buildKpiWorkbook([forDepartment(goal1, '商業労政課')]);
      expect((await submit(token, book)).body.submission.version).toBe(1);
      expect((await submit(token, book)).body.submission.version).toBe(2);
      const latest = await svc.store.latestSubmissions('kpi-2016');
      const commerce = latest.filter((s) => s.submission.department === '商業労政課');
      expect(commerce).toHaveLength(1);
      expect(commerce[0]!.submission.version).toBe(2);
      expect(commerce[0]!.rows).toHaveLength(9);
    });

    it('accepts JSON rows and re-validates them on the server', async () => {
      const token = await svc.departmentToken('産業推進室', 'kushiro-1');
      const row = {
        policy: 'ア 高付加価値化による魅力ある製品づくり',
        kpi: '・食料品製造業粗付加価値額',
        kind: 'actual',
        // The 実績値 of the cycle's fiscal year (FY2015).
        period: 'H27年',
        value: '987,121',
        unit: '万円',
        department: '産業推進室',
      };
      const ok = await request(svc.app)
        .post('/api/cycles/kpi-2016/submissions')
        .set('Authorization', `Bearer ${token}`)
        .set(WARNING_REASON)
        .send({ rows: [row] });
      expect(ok.status).toBe(201);
      const bad = await request(svc.app)
        .post('/api/cycles/kpi-2016/submissions')
        .set('Authorization', `Bearer ${token}`)
        .send({ rows: [{ ...row, value: '987千' }] });
      expect(bad.status).toBe(422);
      expect(bad.body.error.message).toContain('エラーがあるため受け付けませんでした');
      expect(bad.body.findings).toEqual([
        // 産業推進室's other KPIs are not in this version (a warning only).
        expect.objectContaining({ rule: 'kpi-schema.missing-kpi', severity: 'warning' }),
        expect.objectContaining({ rule: 'value.not-number', row: 1 }),
      ]);
    });

    it('rejects a workbook with errors (422) with the findings at their cells, storing nothing', async () => {
      const token = await svc.departmentToken('水産課', 'kushiro-1');
      const before = (await svc.store.latestSubmissions('kpi-2016')).length;
      const broken = structuredClone(forDepartment(goal1, '水産課'));
      broken.policies[0]!.items[0]!.kpis[0]!.rows[1]![2] = '114,977トン';
      const res = await submit(token, await buildKpiWorkbook([broken]));
      expect(res.status).toBe(422);
      expect(res.body.findings).toEqual([
        expect.objectContaining({
          rule: 'value.not-number',
          cell: 'E7',
          sheet: 'KPI',
          suggestion: '114,977',
        }),
      ]);
      expect((await svc.store.latestSubmissions('kpi-2016')).length).toBe(before);
    });
    it('rejects another department’s rows from a department that does not own the item (422 at the cell)', async () => {
      const before = (await svc.store.latestSubmissions('kpi-2016')).length;
      // 観光振興室 owns nothing under ア 持続的成長を目指した水産業の振興.
      const res = await submit(
        await svc.departmentToken('観光振興室', 'kushiro-1'),
        await buildKpiWorkbook([forDepartment(goal1, '水産課')]),
      );
      expect(res.status).toBe(422);
      expect(res.body.findings).toEqual([
        // None of 観光振興室's own KPIs are in the workbook (a warning only).
        expect.objectContaining({ rule: 'kpi-schema.missing-kpi', severity: 'warning' }),
        expect.objectContaining({
          rule: 'ownership.other-department',
          severity: 'error',
          cell: 'G6',
          sheet: 'KPI',
          message: expect.stringContaining('この行は「水産課」の所管です。「観光振興室」は'),
        }),
      ]);
      // The admin submitting for a department is validated as that department.
      const asAdmin = await request(svc.app)
        .post('/api/cycles/kpi-2016/submissions')
        .set('Authorization', `Bearer ${svc.adminToken}`)
        .set('X-Department', encodeURIComponent('観光振興室'))
        .set(WARNING_REASON)
        .set('Content-Type', XLSX)
        .send(await buildKpiWorkbook([forDepartment(goal1, '水産課')]));
      expect([asAdmin.status, asAdmin.body.findings.map((f: { rule: string }) => f.rule)]).toEqual([
        422,
        ['kpi-schema.missing-kpi', 'ownership.other-department'],
      ]);
      expect((await svc.store.latestSubmissions('kpi-2016')).length).toBe(before);
    });
  });

  describe('bad input gets a clear Japanese 4xx, never a stack trace', () => {
    it.each([
      ['a non-xlsx body', Buffer.from('施策体系,KPI\n'), 400, 'Excel ブック (.xlsx) ではありません'],
      ['a truncated zip', Buffer.from('PK\u0003\u0004' + 'x'.repeat(100)), 400, '読み込めません'],
    ])('%s', async (_name, body, status, text) => {
      const token = await svc.departmentToken('水産課', 'kushiro-1');
      const res = await submit(token, body);
      expect(res.status).toBe(status);
      expect(res.body.error.message).toContain(text);
      expect(JSON.stringify(res.body)).not.toMatch(/at .*\.ts:\d+/);
    });

    it('an empty workbook', async () => {
      const wb = new ExcelJS.Workbook();
      wb.addWorksheet('KPI');
      const token = await svc.departmentToken('水産課', 'kushiro-1');
      const res = await submit(token, Buffer.from(await wb.xlsx.writeBuffer()));
      expect(res.status).toBe(400);
      expect(res.body.error.message).toBe('ブックにデータのあるシートがありません。');
    });

    it('a body over the size limit (413)', async () => {
      const small = await startTestService({ MAX_UPLOAD_MB: '1' }, backend);
      try {
        const token = await small.departmentToken('水産課', 'kushiro-1');
        const res = await request(small.app)
          .post('/api/cycles/x/submissions')
          .set('Authorization', `Bearer ${token}`)
          .set('Content-Type', XLSX)
          .send(Buffer.alloc(2 * 1024 * 1024, 1));
        expect(res.status).toBe(413);
        expect(res.body.error.message).toBe('ファイルが大きすぎます(上限 1 MB)。');
      } finally {
        await small.close();
      }
    });

    it('malformed JSON (400), a wrong content type (415), no token (401), a department reading the consolidation (403), an unknown cycle (404)', async () => {
      const token = await svc.departmentToken('水産課', 'kushiro-1');
      const url = '/api/cycles/kpi-2016/submissions';
      const badJson = await request(svc.app)
        .post(url)
        .set('Authorization', `Bearer ${token}`)
        .set('Content-Type', 'application/json')
        .send('{"rows": [');
      expect([badJson.status, badJson.body.error.message]).toEqual([400, 'JSON として読めません。']);
      const text = await request(svc.app)
        .post(url)
        .set('Authorization', `Bearer ${token}`)
        .set('Content-Type', 'text/plain')
        .send('hello');
      expect([text.status, text.body.error.code]).toEqual([415, 'unsupported-type']);
      const anonymous = await request(svc.app).post(url).send({ rows: [] });
      expect([anonymous.status, anonymous.body.error.message]).toEqual([
        401,
        '認証が必要です。Authorization: Bearer <トークン> を付けてください。',
      ]);
      const forbidden = await request(svc.app)
        .get('/api/cycles/kpi-2016/consolidated.xlsx')
        .set('Authorization', `Bearer ${token}`);
      expect(forbidden.status).toBe(403);
      const missing = await request(svc.app)
        .post('/api/cycles/nope/submissions')
        .set('Authorization', `Bearer ${token}`)
        .send({ rows: [] });
      expect([missing.status, missing.body.error.message]).toEqual([404, '指定の報告サイクルがありません。']);
    });

    it('keeps only the base name of a path-like file name', async () => {
      const token = await svc.departmentToken('水産課', 'kushiro-1');
      const res = await submit(
        token,
        await buildKpiWorkbook([forDepartment(goal1, '水産課')]),
        '../../etc/passwd\u0000.xlsx',
      );
      expect(res.status).toBe(201);
      expect(res.body.submission.fileName).toBe('passwd.xlsx');
    });
  });
});
