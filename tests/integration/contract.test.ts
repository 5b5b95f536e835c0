import fs from 'node:fs';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient, XLSX_TYPE } from '#shared/api';
import { openApiDocument } from '../../service/src/http/openapi';
import { buildKpiWorkbook } from '../fixtures/kpi-book';
import { forDepartment, goal1 } from '../fixtures/kpi-seed';
import { buildProgressWorkbook } from '../fixtures/progress-book';
import { progressForDepartment, progressGoal1 } from '../fixtures/progress-seed';
import { buildProjectWorkbook } from '../fixtures/project-book';
import { settlementSupport } from '../fixtures/project-seed';
import { binary, WARNING_REASON } from '../support/http';
import { checkedRoutes, contractRoutes, expectContract } from '../support/contract';
import { startTestService, testBackends, type TestService } from '../support/service';

/** The routes of docs/api.md's table, as `METHOD /path/:param`. */
function documentedRoutes(): string[] {
  const doc = fs.readFileSync(new URL('../../docs/api.md', import.meta.url), 'utf8');
  const table = doc.slice(doc.indexOf('## Routes'), doc.indexOf('\n## ', doc.indexOf('## Routes') + 1));
  // The first cell of each row names its routes (`GET /api/cycles` · `POST /api/cycles`); the last cell may cite others.
  const cells = table.split('\n').flatMap((line) => (line.startsWith('| `') ? [line.split(' | ')[0]!] : []));
  return cells.flatMap((cell) =>
    [...cell.matchAll(/`(GET|POST|PUT|PATCH) (\/api\/[^`?]*)/g)].map((m) => `${m[1]} ${m[2]}`),
  );
}

function openApiRoutes(): string[] {
  const doc = openApiDocument('test') as { paths: Record<string, Record<string, unknown>> };
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.keys(methods).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
  );
}

it('the contract table, docs/api.md and the OpenAPI document list the same routes', () => {
  const table = Object.keys(contractRoutes).sort();
  expect(documentedRoutes().sort()).toEqual(table);
  expect(
    openApiRoutes()
      .filter((r) => r !== 'GET /api/docs')
      .sort(),
  ).toEqual(table.filter((r) => r !== 'GET /api/docs'));
});

describe.each(await testBackends())('every documented route answers as its schema says on %s', (backend) => {
  let svc: TestService;
  let fisheries: string;
  const as = (token: string) => ({ Authorization: `Bearer ${token}` });
  /** A request whose response is checked against the contract, then returned. */
  const call = async (test: request.Test) => expectContract(await test);

  beforeAll(async () => {
    svc = await startTestService({}, backend);
    fisheries = await svc.departmentToken('水産課', 'kushiro-1');
  });
  afterAll(() => svc.close());

  it('reading: health, docs, me, strategy, departments, cycles', async () => {
    const admin = as(svc.adminToken);
    for (const auth of [admin, as(fisheries), {}]) {
      await call(request(svc.app).get('/api/health').set(auth));
      await call(request(svc.app).get('/api/docs').set(auth));
      await call(request(svc.app).get('/api/me').set(auth));
      await call(request(svc.app).get('/api/strategy').set(auth));
      await call(request(svc.app).get('/api/departments').set(auth));
      await call(request(svc.app).get('/api/cycles').set(auth));
    }
    await call(request(svc.app).get('/api/strategy?id=nowhere').set(admin));
    await call(request(svc.app).get('/api/strategy?id=kushiro-2').set(as(fisheries)));
  });

  it('strategy: store a version and import a KPI table', async () => {
    const admin = as(svc.adminToken);
    const definition = (await call(request(svc.app).get('/api/strategy?id=kushiro-1').set(admin))).body
      .strategy.definition;
    await call(request(svc.app).put('/api/strategy').set(admin).send(definition));
    await call(request(svc.app).put('/api/strategy').set(admin).send({ id: 'x' }));
    await call(request(svc.app).put('/api/strategy').set(as(fisheries)).send(definition));
    const table = await buildKpiWorkbook([goal1]);
    const importKpis = (query: string) =>
      request(svc.app)
        .post(`/api/strategy/kushiro-1/import-kpis${query}`)
        .set(admin)
        .set('Content-Type', XLSX_TYPE)
        .send(table);
    expect((await call(importKpis('?dryRun=true'))).status).toBe(200);
    expect([201, 422]).toContain((await call(importKpis(''))).status);
    await call(importKpis('?version=999'));
  });

  it('a KPI cycle: submit, versions, detail, file, diff, return, status, conflicts, resolve, workbook, audit', async () => {
    const admin = as(svc.adminToken);
    await call(
      request(svc.app)
        .post('/api/cycles')
        .set(admin)
        .send({ id: 'k', fiscalYear: 2015, strategyId: 'kushiro-1' }),
    );
    await call(request(svc.app).post('/api/cycles').set(admin).send({ id: 'k', fiscalYear: 2015 }));
    await call(request(svc.app).post('/api/cycles').set(as(fisheries)).send({ id: 'k2', fiscalYear: 2015 }));
    const book = await buildKpiWorkbook([forDepartment(goal1, '水産課')]);
    const submit = (token: string) =>
      request(svc.app)
        .post('/api/cycles/k/submissions')
        .set(as(token))
        .set(WARNING_REASON)
        .set('Content-Type', XLSX_TYPE);
    const v1 = (await call(submit(fisheries).send(book))).body.submission.id as number;
    const v2 = (await call(submit(fisheries).send(book))).body.submission.id as number;
    const row = (value: string, department = '商業労政課') => ({
      policy: 'イ 創業・第二創業の支援',
      kpi: '・創業支援者数',
      kind: 'actual',
      period: 'H27年度',
      value,
      unit: '人',
      department,
    });
    const json = (token: string, body: object) =>
      call(request(svc.app).post('/api/cycles/k/submissions').set(as(token)).send(body));
    const reason = '共管の KPI';
    await json(await svc.departmentToken('商業労政課', 'kushiro-1'), { rows: [row('1')], reason });
    const other = (
      await json(await svc.departmentToken('都市経営課', 'kushiro-1'), { rows: [row('2')], reason })
    ).body.submission.id as number;
    // Warnings without a reason: refused with the findings, whichever client sent it.
    const unexplained = await json(await svc.departmentToken('都市経営課', 'kushiro-1'), {
      rows: [row('3')],
    });
    expect(unexplained.body.error.code).toBe('reason-required');
    expect(unexplained.body.findings.some((f: { severity: string }) => f.severity === 'warning')).toBe(true);
    // Refused: findings (another department's row), too few rows without a reason, not a workbook.
    expect((await json(fisheries, { rows: [row('1')] })).body.error.code).toBe('validation-failed');
    const dropped = await json(fisheries, {
      rows: [
        {
          ...row('115,000', '水産課'),
          policy: 'ア 持続的成長を目指した水産業の振興',
          kpi: '・釧路港年間水揚量',
          period: 'H27年',
          unit: 'トン',
        },
      ],
    });
    expect(dropped.body.error.code).toBe('rows-dropped');
    await call(submit(fisheries).send(Buffer.from('not a zip')));
    await call(
      request(svc.app)
        .post('/api/cycles/none/submissions')
        .set(as(fisheries))
        .send({ rows: [row('1')] }),
    );

    for (const token of [svc.adminToken, fisheries]) {
      await call(request(svc.app).get('/api/cycles/k/submissions').set(as(token)));
      await call(request(svc.app).get(`/api/cycles/k/submissions/${v1}`).set(as(token)));
      await call(request(svc.app).get(`/api/cycles/k/submissions/${other}`).set(as(token)));
      await call(binary(request(svc.app).get(`/api/cycles/k/submissions/${v1}/file`).set(as(token))));
      await call(request(svc.app).get(`/api/cycles/k/submissions/${v2}/diff?against=${v1}`).set(as(token)));
      await call(request(svc.app).get('/api/cycles/k/status').set(as(token)));
      await call(request(svc.app).get('/api/cycles/k/conflicts').set(as(token)));
      await call(binary(request(svc.app).get('/api/cycles/k/consolidated.xlsx').set(as(token))));
      // The admin names the department (without one it gets a zip of all, not this route's xlsx).
      const template = token === fisheries ? '' : `?department=${encodeURIComponent('水産課')}`;
      await call(binary(request(svc.app).get(`/api/cycles/k/template.xlsx${template}`).set(as(token))));
      await call(request(svc.app).get('/api/audit?limit=5').set(as(token)));
    }
    await call(request(svc.app).get('/api/cycles/k/submissions/999999').set(admin));
    await call(
      request(svc.app)
        .post(`/api/cycles/k/submissions/${v2}/return`)
        .set(admin)
        .send({ comment: '確認してください', notes: [{ cell: 'E7', sheet: 'KPI', message: '単位' }] }),
    );
    await call(
      request(svc.app).post(`/api/cycles/k/submissions/${v2}/return`).set(admin).send({ comment: '' }),
    );
    // The next submission carries the 差し戻し as previousReturn.
    expect((await call(submit(fisheries).send(book))).body.previousReturn).toMatchObject({ version: 2 });
    const withReturn = await call(request(svc.app).get(`/api/cycles/k/submissions/${v2}`).set(admin));
    expect(withReturn.body.returns).toHaveLength(1);
    await call(request(svc.app).get('/api/cycles/k/status').set(admin));

    const conflicts = (await call(request(svc.app).get('/api/cycles/k/conflicts').set(admin))).body.conflicts;
    expect(conflicts).toHaveLength(1);
    const resolve = (body: object) =>
      call(request(svc.app).post(`/api/cycles/k/conflicts/${conflicts[0].id}/resolve`).set(admin).send(body));
    await resolve({});
    await resolve({ value: '3', note: '電話で確認' });
    await resolve({ department: '都市経営課' });
    await call(request(svc.app).get('/api/cycles/k/conflicts').set(admin));
  });

  it('progress and project cycles: conflicts of texts and of figures, diffs, wrong report kind', async () => {
    const admin = as(svc.adminToken);
    for (const [id, kind] of [
      ['p', 'progress'],
      ['j', 'project'],
    ])
      await call(
        request(svc.app)
          .post('/api/cycles')
          .set(admin)
          .send({ id, kind, fiscalYear: 2023, strategyId: 'kushiro-2' }),
      );
    // Partial reports carry warnings: each is sent with a reason.
    const send = async (cycle: string, department: string, bytes: Buffer, reason = '一部の報告') =>
      call(
        request(svc.app)
          .post(`/api/cycles/${cycle}/submissions`)
          .set(as(await svc.departmentToken(department, 'kushiro-2')))
          .set('Content-Type', XLSX_TYPE)
          .set('X-Warning-Reason', encodeURIComponent(reason))
          .send(bytes),
      );
    const own = progressForDepartment(progressGoal1, '水産課');
    const [, , plan] = own.policies[0]!.blocks[0]!.rows[0]!;
    const first = (await send('p', '水産課', await buildProgressWorkbook([own]))).body.submission
      .id as number;
    const differing = progressForDepartment(progressGoal1, '農林課');
    differing.policies[0]!.blocks[0]!.rows.unshift(['水産課', '・農林課から見た実績', plan]);
    await send('p', '農林課', await buildProgressWorkbook([differing]), '共同で記入');
    const second = (await send('p', '水産課', await buildProgressWorkbook([own]))).body.submission
      .id as number;
    await call(request(svc.app).get(`/api/cycles/p/submissions/${second}/diff?against=${first}`).set(admin));
    await send('p', '水産課', await buildKpiWorkbook([forDepartment(goal1, '水産課')]));

    const project = { ...settlementSupport, department: '都市経営課' };
    const j1 = (await send('j', '都市経営課', await buildProjectWorkbook([project]))).body.submission
      .id as number;
    const evaluated = { ...project, evaluations: ['継続維持', '改善'] as [string, string] };
    await send('j', '健康推進課', await buildProjectWorkbook([evaluated]), '共同で評価');
    const j2 = (await send('j', '都市経営課', await buildProjectWorkbook([evaluated]))).body.submission
      .id as number;
    await call(request(svc.app).get(`/api/cycles/j/submissions/${j2}/diff?against=${j1}`).set(admin));

    for (const cycle of ['p', 'j']) {
      const open = (await call(request(svc.app).get(`/api/cycles/${cycle}/conflicts`).set(admin))).body
        .conflicts;
      expect(open.map((c: { subject: string }) => c.subject)).toEqual([
        cycle === 'p' ? 'progress' : 'project',
      ]);
      await call(
        request(svc.app)
          .post(`/api/cycles/${cycle}/conflicts/${open[0].id}/resolve`)
          .set(admin)
          .send({ department: '水産課' }),
      );
      await call(request(svc.app).get(`/api/cycles/${cycle}/status`).set(admin));
      await call(binary(request(svc.app).get(`/api/cycles/${cycle}/consolidated.xlsx`).set(admin)));
    }
  });

  it('tokens: issue, list, revoke', async () => {
    const admin = as(svc.adminToken);
    const issued = await call(
      request(svc.app).post('/api/tokens').set(admin).send({
        department: '水産課',
        strategyId: 'kushiro-2',
        expiresAt: '2099-03-31',
        label: '契約テスト',
      }),
    );
    await call(request(svc.app).post('/api/tokens').set(admin).send({ department: '存在しない課' }));
    await call(request(svc.app).post('/api/tokens').set(as(fisheries)).send({ department: '水産課' }));
    await call(request(svc.app).get('/api/tokens').set(admin));
    await call(request(svc.app).get('/api/tokens').set(as(fisheries)));
    await call(request(svc.app).post(`/api/tokens/${issued.body.info.id}/revoke`).set(admin));
    await call(request(svc.app).post(`/api/tokens/${issued.body.info.id}/revoke`).set(admin));
    await call(request(svc.app).post('/api/tokens/999999/revoke').set(admin));
    await call(request(svc.app).get('/api/me').set(as(issued.body.token)));
  });

  it('the shared client reads the real service', async () => {
    const url = await svc.listen();
    const api = createApiClient({
      serviceUrl: `${url}/`,
      token: fisheries,
      fetch: (u, init) => fetch(u, init),
    });
    expect(await api.me()).toMatchObject({
      ok: true,
      data: { department: '水産課', strategyId: 'kushiro-1' },
    });
    const cycles = await api.cycles();
    expect(cycles.ok && cycles.data.map((c) => [c.id, c.kind])).toEqual([['k', 'kpi']]);
    expect(await api.strategy({ id: 'kushiro-1' })).toMatchObject({
      ok: true,
      data: { strategy: { id: 'kushiro-1' } },
    });
    expect(await api.departments()).toMatchObject({
      ok: true,
      data: { departments: expect.arrayContaining(['水産課']) },
    });
    const book = new Uint8Array(await buildKpiWorkbook([forDepartment(goal1, '水産課')]));
    const accepted = await api.submit(
      'k',
      { kind: 'xlsx', bytes: book, fileName: '水産課.xlsx' },
      { idempotencyKey: 'c1' },
    );
    expect(accepted).toMatchObject({ ok: true, status: 201, data: { submission: { version: 4 } } });
    const refused = await api.submit('k', { kind: 'json', field: 'rows', rows: [{}] });
    expect(refused).toMatchObject({ ok: false, status: 400, error: { error: { code: 'bad-request' } } });
  });

  it('the console’s routes: strategies, cycle change, close and reopen, tokens in bulk', async () => {
    const admin = as(svc.adminToken);
    await call(request(svc.app).get('/api/strategies').set(admin));
    await call(
      request(svc.app)
        .post('/api/cycles')
        .set(admin)
        .send({ id: 'life', fiscalYear: 2015, strategyId: 'kushiro-1', expectedDepartments: ['水産課'] }),
    );
    await call(request(svc.app).patch('/api/cycles/life').set(admin).send({ deadline: '2099-01-31' }));
    await call(request(svc.app).patch('/api/cycles/life').set(admin).send({}));
    await call(request(svc.app).post('/api/cycles/life/close').set(admin));
    await call(request(svc.app).post('/api/cycles/life/close').set(admin));
    const closed = await call(
      request(svc.app)
        .post('/api/cycles/life/submissions')
        .set(as(fisheries))
        .set('Content-Type', XLSX_TYPE)
        .send(await buildKpiWorkbook([forDepartment(goal1, '水産課')])),
    );
    expect(closed.body.error.code).toBe('cycle-closed');
    await call(request(svc.app).post('/api/cycles/life/reopen').set(admin));
    await call(request(svc.app).post('/api/cycles/life/reopen').set(admin));
    await call(
      request(svc.app)
        .post('/api/tokens/bulk')
        .set(admin)
        .send({ strategyId: 'kushiro-1', departments: ['農林課'], expiresAt: '2099-03-31' }),
    );
    await call(
      request(svc.app)
        .post('/api/tokens/bulk')
        .set(admin)
        .send({ departments: ['どこにもない課'] }),
    );
  });

  it('covered every route with a success status', () => {
    const succeeded = new Set(
      [...checkedRoutes].filter((r) => /\s2\d\d$/.test(r)).map((r) => r.replace(/\s\d+$/, '')),
    );
    expect(Object.keys(contractRoutes).filter((r) => !succeeded.has(r))).toEqual([]);
  });
});
