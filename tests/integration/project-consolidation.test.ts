import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProjectWorkbook, projectCells } from '../fixtures/project-book';
import { cityPromotion, propertyManagement, settlementSupport } from '../fixtures/project-seed';
import { workbookOf, WARNING_REASON } from '../support/http';
import { startTestService, testBackends, type TestService } from '../support/service';
import { XLSX_TYPE as XLSX } from '#shared/api';

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
        .set(WARNING_REASON)
        .set(auth(await svc.departmentToken(department)))
        .set('Content-Type', XLSX)
        .send(await buildProjectWorkbook([project]));
      expect([department, res.status, res.body.error?.message]).toEqual([department, 201, undefined]);
    }
    const wb = await workbookOf(
      request(svc.app).get('/api/cycles/project-2024/consolidated.xlsx').set(auth(svc.adminToken)),
    );
    // The summary first, then the sheets in the summary's order (by 所管部署, as the strategy names it:
    // 市民協働推進課 for the form's 総合政策部市民協働推進課).
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      '事業一覧',
      cityPromotion.sheet,
      propertyManagement.sheet,
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

  it('one project sent by two co-owners with different figures: a conflict resolved by choosing a sheet', async () => {
    await request(svc.app)
      .post('/api/cycles')
      .set(auth(svc.adminToken))
      .send({ id: 'project-conflict', kind: 'project', fiscalYear: 2024, strategyId: 'kushiro-2' })
      .expect(201);
    // 定住自立圏構想等推進事業 is listed under 4② (owned by 都市経営課, 健康推進課 and others).
    const own = { ...settlementSupport, department: '都市経営課' };
    const send = async (department: string, project: typeof own, reason?: string) => {
      let req = request(svc.app)
        .post('/api/cycles/project-conflict/submissions')
        .set(WARNING_REASON)
        .set(auth(await svc.departmentToken(department)))
        .set('Content-Type', XLSX);
      if (reason) req = req.set('X-Warning-Reason', encodeURIComponent(reason));
      return req.send(await buildProjectWorkbook([project]));
    };
    expect((await send('都市経営課', own)).status).toBe(201);
    // 水産課 owns nothing under 4②: refused at the 所管課・室 cell, nothing stored.
    const outsider = await send('水産課', own);
    expect(outsider.status).toBe(422);
    expect(outsider.body.findings).toEqual([
      expect.objectContaining({ rule: 'ownership.other-department', cell: projectCells.department }),
    ]);
    // Written with the bureau as forms often are: still the same project of 都市経営課.
    const evaluated = {
      ...own,
      department: '総合政策部都市経営課',
      evaluations: ['継続維持', '改善'] as [string, string],
    };
    const coOwner = await send('健康推進課', evaluated, '健康推進課でも評価');
    expect(coOwner.status).toBe(201);
    expect(coOwner.body.findings.map((f: { rule: string }) => f.rule)).toEqual(['ownership.co-owner-row']);

    const list = async () =>
      (
        await request(svc.app)
          .get('/api/cycles/project-conflict/conflicts')
          .set(auth(svc.adminToken))
          .expect(200)
      ).body.conflicts;
    const open = await list();
    expect(open).toEqual([
      expect.objectContaining({
        subject: 'project',
        status: 'open',
        identity: { project: own.name, department: '都市経営課' },
        candidates: [
          expect.objectContaining({
            department: '健康推進課',
            value: expect.objectContaining({ perCapita: 0.5 }),
          }),
          expect.objectContaining({ department: '都市経営課' }),
        ],
      }),
    ]);
    const summary = async () => {
      const wb = await workbookOf(
        request(svc.app).get('/api/cycles/project-conflict/consolidated.xlsx').set(auth(svc.adminToken)),
      );
      const ws = wb.getWorksheet('事業一覧')!;
      expect(ws.getRow(5).getCell(1).text).toBe('');
      // The copied form is the sheet of the department whose figures the summary shows.
      const copied = wb.getWorksheet(own.sheet)!.getCell(projectCells.evaluation).text;
      return [...(ws.getRow(4).values as unknown[]).slice(1), copied];
    };
    // Unresolved: the owner's figures, flagged with the other sender.
    expect((await summary()).slice(7)).toEqual([
      '継続維持',
      own.sheet,
      '要確認: 健康推進課 も異なる金額で提出',
      '継続維持',
    ]);

    const byValue = await request(svc.app)
      .post(`/api/cycles/project-conflict/conflicts/${open[0].id}/resolve`)
      .set(auth(svc.adminToken))
      .send({ value: 1 });
    expect([byValue.status, byValue.body.issues[0].path]).toEqual([400, 'value']);
    await request(svc.app)
      .post(`/api/cycles/project-conflict/conflicts/${open[0].id}/resolve`)
      .set(auth(svc.adminToken))
      .send({ department: '健康推進課' })
      .expect(200);
    expect((await summary()).slice(7)).toEqual(['改善', own.sheet, '', '改善']);
    expect((await list()).map((c: { status: string }) => c.status)).toEqual(['resolved']);
  });

  it('diffs two versions of a project sheet: which figures changed', async () => {
    await request(svc.app)
      .post('/api/cycles')
      .set(auth(svc.adminToken))
      .send({ id: 'project-diff', kind: 'project', fiscalYear: 2024, strategyId: 'kushiro-2' })
      .expect(201);
    const token = await svc.departmentToken('市有財産対策室');
    const send = async (project: typeof propertyManagement) =>
      request(svc.app)
        .post('/api/cycles/project-diff/submissions')
        .set(WARNING_REASON)
        .set(auth(token))
        .set('Content-Type', XLSX)
        .send(await buildProjectWorkbook([project]));
    const v1 = await send(propertyManagement);
    expect(v1.status).toBe(201);
    const v2 = await send({
      ...propertyManagement,
      evaluations: [propertyManagement.evaluations[0], '拡充'],
    });
    expect(v2.status).toBe(201);

    const diff = await request(svc.app)
      .get(
        `/api/cycles/project-diff/submissions/${v2.body.submission.id}/diff?against=${v1.body.submission.id}`,
      )
      .set(auth(token))
      .expect(200);
    expect(diff.body.projects.changed).toEqual([
      expect.objectContaining({ name: propertyManagement.name, fields: ['evaluations'] }),
    ]);
    const [change] = diff.body.projects.changed;
    expect(change.before.evaluations.at(-1).value).toBe(propertyManagement.evaluations[1]);
    expect(change.after.evaluations.at(-1).value).toBe('拡充');
    expect([diff.body.projects.unchanged, diff.body.progress.changed, diff.body.changed]).toEqual([
      0,
      [],
      [],
    ]);
  });

  it('accepts project figures as JSON, re-validated by the shared engine', async () => {
    await request(svc.app)
      .post('/api/cycles')
      .set(auth(svc.adminToken))
      .send({ id: 'project-json', kind: 'project', fiscalYear: 2024, strategyId: 'kushiro-2' })
      .expect(201);
    const token = await svc.departmentToken('市民協働推進課');
    const send = (body: object) =>
      request(svc.app)
        .post('/api/cycles/project-json/submissions')
        .set(WARNING_REASON)
        .set(auth(token))
        .send(body);
    const p = cityPromotion;
    const headers = ['令和５年度(決算額)', '令和６年度(決算額)', '令和７年度(予算額)'];
    const project = {
      name: p.name,
      department: p.department,
      years: headers.map((header, i) => ({ header, total: p.total[i] })),
      funds: Object.entries(p.funds).map(([name, amounts]) => ({ name, amounts })),
      population: p.population,
      perCapita: p.perCapita,
      evaluations: [
        { fiscalYear: 2023, value: p.evaluations[0] },
        { fiscalYear: 2024, value: p.evaluations[1] },
      ],
      issues: p.issues,
      direction: p.direction,
    };

    const shape = await send({ projects: [{ ...project, funds: [{ name: '寄附金', amounts: [1, 2, 3] }] }] });
    expect([shape.status, shape.body.issues[0].path]).toEqual([400, 'projects.0.funds.0.name']);
    // 財源 not adding up to 事業費総額 is an error at the project's index.
    const sum = await send({
      projects: [project, { ...project, funds: [{ name: '一般財源', amounts: [null, 4030, 0] }] }],
    });
    expect(sum.status).toBe(422);
    expect(sum.body.findings.filter((f: { severity: string }) => f.severity === 'error')).toEqual([
      expect.objectContaining({ rule: 'project.funds-sum', row: 2, cell: null, column: '事業費総額' }),
    ]);

    // The project is not among kushiro-2's 主な事業 (as in the seed): a warning, submitted with a reason.
    const ok = await send({ projects: [project], reason: '戦略外の事業' });
    expect([ok.status, ok.body.submission.source]).toEqual([201, 'json']);
    expect(ok.body.findings.map((f: { rule: string; row: number }) => `${f.rule}@${f.row}`)).toEqual([
      'project.not-in-strategy@1',
    ]);
    const wb = await workbookOf(
      request(svc.app).get('/api/cycles/project-json/consolidated.xlsx').set(auth(svc.adminToken)),
    );
    // No file to copy: the summary row only.
    expect(wb.worksheets.map((w) => w.name)).toEqual(['事業一覧']);
    const row = (wb.getWorksheet('事業一覧')!.getRow(4).values as unknown[]).slice(1);
    expect(row.slice(0, 9)).toEqual([
      p.name,
      '市民協働推進課',
      ...p.total.map((t) => t ?? undefined),
      expect.stringContaining('一般財源 0'),
      p.perCapita,
      '終了',
      '',
    ]);
  });
});
