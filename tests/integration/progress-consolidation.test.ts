import ExcelJS from 'exceljs';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProgressWorkbook } from '../fixtures/progress-book';
import { progressGoal1, type ProgressFixtureGoal } from '../fixtures/progress-seed';
import { startTestService, testBackends, type TestService } from '../support/service';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The seed report keeping one department's rows (what that department submits). */
function forDepartment(goal: ProgressFixtureGoal, department: string): ProgressFixtureGoal {
  return {
    label: goal.label,
    policies: goal.policies
      .map((p) => ({
        label: p.label,
        blocks: p.blocks
          .map((b) => ({ ...b, rows: b.rows.filter(([d]) => d === department) }))
          .filter((b) => b.rows.length > 0),
      }))
      .filter((p) => p.blocks.length > 0),
  };
}

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
      .set(auth(await svc.departmentToken(department)))
      .set('Content-Type', XLSX)
      .send(await buildProgressWorkbook([goal]));

  it('merges the departments’ rows under their item, in the seed layout', async () => {
    for (const department of ['農林課', '水産課']) {
      const res = await submit(department, forDepartment(progressGoal1, department));
      expect([department, res.status, res.body.error?.message]).toEqual([department, 201, undefined]);
    }
    const json = await request(svc.app)
      .post('/api/cycles/progress-2023/submissions')
      .set(auth(await svc.departmentToken('水産課')))
      .send({ rows: [] });
    expect([json.status, json.body.error.message]).toEqual([
      415,
      '進捗報告・主要施策成果シートは Excel ブック (.xlsx) で提出してください。',
    ]);

    const res = await request(svc.app)
      .get('/api/cycles/progress-2023/consolidated.xlsx')
      .set(auth(svc.adminToken))
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as ArrayBuffer);
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

  it('refuses a workbook without a progress-report sheet', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('メモ').getCell('A1').value = '進捗はあとで';
    const res = await request(svc.app)
      .post('/api/cycles/progress-2023/submissions')
      .set(auth(await svc.departmentToken('水産課')))
      .set('Content-Type', XLSX)
      .send(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(res.status).toBe(422);
    expect(res.body.error.message).toMatch(/進捗報告/);
  });
});
