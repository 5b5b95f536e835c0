import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildKpiWorkbook } from '../fixtures/kpi-book';
import { forDepartment, goal1 } from '../fixtures/kpi-seed';
import { binary, WARNING_REASON } from '../support/http';
import { startTestService, testBackends, type TestService } from '../support/service';
import { XLSX_TYPE as XLSX } from '#shared/api';

/** A KPI row as JSON (the task pane's other submission format). */
function row(
  policy: string,
  kpi: string,
  kind: 'baseline' | 'actual' | 'target',
  period: string,
  value: string,
  department: string,
  // The unit the strategy defines for the KPI (kpi-schema.unit).
  unit = '人',
) {
  return { policy, kpi, kind, period, value, unit, department };
}
// 4②イ is owned by 病院総務課 and 健康推進課 together: either may send the other's rows (a co-owner row).
const MEDICAL = 'イ 医療体制の整備';
const MEDICAL_RESTATED = 'イ 医療体制の整備(再掲)';
const STARTUP = 'イ 創業・第二創業の支援';
// 観光振興室's item 1③イ defines no KPI of its own: any KPI name may be reported there.
const STAY = 'イ 釧路が誇る地域資源を活かした滞在型観光地域づくり';
const FISHERY = 'ア 持続的成長を目指した水産業の振興';

async function sheetRows(body: Buffer, sheet: string): Promise<ExcelJS.Row[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ArrayBuffer);
  const rows: ExcelJS.Row[] = [];
  wb.getWorksheet(sheet)!.eachRow((r) => rows.push(r));
  return rows;
}

describe.each(await testBackends())('consolidation service on %s', (backend) => {
  let svc: TestService;
  let fisheries: string;
  let tourism: string;
  let hospital: string;
  let health: string;
  const auth = (t: string) => ({ Authorization: `Bearer ${t}` });

  beforeAll(async () => {
    svc = await startTestService({}, backend);
    fisheries = await svc.departmentToken('水産課', 'kushiro-1');
    tourism = await svc.departmentToken('観光振興室', 'kushiro-1');
    hospital = await svc.departmentToken('病院総務課', 'kushiro-1');
    health = await svc.departmentToken('健康推進課', 'kushiro-1');
    await request(svc.app)
      .post('/api/cycles')
      .set(auth(svc.adminToken))
      .send({
        id: 'kpi-2016',
        kind: 'kpi',
        // The FY2015 results (H27), reported in 2016: every KPI needs its 実績値 of the cycle's year.
        fiscalYear: 2015,
        strategyId: 'kushiro-1',
        deadline: '2016-06-30',
      })
      .expect(201);
  });
  afterAll(() => svc.close());

  const post = (token: string, cycle = 'kpi-2016') =>
    request(svc.app).post(`/api/cycles/${cycle}/submissions`).set(auth(token)).set(WARNING_REASON);

  it('submits, resubmits, diffs, returns, merges, resolves a conflict and writes the consolidated workbook', async () => {
    // 水産課 submits its part of the seed KPI table as a workbook, then a corrected version.
    const v1 = await post(fisheries)
      .set('Content-Type', XLSX)
      .set('X-File-Name', encodeURIComponent('水産課KPI.xlsx'))
      .send(await buildKpiWorkbook([forDepartment(goal1, '水産課')]));
    expect(v1.status).toBe(201);
    const corrected = structuredClone(forDepartment(goal1, '水産課'));
    corrected.policies[0]!.items[0]!.kpis[0]!.rows[1]![2] = '115,000';
    const v2 = await post(fisheries)
      .set('Content-Type', XLSX)
      .send(await buildKpiWorkbook([corrected]));
    expect(v2.body.submission).toMatchObject({ department: '水産課', version: 2 });

    const diff = await request(svc.app)
      .get(`/api/cycles/kpi-2016/submissions/${v2.body.submission.id}/diff?against=${v1.body.submission.id}`)
      .set(auth(fisheries))
      .expect(200);
    expect(diff.body.changed).toEqual([
      expect.objectContaining({
        kpi: '・釧路港年間水揚量',
        fields: ['value'],
        rowBefore: 7,
        rowAfter: 7,
        before: { value: '114,977', unit: 'トン' },
        after: { value: '115,000', unit: 'トン' },
      }),
    ]);
    expect([diff.body.added, diff.body.removed, diff.body.unchanged]).toEqual([[], [], 2]);

    // 差し戻し: visible in status and in the department's next validation; the version stays in history.
    const ret = await request(svc.app)
      .post(`/api/cycles/kpi-2016/submissions/${v2.body.submission.id}/return`)
      .set(auth(svc.adminToken))
      .send({
        comment: '実績値の出典を備考に書いてください',
        notes: [{ cell: 'E7', sheet: 'KPI', message: '出典は?' }],
      })
      .expect(201);
    const own = await request(svc.app).get('/api/cycles/kpi-2016/status').set(auth(fisheries)).expect(200);
    expect(own.body.departments).toEqual([
      expect.objectContaining({
        department: '水産課',
        submitted: true,
        version: 2,
        returned: expect.objectContaining({
          id: ret.body.return.id,
          comment: '実績値の出典を備考に書いてください',
        }),
      }),
    ]);
    const broken = structuredClone(corrected);
    broken.policies[0]!.items[0]!.kpis[0]!.rows[1]![2] = '115,000トン';
    const rejected = await post(fisheries)
      .set('Content-Type', XLSX)
      .send(await buildKpiWorkbook([broken]));
    expect(rejected.status).toBe(422);
    expect(rejected.body.previousReturn).toMatchObject({
      version: 2,
      notes: [{ cell: 'E7', sheet: 'KPI', message: '出典は?' }],
    });
    const v3 = await post(fisheries)
      .set('Content-Type', XLSX)
      .send(await buildKpiWorkbook([corrected]));
    expect(v3.body.submission.version).toBe(3);
    expect(v3.body.previousReturn.comment).toBe('実績値の出典を備考に書いてください');
    const versions = await request(svc.app)
      .get('/api/cycles/kpi-2016/submissions')
      .set(auth(fisheries))
      .expect(200);
    expect(versions.body.submissions.map((s: { version: number }) => s.version)).toEqual([1, 2, 3]);

    // 病院総務課 and its co-owner 健康推進課 both report 病院総務課's KPI row with different values: a conflict.
    const kpi = '・患者満足度(市立釧路総合病院)';
    const hospitalRows = [
      row(MEDICAL, kpi, 'baseline', 'H26年', '100', '病院総務課', '%'),
      row(MEDICAL, kpi, 'actual', 'H27年', '120', '病院総務課', '%'),
      // The engine requires a 再掲 KPI to repeat the original's value within one submission.
      row(MEDICAL_RESTATED, kpi, 'actual', 'H27年', '120', '病院総務課', '%'),
    ];
    expect((await post(hospital).send({ rows: hospitalRows })).status).toBe(201);
    const injected = ['=HYPERLINK("http://evil","開く")', '+SUM(1,2)', '-1+2', '@SUM(1)'].map((name) =>
      row(STAY, name, 'actual', 'H27年', '5', '観光振興室'),
    );
    expect((await post(tourism).send({ rows: injected })).status).toBe(201);
    const coOwner = await post(health).send({
      rows: [row(MEDICAL, kpi, 'actual', 'H27年', '125', '病院総務課', '%')],
      reason: '病院総務課と共同で集計',
    });
    expect(coOwner.status).toBe(201);
    expect(coOwner.body.findings).toEqual([
      // 健康推進課 sends none of its own KPIs in this version (a warning: it may still submit).
      expect.objectContaining({ rule: 'kpi-schema.missing-kpi', severity: 'warning' }),
      expect.objectContaining({ rule: 'ownership.co-owner-row', severity: 'warning', row: 1 }),
    ]);
    expect(coOwner.body.submission.reason).toBe('病院総務課と共同で集計');
    // Same value from two departments is one row, not a conflict.
    expect(
      (
        await post(health).send({
          rows: [
            row(MEDICAL, kpi, 'actual', 'H27年', '125', '病院総務課', '%'),
            row(MEDICAL, kpi, 'baseline', 'H26年', '１００', '病院総務課', '%'),
          ],
        })
      ).status,
    ).toBe(201);

    const conflicts = await request(svc.app)
      .get('/api/cycles/kpi-2016/conflicts')
      .set(auth(svc.adminToken))
      .expect(200);
    const open = conflicts.body.conflicts.filter((c: { status: string }) => c.status === 'open');
    expect(open).toEqual([
      expect.objectContaining({
        identity: expect.objectContaining({ node: '4-2-イ', kind: 'actual', department: '病院総務課' }),
        candidates: [
          expect.objectContaining({ department: '健康推進課', value: '125' }),
          expect.objectContaining({ department: '病院総務課', value: '120' }),
        ],
      }),
    ]);

    const download = () =>
      binary(request(svc.app).get('/api/cycles/kpi-2016/consolidated.xlsx').set(auth(svc.adminToken))).expect(
        200,
      );
    /** 数値 of the item's n-th row (the item cell is merged over its rows, the first holds the text). */
    const valueOf = (rows: ExcelJS.Row[], policy: string, n = 1) => {
      const start = rows.findIndex((r) => r.getCell(1).text === policy);
      return rows[start + n]!.getCell(5).value;
    };
    let rows = await sheetRows((await download()).body as Buffer, 'KPI');
    // Unresolved: neither value is kept; the cell names both for the admin.
    expect(valueOf(rows, MEDICAL)).toBe('要確認: 健康推進課 125 / 病院総務課 120');
    // Clerk text starting with = or + is text, never a formula.
    const hyperlink = rows.find((r) => r.getCell(2).text.startsWith('=HYPERLINK'))!;
    expect(hyperlink.getCell(2).type).toBe(ExcelJS.ValueType.String);
    for (const name of ['+SUM(1,2)', '-1+2', '@SUM(1)']) {
      const cell = rows.find((r) => r.getCell(2).text === name)!.getCell(2);
      expect([cell.type, cell.value]).toEqual([ExcelJS.ValueType.String, name]);
    }
    const xml = await (
      await JSZip.loadAsync((await download()).body as Buffer)
    )
      .file('xl/worksheets/sheet1.xml')!
      .async('string');
    expect(xml).not.toContain('<f>');

    const resolved = await request(svc.app)
      .post(`/api/cycles/kpi-2016/conflicts/${open[0].id}/resolve`)
      .set(auth(svc.adminToken))
      .send({ department: '健康推進課', note: '健康推進課の集計が正' })
      .expect(200);
    expect(resolved.body.conflict).toMatchObject({ status: 'resolved', resolution: '125' });
    const again = await request(svc.app)
      .post(`/api/cycles/kpi-2016/conflicts/${open[0].id}/resolve`)
      .set(auth(svc.adminToken))
      .send({ value: '1' });
    expect([again.status, again.body.error.code]).toEqual([409, 'conflict-not-open']);

    const body = (await download()).body as Buffer;
    rows = await sheetRows(body, 'KPI');
    expect(valueOf(rows, MEDICAL)).toBe('125');
    // 再掲 takes the original's (resolved) value 125, not the 120 sent with it, and is counted once in 集計.
    expect(valueOf(rows, MEDICAL_RESTATED, 0)).toBe('125');
    const fisheryRow = rows.findIndex((r) => r.getCell(1).text === 'ア 持続的成長を目指した水産業の振興');
    expect(rows[fisheryRow + 1]!.getCell(5).value).toBe('115,000');
    // A level target (120,000): 達成率 115,000 ÷ 120,000 = 0.958333 (95.8 %, ○) on the KPI's first row,
    // not the progress from the 現状値 (which gave −125 %); the basis column names formula and year.
    const rate = rows[fisheryRow]!.getCell(8);
    expect([rate.value, rate.numFmt, rows[fisheryRow]!.getCell(9).value]).toEqual([0.958333, '0.0%', '○']);
    expect(rate.note).toBeUndefined();
    expect(rows[fisheryRow]!.getCell(10).value).toBe('水準(H27): 115,000 ÷ 120,000 = 95.8%');
    // Every KPI (its first row names it; the name cell is merged down) has a basis written.
    const kpiRows = rows.filter(
      (r, i) => i > 3 && r.getCell(2).text !== '' && r.getCell(2).text !== rows[i - 1]!.getCell(2).text,
    );
    expect(kpiRows.length).toBeGreaterThan(5);
    expect(kpiRows.filter((r) => r.getCell(10).text === '').map((r) => r.getCell(2).text)).toEqual([]);
    const header = rows.find((r) => r.getCell(8).text === '達成率')!;
    expect(header.getCell(10).value).toBe('算定の根拠');
    expect(JSON.stringify(header.getCell(8).note)).toContain('達成率は指標値の種類ごとに計算します');
    // No 指標値 yet: no rate, no guess.
    expect(rows[rows.findIndex((r) => r.getCell(1).text === MEDICAL)]!.getCell(8).value).toBe('−');
    const summary = (await sheetRows(body, '集計')).map((r) =>
      Array.from({ length: 10 }, (_, c) => r.getCell(c + 1).value),
    );
    expect(summary[0]).toEqual([
      '基本目標',
      'KPI 数',
      '実績値のある KPI',
      '◎',
      '○',
      '△',
      '×',
      '−',
      '企画課評価',
      '要確認',
    ]);
    // 基本目標1: the fishery KPI (○) and the 4 KPIs 観光振興室 sent under 1③イ (no 指標値: −).
    expect(summary[1]).toEqual([
      '【基本目標1】地域経済のプラス成長と雇用の創出を図る',
      5,
      5,
      0,
      1,
      0,
      0,
      4,
      0,
      0,
    ]);
    expect(summary[2]).toEqual([expect.stringContaining('【基本目標2】'), 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    // The KPI of 4②イ and its 再掲 under 5⑤イ: counted once, under the original's 基本目標.
    expect(summary.slice(3).filter((r) => r[1] !== 0)).toEqual([
      [expect.stringContaining('【基本目標4】'), 1, 1, 0, 0, 0, 0, 1, 0, 0],
    ]);

    // A new, differing value after the resolution opens a new conflict; the resolution is not reused.
    await post(health)
      .send({ rows: [row(MEDICAL, kpi, 'actual', 'H27年', '130', '病院総務課', '%')] })
      .expect(201);
    const after = await request(svc.app).get('/api/cycles/kpi-2016/conflicts').set(auth(svc.adminToken));
    expect(after.body.conflicts.map((c: { status: string }) => c.status)).toEqual(['superseded', 'open']);

    const status = await request(svc.app)
      .get('/api/cycles/kpi-2016/status')
      .set(auth(svc.adminToken))
      .expect(200);
    expect(status.body).toMatchObject({ submitted: 4, openConflicts: 1, total: 23 });
    expect(
      status.body.departments.find((d: { department: string }) => d.department === '農林課'),
    ).toMatchObject({
      submitted: false,
      version: null,
    });

    const audit = await request(svc.app).get('/api/audit?limit=500').set(auth(svc.adminToken)).expect(200);
    const actions = audit.body.entries.map((e: { action: string }) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining(['cycle.create', 'submission.create', 'submission.return', 'conflict.resolve']),
    );
    const returned = audit.body.entries.find((e: { action: string }) => e.action === 'submission.return');
    expect(returned).toMatchObject({ role: 'admin', client: expect.stringContaining('127.0.0.1') });
  });

  it('Idempotency-Key: a retry gets the original response and stores nothing new', async () => {
    await request(svc.app)
      .post('/api/cycles')
      .set(auth(svc.adminToken))
      .send({ id: 'idem', fiscalYear: 2015, strategyId: 'kushiro-1' })
      .expect(201);
    // 水産課's part of the seed has every KPI's 実績値 of FY2015 (農林課's 素材生産量 reports H26年).
    const token = await svc.departmentToken('水産課', 'kushiro-1');
    const book = await buildKpiWorkbook([forDepartment(goal1, '水産課')]);
    const send = (key: string, body = book) =>
      post(token, 'idem').set('Content-Type', XLSX).set('Idempotency-Key', key).send(body);
    const [a, b] = await Promise.all([send('k-1'), send('k-1')]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.body.submission.id).toBe(b.body.submission.id);
    const c = await send('k-1');
    expect(c.headers['idempotent-replayed']).toBe('true');
    expect(c.body.submission).toEqual(a.body.submission);
    const changed = structuredClone(forDepartment(goal1, '水産課'));
    changed.policies[0]!.items[0]!.kpis[0]!.rows[1]![2] = '1';
    const other = await send('k-1', await buildKpiWorkbook([changed]));
    expect([other.status, other.body.error.code]).toEqual([422, 'idempotency-key-reused']);
    // Another principal's identical key is its own request.
    const token2 = await svc.departmentToken('水産課', 'kushiro-1');
    const d = await post(token2, 'idem').set('Content-Type', XLSX).set('Idempotency-Key', 'k-1').send(book);
    expect(d.body.submission.version).toBe(2);
    const list = await request(svc.app).get('/api/cycles/idem/submissions').set(auth(svc.adminToken));
    expect(list.body.submissions).toHaveLength(2);
    const bad = await post(token, 'idem').set('Idempotency-Key', 'ä'.repeat(3)).send({ rows: [] });
    expect(bad.status).toBe(400);
  });

  it('keeps the clerk’s reason for submitting with warnings (JSON field or URI-encoded header)', async () => {
    await request(svc.app)
      .post('/api/cycles')
      .set(auth(svc.adminToken))
      .send({ id: 'reason', fiscalYear: 2015, strategyId: 'kushiro-1' })
      .expect(201);
    const token = await svc.departmentToken('水産課', 'kushiro-1');
    const rows = [row(FISHERY, '・釧路港年間水揚量', 'actual', 'H27年', '1', '水産課', 'トン')];
    const json = await post(token, 'reason').send({ rows, reason: '速報値のため' }).expect(201);
    expect(json.body.submission.reason).toBe('速報値のため');
    const xlsx = await post(token, 'reason')
      .set('Content-Type', XLSX)
      .set('X-Warning-Reason', encodeURIComponent('確定値は7月'))
      .send(await buildKpiWorkbook([forDepartment(goal1, '水産課')]))
      .expect(201);
    const stored = await request(svc.app)
      .get(`/api/cycles/reason/submissions/${xlsx.body.submission.id}`)
      .set(auth(token));
    expect(stored.body.submission.reason).toBe('確定値は7月');
  });

  it('a conflict ends when a department’s new version no longer has the row', async () => {
    await request(svc.app)
      .post('/api/cycles')
      .set(auth(svc.adminToken))
      .send({ id: 'drop', fiscalYear: 2015, strategyId: 'kushiro-1' })
      .expect(201);
    // 都市経営課 co-owns 商業労政課's item 1④イ.
    const a = await svc.departmentToken('商業労政課', 'kushiro-1');
    const b = await svc.departmentToken('都市経営課', 'kushiro-1');
    const landed = (value: string) =>
      row(STARTUP, '・創業支援者数', 'actual', 'H27年度', value, '商業労政課');
    await post(a, 'drop')
      .send({ rows: [landed('1')] })
      .expect(201);
    await post(b, 'drop')
      .send({ rows: [landed('2')] })
      .expect(201);
    const open = async () =>
      (
        await request(svc.app).get('/api/cycles/drop/conflicts').set(auth(svc.adminToken))
      ).body.conflicts.filter((c: { status: string }) => c.status === 'open').length;
    expect(await open()).toBe(1);
    // B's new version reports only its own KPI of the item (with its 実績値 of FY2015).
    await post(b, 'drop')
      .send({
        rows: [
          row(
            STARTUP,
            '・くしろ応援ファンド事業によるファンド形成事業数',
            'actual',
            'H27年度',
            '1',
            '都市経営課',
            '事業',
          ),
        ],
      })
      .expect(201);
    expect(await open()).toBe(0);
  });

  it('numbers versions correctly when one department submits concurrently', async () => {
    await request(svc.app)
      .post('/api/cycles')
      .set(auth(svc.adminToken))
      .send({ id: 'race', fiscalYear: 2015, strategyId: 'kushiro-1' })
      .expect(201);
    const token = await svc.departmentToken('水産課', 'kushiro-1');
    const rows = [row(FISHERY, '・釧路港年間水揚量', 'actual', 'H27年', '1', '水産課', 'トン')];
    const results = await Promise.all(Array.from({ length: 6 }, () => post(token, 'race').send({ rows })));
    expect(results.map((r) => r.status)).toEqual(Array(6).fill(201));
    expect(results.map((r) => r.body.submission.version).sort()).toEqual([1, 2, 3, 4, 5, 6]);
  });

  /** Another service instance on the same database (its SQLite file, or its PostgreSQL schema). */
  const secondInstance = () =>
    startTestService(
      backend === 'postgres'
        ? { DATABASE_SCHEMA: svc.config.DATABASE_SCHEMA! }
        : { DATA_DIR: svc.config.DATA_DIR },
      backend,
    );

  it('two service instances on one database number versions and record conflicts once', async () => {
    const second = await secondInstance();
    try {
      await request(svc.app)
        .post('/api/cycles')
        .set(auth(svc.adminToken))
        .send({ id: 'twin', fiscalYear: 2015, strategyId: 'kushiro-1' })
        .expect(201);
      const a = await svc.departmentToken('商業労政課', 'kushiro-1');
      const b = await svc.departmentToken('都市経営課', 'kushiro-1');
      const send = (app: TestService['app'], token: string, value: string) =>
        request(app)
          .post('/api/cycles/twin/submissions')
          .set(WARNING_REASON)
          .set(auth(token))
          .send({ rows: [row(STARTUP, '・創業支援者数', 'actual', 'H27年度', value, '商業労政課')] });
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          send(i % 2 ? second.app : svc.app, i % 4 < 2 ? a : b, String(100 + (i % 4 < 2 ? 0 : 1))),
        ),
      );
      expect(results.map((r) => r.status)).toEqual(Array(8).fill(201));
      const byDepartment = (d: string) =>
        results
          .filter((r) => r.body.submission.department === d)
          .map((r) => r.body.submission.version)
          .sort();
      expect([byDepartment('商業労政課'), byDepartment('都市経営課')]).toEqual([
        [1, 2, 3, 4],
        [1, 2, 3, 4],
      ]);
      const conflicts = await request(second.app).get('/api/cycles/twin/conflicts').set(auth(svc.adminToken));
      expect(conflicts.body.conflicts.filter((c: { status: string }) => c.status === 'open')).toHaveLength(1);
    } finally {
      await second.close();
    }
  });

  it('an instance compares with what another instance stored since its own last submission', async () => {
    const second = await secondInstance();
    try {
      await request(svc.app)
        .post('/api/cycles')
        .set(auth(svc.adminToken))
        .send({ id: 'twin-sequence', fiscalYear: 2015, strategyId: 'kushiro-1' })
        .expect(201);
      const a = await svc.departmentToken('商業労政課', 'kushiro-1');
      const b = await svc.departmentToken('都市経営課', 'kushiro-1');
      const send = (app: TestService['app'], token: string, value: string) =>
        request(app)
          .post('/api/cycles/twin-sequence/submissions')
          .set(WARNING_REASON)
          .set(auth(token))
          .send({ rows: [row(STARTUP, '・創業支援者数', 'actual', 'H27年度', value, '商業労政課')] })
          .expect(201);
      // This instance keeps the cycle's rows after A's first version; the other instance stores B's
      // (the same value); A's second version through this instance differs from B's: a conflict.
      await send(svc.app, a, '100');
      await send(second.app, b, '100');
      await send(svc.app, a, '101');
      const conflicts = await request(svc.app)
        .get('/api/cycles/twin-sequence/conflicts')
        .set(auth(svc.adminToken));
      const open = conflicts.body.conflicts.filter((c: { status: string }) => c.status === 'open');
      expect(open).toHaveLength(1);
      expect(open[0].candidates.map((c: { department: string }) => c.department).sort()).toEqual([
        '商業労政課',
        '都市経営課',
      ]);
    } finally {
      await second.close();
    }
  });

  it('versioned strategy: GET, PUT a new version (admin), cycles pin their version', async () => {
    const current = await request(svc.app).get('/api/strategy?id=kushiro-1').set(auth(fisheries)).expect(200);
    expect(current.body.strategy).toMatchObject({ id: 'kushiro-1', version: 1 });
    const next = structuredClone(current.body.strategy.definition);
    next.departments.push('新設課');
    expect((await request(svc.app).put('/api/strategy').set(auth(fisheries)).send(next)).status).toBe(403);
    const put = await request(svc.app).put('/api/strategy').set(auth(svc.adminToken)).send(next).expect(201);
    expect(put.body.strategy.version).toBe(2);
    const bad = await request(svc.app).put('/api/strategy').set(auth(svc.adminToken)).send({ id: 'x' });
    expect([bad.status, bad.body.error.message]).toEqual([400, 'リクエストの内容が正しくありません。']);
    const deps = await request(svc.app).get('/api/departments?id=kushiro-1').set(auth(fisheries)).expect(200);
    expect(deps.body.departments).toContain('新設課');
    const v1deps = await request(svc.app)
      .get('/api/departments?id=kushiro-1&version=1')
      .set(auth(fisheries))
      .expect(200);
    expect(v1deps.body.departments).not.toContain('新設課');
    const cycle = await request(svc.app)
      .post('/api/cycles')
      .set(auth(svc.adminToken))
      .send({ id: 'v2', fiscalYear: 2015, strategyId: 'kushiro-1' })
      .expect(201);
    expect(cycle.body.cycle.strategyVersion).toBe(2);
    const older = await request(svc.app).get('/api/cycles/kpi-2016/status').set(auth(svc.adminToken));
    expect(older.body.cycle.strategyVersion).toBe(1);
  });

  it('serves the OpenAPI document generated from the schemas', async () => {
    const doc = await request(svc.app).get('/api/docs').expect(200);
    expect(doc.body.openapi).toBe('3.1.0');
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/cycles/{cycle}/submissions',
        '/api/cycles/{cycle}/submissions/{id}/diff',
        '/api/cycles/{cycle}/conflicts/{id}/resolve',
        '/api/audit',
      ]),
    );
    expect(
      doc.body.paths['/api/cycles']['post'].requestBody.content['application/json'].schema.properties,
    ).toHaveProperty('fiscalYear');
    expect(doc.body.paths).toHaveProperty('/api/me');
    // JSON submissions: KPI rows, progress-report rows or project figures, by the cycle's kind.
    const json =
      doc.body.paths['/api/cycles/{cycle}/submissions'].post.requestBody.content['application/json'];
    expect(
      json.schema.anyOf.map((s: { properties: Record<string, { items: { properties: object } }> }) => {
        const [field, list] = Object.entries(s.properties).find(([k]) => k !== 'reason')!;
        return [field, Object.keys(list.items.properties).slice(0, 2)];
      }),
    ).toEqual([
      ['rows', ['policy', 'kpi']],
      ['rows', ['item', 'department']],
      ['projects', ['name', 'department']],
    ]);
  });
});
