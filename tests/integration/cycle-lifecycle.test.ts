import fs from 'node:fs';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundledStrategies, loadStrategy, ownerDepartments } from '#shared';
import { expectContract } from '../support/contract';
import { startTestService, testBackends, type TestService } from '../support/service';

/** The planning office's cycle: deadline, expected departments, close/reopen, states, tokens in bulk, audit filters. */
describe.each(await testBackends())('cycle lifecycle on %s', (backend) => {
  let svc: TestService;
  let fisheries: string;
  const admin = () => ({ Authorization: `Bearer ${svc.adminToken}` });
  const row = {
    policy: 'ア 持続的成長を目指した水産業の振興',
    kpi: '・釧路港年間水揚量',
    kind: 'actual',
    period: 'H27年',
    value: '115,000',
    unit: 'トン',
    department: '水産課',
  };
  const submit = (cycle: string, token = fisheries) =>
    request(svc.app)
      .post(`/api/cycles/${cycle}/submissions`)
      .set('Authorization', `Bearer ${token}`)
      .send({ rows: [row], reason: '実績値のみ' });
  const status = async (cycle: string) =>
    expectContract(await request(svc.app).get(`/api/cycles/${cycle}/status`).set(admin())).body;

  beforeAll(async () => {
    svc = await startTestService({}, backend);
    fisheries = await svc.departmentToken('水産課', 'kushiro-1');
  });
  afterAll(() => svc.close());

  it('expects the definition’s owners by default, or the departments named (spelled as the definition does)', async () => {
    const created = await request(svc.app)
      .post('/api/cycles')
      .set(admin())
      .send({ id: 'owners', fiscalYear: 2015, strategyId: 'kushiro-1' })
      .expect(201);
    expect(created.body.cycle.expectedDepartments).toEqual(
      ownerDepartments(bundledStrategies.get('kushiro-1')!),
    );
    expect(created.body.cycle.closedAt).toBeNull();
    const named = await request(svc.app)
      .post('/api/cycles')
      .set(admin())
      .send({
        id: 'named',
        fiscalYear: 2015,
        strategyId: 'kushiro-1',
        expectedDepartments: ['水産課', '農林課'],
      })
      .expect(201);
    expect(named.body.cycle.expectedDepartments).toEqual(['水産課', '農林課']);
    expect((await status('named')).total).toBe(2);
    const unknown = await request(svc.app)
      .post('/api/cycles')
      .set(admin())
      .send({ id: 'bad', fiscalYear: 2015, strategyId: 'kushiro-1', expectedDepartments: ['宇宙開発課'] })
      .expect(400);
    expect(unknown.body.issues[0].message).toContain('宇宙開発課');
    const changed = await request(svc.app)
      .patch('/api/cycles/named')
      .set(admin())
      .send({ expectedDepartments: ['水産課'], deadline: '2099-06-30' })
      .expect(200);
    expect(changed.body.cycle).toMatchObject({ expectedDepartments: ['水産課'], deadline: '2099-06-30' });
  });

  it('a closed cycle refuses submissions in Japanese until it is reopened', async () => {
    await request(svc.app)
      .post('/api/cycles')
      .set(admin())
      .send({ id: 'closing', fiscalYear: 2015, strategyId: 'kushiro-1' })
      .expect(201);
    const closed = await request(svc.app).post('/api/cycles/closing/close').set(admin()).expect(200);
    expect(closed.body.cycle.closedAt).toEqual(expect.any(String));
    const refused = expectContract(await submit('closing'));
    expect([refused.status, refused.body.error.code]).toEqual([409, 'cycle-closed']);
    expect(refused.body.error.message).toMatch(/締め切られています.*企画課に再開を依頼/);
    await request(svc.app).post('/api/cycles/closing/close').set(admin()).expect(409);
    await request(svc.app).post('/api/cycles/closing/reopen').set(admin()).expect(200);
    await submit('closing').expect(201);
    await request(svc.app).post('/api/cycles/closing/reopen').set(admin()).expect(409);
  });

  it('states: 未提出 → 提出済み → 差し戻し中 (not counted as submitted) → 再提出済み; 期限超過 after the deadline', async () => {
    await request(svc.app)
      .post('/api/cycles')
      .set(admin())
      .send({ id: 'states', fiscalYear: 2015, strategyId: 'kushiro-1', deadline: '2099-12-31' })
      .expect(201);
    const stateOf = async (cycle: string, department = '水産課') => {
      const body = await status(cycle);
      return {
        state: body.departments.find((d: { department: string }) => d.department === department).state,
        submitted: body.submitted,
        states: body.states,
      };
    };
    expect(await stateOf('states')).toMatchObject({ state: 'missing', submitted: 0 });
    const v1 = (await submit('states').expect(201)).body.submission.id;
    expect(await stateOf('states')).toMatchObject({ state: 'submitted', submitted: 1 });
    await request(svc.app)
      .post(`/api/cycles/states/submissions/${v1}/return`)
      .set(admin())
      .send({ comment: '実績値を確認してください', notes: [{ cell: 'E7', message: '桁' }] })
      .expect(201);
    const returned = await stateOf('states');
    expect(returned).toMatchObject({ state: 'returned', submitted: 0 });
    expect(returned.states.returned).toBe(1);
    await submit('states').expect(201);
    expect(await stateOf('states')).toMatchObject({ state: 'resubmitted', submitted: 1 });

    await request(svc.app)
      .post('/api/cycles')
      .set(admin())
      .send({ id: 'late', fiscalYear: 2015, strategyId: 'kushiro-1', deadline: '2020-03-31' })
      .expect(201);
    await submit('late').expect(201);
    const late = await status('late');
    expect(late.states.overdue).toBe(late.total - 1);
    expect(await stateOf('late', '農林課')).toMatchObject({ state: 'overdue' });
    expect(await stateOf('late')).toMatchObject({ state: 'submitted' });
  });

  it('issues a token to every owner without one in one call, shown once, and none twice', async () => {
    const strategyId = 'kushiro-1';
    const owners = ownerDepartments(bundledStrategies.get(strategyId)!);
    const first = expectContract(
      await request(svc.app)
        .post('/api/tokens/bulk')
        .set(admin())
        .send({ strategyId, expiresAt: '2099-03-31' }),
    );
    expect(first.status).toBe(201);
    // 水産課 has a token from beforeAll.
    expect(first.body.issued.map((i: { info: { department: string } }) => i.info.department)).toEqual(
      owners.filter((d) => d !== '水産課'),
    );
    expect(first.body.issued[0].token).toMatch(/^ss_/);
    expect(first.body.issued[0].info.expiresAt).toMatch(/^2099-03-3/);
    const again = await request(svc.app)
      .post('/api/tokens/bulk')
      .set(admin())
      .send({ strategyId })
      .expect(201);
    expect(again.body.issued).toEqual([]);
    // A revoked token leaves its department missing again.
    const farming = first.body.issued.find(
      (i: { info: { department: string } }) => i.info.department === '農林課',
    );
    await request(svc.app).post(`/api/tokens/${farming.info.id}/revoke`).set(admin()).expect(200);
    const third = await request(svc.app)
      .post('/api/tokens/bulk')
      .set(admin())
      .send({ strategyId })
      .expect(201);
    expect(third.body.issued.map((i: { info: { department: string } }) => i.info.department)).toEqual([
      '農林課',
    ]);
    const listed = JSON.stringify((await request(svc.app).get('/api/tokens').set(admin())).body);
    expect(listed).not.toContain(first.body.issued[0].token);
    await request(svc.app)
      .post('/api/tokens/bulk')
      .set(admin())
      .send({ strategyId, expiresAt: '2001-01-01' })
      .expect(400);
    // A department the definition does not have: named in the 400, at the field that named it.
    const unknown = await request(svc.app)
      .post('/api/tokens/bulk')
      .set(admin())
      .send({ strategyId, departments: ['農林課', '宇宙開発課'] })
      .expect(400);
    expect(unknown.body.issues).toEqual([
      { path: 'departments', message: expect.stringContaining('宇宙開発課') as unknown },
    ]);
  });

  it('another town from its definition: its owners expected and issued tokens, no Kushiro name', async () => {
    const raw = JSON.parse(fs.readFileSync('tests/fixtures/kakuu-town.json', 'utf8')) as object;
    const loaded = loadStrategy(raw);
    if (!loaded.ok) throw new Error('kakuu-town fixture does not load');
    const owners = ownerDepartments(loaded.strategy);
    await request(svc.app).put('/api/strategy').set(admin()).send(raw).expect(201);
    const listed = expectContract(await request(svc.app).get('/api/strategies').set(admin())).body
      .strategies as { id: string; municipality: string; owners: string[] }[];
    expect(listed.find((x) => x.id === 'kakuu-town')).toMatchObject({ municipality: '架空町', owners });
    const cycle = await request(svc.app)
      .post('/api/cycles')
      .set(admin())
      .send({
        id: 'kakuu-kpi',
        kind: 'kpi',
        fiscalYear: 2025,
        strategyId: 'kakuu-town',
        deadline: '2099-06-30',
      })
      .expect(201);
    expect(cycle.body.cycle.expectedDepartments).toEqual(owners);
    const issued = await request(svc.app)
      .post('/api/tokens/bulk')
      .set(admin())
      .send({ strategyId: 'kakuu-town' })
      .expect(201);
    expect(issued.body.issued.map((i: { info: { department: string } }) => i.info.department)).toEqual(
      owners,
    );
    expect(
      issued.body.issued.every((i: { info: { strategyId: string } }) => i.info.strategyId === 'kakuu-town'),
    ).toBe(true);
    // A town's token sees its own cycle only.
    const cycles = await request(svc.app)
      .get('/api/cycles')
      .set('Authorization', `Bearer ${issued.body.issued[0].token}`)
      .expect(200);
    expect(cycles.body.cycles.map((c: { id: string }) => c.id)).toEqual(['kakuu-kpi']);
    const board = await status('kakuu-kpi');
    expect([board.total, board.states.missing]).toEqual([owners.length, owners.length]);
  });

  it('filters the audit log by what, who, cycle and when', async () => {
    const audit = async (query: string) =>
      (await request(svc.app).get(`/api/audit?${query}`).set(admin()).expect(200)).body.entries as {
        action: string;
        department: string | null;
        role: string | null;
        cycleId: string | null;
      }[];
    const returns = await audit('action=submission.return');
    expect(returns.length).toBe(1);
    expect(returns[0]!.cycleId).toBe('states');
    const ofCycle = await audit('cycle=states');
    expect(new Set(ofCycle.map((e) => e.action))).toEqual(
      new Set(['cycle.create', 'submission.create', 'submission.return']),
    );
    const byFisheries = await audit('who=水産課');
    expect(byFisheries.length).toBeGreaterThan(0);
    expect(byFisheries.every((e) => e.department === '水産課' && e.action === 'submission.create')).toBe(
      true,
    );
    expect((await audit('who=admin&action=cycle')).every((e) => e.role === 'admin')).toBe(true);
    expect(await audit('since=2999-01-01')).toEqual([]);
    expect((await audit('until=2000-01-01')).length).toBe(0);
    await request(svc.app).get('/api/audit?since=yesterday').set(admin()).expect(400);
  });
});
