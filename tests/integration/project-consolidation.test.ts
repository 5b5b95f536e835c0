import ExcelJS from 'exceljs';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProjectWorkbook, projectCells } from '../fixtures/project-book';
import { cityPromotion, propertyManagement } from '../fixtures/project-seed';
import { startTestService, testBackends, type TestService } from '../support/service';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

describe.each(await testBackends())('consolidated project workbook on %s', (backend) => {
  let svc: TestService;
  const auth = (t: string) => ({ Authorization: `Bearer ${t}` });

  beforeAll(async () => {
    svc = await startTestService({}, backend);
    await request(svc.app)
      .post('/api/cycles')
      .set(auth(svc.adminToken))
      .send({ id: 'project-2024', kind: 'project', fiscalYear: 2024, strategyId: 'kushiro-2' })
      .expect(201);
  });
  afterAll(() => svc.close());

  it('one summary row per project and each submitted sheet copied in', async () => {
    for (const [department, project] of [
      ['市民協働推進課', cityPromotion],
      ['市有財産対策室', propertyManagement],
    ] as const) {
      const res = await request(svc.app)
        .post('/api/cycles/project-2024/submissions')
        .set(auth(await svc.departmentToken(department)))
        .set('Content-Type', XLSX)
        .send(await buildProjectWorkbook([project]));
      expect([department, res.status, res.body.error?.message]).toEqual([department, 201, undefined]);
    }
    const res = await request(svc.app)
      .get('/api/cycles/project-2024/consolidated.xlsx')
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
    // The summary first, then the sheets in the summary's order (by 所管部署).
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      '事業一覧',
      propertyManagement.sheet,
      cityPromotion.sheet,
    ]);
    const summary = wb.getWorksheet('事業一覧')!;
    const header = (summary.getRow(3).values as unknown[]).slice(1);
    expect(header[0]).toBe('事業名');
    expect(header.filter((h) => String(h).startsWith('事業費(千円)'))).toHaveLength(3);
    const rows = [4, 5].map((r) => (summary.getRow(r).values as unknown[]).slice(1));
    const byName = new Map(rows.map((r) => [r[0], r]));
    const property = byName.get(propertyManagement.name)!;
    expect(property.slice(2, 5)).toEqual(propertyManagement.total);
    expect(property.slice(5, 9)).toEqual([
      expect.stringContaining('一般財源'),
      propertyManagement.perCapita,
      propertyManagement.evaluations[1],
      propertyManagement.sheet,
    ]);
    // The copy keeps the form: values, merged cells, no formulas.
    const copy = wb.getWorksheet(propertyManagement.sheet)!;
    expect(copy.getCell(projectCells.name).value).toBe(propertyManagement.name);
    expect(copy.getCell('C4').isMerged && copy.getCell('C4').master.address).toBe('B4');
    expect(copy.getCell(projectCells.perCapita).value).toBe(propertyManagement.perCapita);
  });
});
