import ExcelJS from 'exceljs';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProgressWorkbook } from '../fixtures/progress-book';
import { progressForDepartment, progressGoal1, type ProgressFixtureGoal } from '../fixtures/progress-seed';
import { workbookOf, WARNING_REASON } from '../support/http';
import { startTestService, testBackends, type TestService } from '../support/service';
import { XLSX_TYPE as XLSX } from '#shared/api';

describe.each(await testBackends())('consolidated progress report on %s', (backend) => {
  let svc: TestService;
  const auth = (t: string) => ({ Authorization: `Bearer ${t}` });

  beforeAll(async () => {
    svc = await startTestService({}, backend);
    await request(svc.app)
      .post('/api/cycles')
      .set(auth(svc.adminToken))
      .send({ id: 'progress-2023', kind: 'progress', fiscalYear: 2023, strategyId: 'kushiro-2' })
      .expect(201);
  });
  afterAll(() => svc.close());

  const submit = async (department: string, goal: ProgressFixtureGoal) =>
    request(svc.app)
      .post('/api/cycles/progress-2023/submissions')
      .set(WARNING_REASON)
      .set(auth(await svc.departmentToken(department)))
      .set('Content-Type', XLSX)
      .send(await buildProgressWorkbook([goal]));

  it('merges the departments’ rows under their item, in the seed layout', async () => {
    for (const department of ['農林課', '水産課']) {
      const res = await submit(department, progressForDepartment(progressGoal1, department));
      expect([department, res.status, res.body.error?.message]).toEqual([department, 201, undefined]);
    }

    const wb = await workbookOf(
      request(svc.app).get('/api/cycles/progress-2023/consolidated.xlsx').set(auth(svc.adminToken)),
    );
    const ws = wb.getWorksheet('進捗報告')!;
    expect([ws.getCell('A3').text, ws.getCell('B3').text, ws.getCell('C3').text]).toEqual([
      '基本目標と基本的方向、具体的な施策',
      '所管部署',
      '進捗報告',
    ]);
    expect([ws.getCell('C4').text, ws.getCell('D4').text]).toEqual(['R5年度(実績)', 'R6年度(取組予定)']);
    expect(ws.pageSetup).toMatchObject({
      orientation: 'landscape',
      paperSize: 9,
      fitToWidth: 1,
      printTitlesRow: '3:4',
    });
    expect(ws.getCell('A5').text).toBe(progressGoal1.label);
    expect(ws.getCell('A6').text).toBe(progressGoal1.policies[0]!.label);
    // The first block: its item text merged over 水産課's and 農林課's rows (submitted in the other order).
    expect(ws.getCell('A7').text).toContain('ア 持続的成長を目指した水産業の振興');
    expect(ws.getCell('A8').isMerged && ws.getCell('A8').master.address).toBe('A7');
    expect([ws.getCell('B7').text, ws.getCell('B8').text]).toEqual(['水産課', '農林課']);
    expect(ws.getCell('C7').text).toBe(progressGoal1.policies[0]!.blocks[0]!.rows[0]![1]);
    expect(ws.getCell('D8').text).toBe(progressGoal1.policies[0]!.blocks[0]!.rows[1]![2]);
  });

  it('two co-owners’ different texts for one row: a conflict the admin resolves, used by the workbook', async () => {
    await request(svc.app)
      .post('/api/cycles')
      .set(auth(svc.adminToken))
      .send({ id: 'progress-conflict', kind: 'progress', fiscalYear: 2023, strategyId: 'kushiro-2' })
      .expect(201);
    const send = async (department: string, goal: ProgressFixtureGoal, reason?: string) => {
      let req = request(svc.app)
        .post('/api/cycles/progress-conflict/submissions')
        .set(WARNING_REASON)
        .set(auth(await svc.departmentToken(department)))
        .set('Content-Type', XLSX);
      if (reason) req = req.set('X-Warning-Reason', encodeURIComponent(reason));
      return req.send(await buildProgressWorkbook([goal]));
    };
    const conflicts = async () =>
      (
        await request(svc.app)
          .get('/api/cycles/progress-conflict/conflicts')
          .set(auth(svc.adminToken))
          .expect(200)
      ).body.conflicts;
    const fisheries = progressForDepartment(progressGoal1, '水産課');
    const [, ownResults, ownPlan] = fisheries.policies[0]!.blocks[0]!.rows[0]!;
    expect((await send('水産課', fisheries)).status).toBe(201);

    // 農林課 co-owns ① (kushiro-2 lists 水産課 and 農林課 on the 施策): it may send 水産課's row, with a warning.
    const agriculture = progressForDepartment(progressGoal1, '農林課');
    const sameText = structuredClone(agriculture);
    sameText.policies[0]!.blocks[0]!.rows.unshift(['水産課', ownResults, ownPlan]);
    const agreed = await send('農林課', sameText, '水産課と共同で記入');
    expect(agreed.status).toBe(201);
    expect(agreed.body.findings.filter((f: { rule: string }) => f.rule.startsWith('ownership.'))).toEqual([
      expect.objectContaining({ rule: 'ownership.co-owner-row', severity: 'warning' }),
    ]);
    // The same texts: one row, no conflict.
    expect(await conflicts()).toEqual([]);

    const differing = structuredClone(agriculture);
    differing.policies[0]!.blocks[0]!.rows.unshift(['水産課', '・農林課から見た実績', ownPlan]);
    expect((await send('農林課', differing, '水産課と共同で記入')).status).toBe(201);
    const open = await conflicts();
    expect(open).toEqual([
      expect.objectContaining({
        subject: 'progress',
        status: 'open',
        identity: expect.objectContaining({ node: '1-1-ア', department: '水産課' }),
        candidates: [
          expect.objectContaining({ department: '水産課', value: { results: ownResults, plan: ownPlan } }),
          expect.objectContaining({
            department: '農林課',
            value: { results: '・農林課から見た実績', plan: ownPlan },
          }),
        ],
      }),
    ]);
    const status = await request(svc.app)
      .get('/api/cycles/progress-conflict/status')
      .set(auth(svc.adminToken));
    expect(status.body.openConflicts).toBe(1);

    const download = async () => {
      const wb = await workbookOf(
        request(svc.app).get('/api/cycles/progress-conflict/consolidated.xlsx').set(auth(svc.adminToken)),
      );
      const ws = wb.getWorksheet('進捗報告')!;
      return (department: string) => {
        let found: ExcelJS.Row | null = null;
        ws.eachRow((row) => {
          if (!found && row.getCell(2).text === department) found = row;
        });
        return found!;
      };
    };
    // Unresolved: neither text is kept; the cell names both.
    let rowOf = await download();
    expect(rowOf('水産課').getCell(3).text).toBe(
      `要確認: 水産課「${ownResults}」 / 農林課「・農林課から見た実績」`,
    );

    // A project's value shape is refused for a progress conflict; the admin keeps 農林課's texts.
    const wrong = await request(svc.app)
      .post(`/api/cycles/progress-conflict/conflicts/${open[0].id}/resolve`)
      .set(auth(svc.adminToken))
      .send({ value: '農林課の実績' });
    expect([wrong.status, wrong.body.issues[0].path]).toEqual([400, 'value']);
    const resolved = await request(svc.app)
      .post(`/api/cycles/progress-conflict/conflicts/${open[0].id}/resolve`)
      .set(auth(svc.adminToken))
      .send({ department: '農林課', note: '農林課の記述が最新' })
      .expect(200);
    expect(resolved.body.conflict).toMatchObject({
      subject: 'progress',
      status: 'resolved',
      resolution: { results: '・農林課から見た実績', plan: ownPlan },
    });
    rowOf = await download();
    expect([rowOf('水産課').getCell(3).text, rowOf('水産課').getCell(4).text]).toEqual([
      '・農林課から見た実績',
      ownPlan,
    ]);
    expect(rowOf('水産課').getCell(3).fill).not.toMatchObject({ fgColor: { argb: 'FFFFC7CE' } });

    // 農林課's next version without the row ends the conflict (superseded); the row is 水産課's own again.
    expect((await send('農林課', agriculture)).status).toBe(201);
    expect((await conflicts()).map((c: { status: string }) => c.status)).toEqual(['superseded']);
    rowOf = await download();
    expect(rowOf('水産課').getCell(3).text).toBe(ownResults);
  });

  it('diffs two versions of a progress report: which department row’s texts changed', async () => {
    await request(svc.app)
      .post('/api/cycles')
      .set(auth(svc.adminToken))
      .send({ id: 'progress-diff', kind: 'progress', fiscalYear: 2023, strategyId: 'kushiro-2' })
      .expect(201);
    const token = await svc.departmentToken('水産課');
    const send = async (goal: ProgressFixtureGoal) =>
      request(svc.app)
        .post('/api/cycles/progress-diff/submissions')
        .set(WARNING_REASON)
        .set(auth(token))
        .set('Content-Type', XLSX)
        .send(await buildProgressWorkbook([goal]));
    const first = progressForDepartment(progressGoal1, '水産課');
    const v1 = await send(first);
    expect(v1.status).toBe(201);
    // The second version rewrites the plan of the first row and re-types a space in the second's results.
    const second = structuredClone(first);
    const rows = second.policies.flatMap((p) => p.blocks.flatMap((b) => b.rows));
    rows[0]![2] = `${rows[0]![2]}\n・漁業者向けの説明会を開催する。`;
    rows[1]![1] = rows[1]![1].replace('。', '。 ');
    const v2 = await send(second);
    expect(v2.status).toBe(201);

    const diff = await request(svc.app)
      .get(
        `/api/cycles/progress-diff/submissions/${v2.body.submission.id}/diff?against=${v1.body.submission.id}`,
      )
      .set(auth(token))
      .expect(200);
    expect(diff.body.against).toEqual({ id: v1.body.submission.id, version: 1 });
    expect(diff.body.progress.changed).toEqual([
      expect.objectContaining({
        department: '水産課',
        fields: ['plan'],
        before: { results: rows[0]![1], plan: first.policies[0]!.blocks[0]!.rows[0]![2] },
        after: { results: rows[0]![1], plan: rows[0]![2] },
      }),
    ]);
    expect([diff.body.progress.added, diff.body.progress.removed]).toEqual([[], []]);
    expect(diff.body.progress.unchanged).toBe(rows.length - 1);
    // A progress cycle has no KPI rows or project sheets to compare.
    expect([diff.body.changed, diff.body.projects.changed, diff.body.unchanged]).toEqual([[], [], 0]);
  });

  it('accepts progress rows as JSON, re-validated by the shared engine', async () => {
    await request(svc.app)
      .post('/api/cycles')
      .set(auth(svc.adminToken))
      .send({ id: 'progress-json', kind: 'progress', fiscalYear: 2023, strategyId: 'kushiro-2' })
      .expect(201);
    const token = await svc.departmentToken('水産課');
    const send = (body: object) =>
      request(svc.app)
        .post('/api/cycles/progress-json/submissions')
        .set(WARNING_REASON)
        .set(auth(token))
        .send(body);
    const block = progressGoal1.policies[0]!.blocks[0]!;
    const [department, results, plan] = block.rows.find(([d]) => d === '水産課')!;
    const row = { item: block.items.join('\n'), department, results, plan };

    // Shape first (zod): a row without its plan is a 400 naming the field.
    const shape = await send({ rows: [{ ...row, plan: undefined }] });
    expect([shape.status, shape.body.issues[0].path]).toEqual([400, 'rows.0.plan']);
    // Then the engine: another department's row of an item 水産課 does not own is refused at its index.
    const other = await send({
      rows: [
        row,
        { ...row, item: 'ア 地域経済を支える中小企業・小規模事業者の支援', department: '商業労政課' },
      ],
    });
    expect(other.status).toBe(422);
    expect(other.body.findings).toEqual([
      expect.objectContaining({ rule: 'ownership.other-department', row: 2, cell: null }),
    ]);

    const ok = await send({ rows: [{ ...row, plan: `${plan}\n・講演会を開催した。` }], reason: '速報' });
    expect(ok.status).toBe(201);
    expect(ok.body.submission).toMatchObject({ source: 'json', reason: '速報' });
    expect(ok.body.findings).toEqual([
      expect.objectContaining({ rule: 'progress.plan-past-tense', severity: 'warning', row: 1, cell: null }),
    ]);
    const wb = await workbookOf(
      request(svc.app).get('/api/cycles/progress-json/consolidated.xlsx').set(auth(svc.adminToken)),
    );
    const ws = wb.getWorksheet('進捗報告')!;
    // Sections from the strategy, the year headers from the cycle's fiscal year.
    expect([ws.getCell('C4').text, ws.getCell('D4').text]).toEqual(['R5年度(実績)', 'R6年度(取組予定)']);
    expect(ws.getCell('A5').text).toMatch(/^【基本目標1】/);
    expect(ws.getCell('A6').text).toMatch(/^①/);
    expect([ws.getCell('A7').text, ws.getCell('B7').text, ws.getCell('C7').text]).toEqual([
      row.item,
      '水産課',
      results,
    ]);
  });

  it('refuses a workbook without a progress-report sheet', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('メモ').getCell('A1').value = '進捗はあとで';
    const res = await request(svc.app)
      .post('/api/cycles/progress-2023/submissions')
      .set(WARNING_REASON)
      .set(auth(await svc.departmentToken('水産課')))
      .set('Content-Type', XLSX)
      .send(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(res.status).toBe(422);
    expect(res.body.error.message).toMatch(/進捗報告/);
  });
});
