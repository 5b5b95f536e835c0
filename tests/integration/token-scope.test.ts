import fs from 'node:fs';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KpiRow } from '#shared';
import { hashToken, issueToken } from '../../service/src/usecases/tokens';
import { buildKpiWorkbook } from '../fixtures/kpi-book';
import { startTestService, testBackends, type TestService } from '../support/service';
import { XLSX_TYPE as XLSX } from '#shared/api';

/**
 * Two municipalities on one service: Kushiro (the bundled kushiro-2) and the invented 架空町
 * (tests/fixtures/kakuu-town.json), both with a 商業労政課. A token names its strategy as well as its
 * department, so each 商業労政課 sees and writes its own town's cycles only.
 */

const town = JSON.parse(fs.readFileSync('tests/fixtures/kakuu-town.json', 'utf8')) as Record<string, unknown>;
const auth = (t: string) => ({ Authorization: `Bearer ${t}` });

const kushiroRows: KpiRow[] = (
  [
    ['baseline', 'R5年度', '10'],
    ['actual', 'R6年度', '12'],
    ['target', 'R11年度', '20'],
  ] as const
).map(([kind, period, value]) => ({
  policy: 'イ 創業・第二創業の支援',
  kpi: '創業支援件数',
  kind,
  period,
  value,
  unit: '件',
  department: '商業労政課',
}));

/** 架空町's 商業労政課 KPI table as a workbook (its own item and KPI). */
const kakuuBook = (actual: string) =>
  buildKpiWorkbook([
    {
      label: '第一章 しごとをつくる',
      policies: [
        {
          label: '(3) 商店街のにぎわい',
          items: [
            {
              label: 'ア 空き店舗の活用',
              kpis: [
                {
                  name: '空き店舗への出店数',
                  unit: '件',
                  department: '商業労政課',
                  rows: [
                    ['現状値', 'R6年度', '1'],
                    ['実績値', 'R7年度', actual],
                    ['指標値', 'R11年度', '8'],
                  ],
                },
              ],
            },
          ],
        },
      ],
    },
  ]);

describe.each(await testBackends())('two municipalities with a 商業労政課 on one service (%s)', (backend) => {
  let svc: TestService;
  let kushiro: string;
  let kakuu: string;
  const kakuuIds: number[] = [];
  let kushiroId = 0;

  beforeAll(async () => {
    svc = await startTestService({}, backend);
    const admin = auth(svc.adminToken);
    await request(svc.app).put('/api/strategy').set(admin).send(town).expect(201);
    for (const [id, strategyId, fiscalYear] of [
      ['kushiro-kpi', 'kushiro-2', 2024],
      ['kakuu-kpi', 'kakuu-town', 2025],
    ] as const)
      await request(svc.app).post('/api/cycles').set(admin).send({ id, fiscalYear, strategyId }).expect(201);
    // Three strategies know 商業労政課: without a strategy the service's default (kushiro-2) is taken.
    const plain = await request(svc.app).post('/api/tokens').set(admin).send({ department: '商業労政課' });
    expect([plain.status, plain.body.info.strategyId]).toEqual([201, 'kushiro-2']);
    kushiro = plain.body.token;
    const named = await request(svc.app)
      .post('/api/tokens')
      .set(admin)
      .send({ department: '商業労政課', strategyId: 'kakuu-town' })
      .expect(201);
    kakuu = named.body.token;

    kushiroId = (
      await request(svc.app)
        .post('/api/cycles/kushiro-kpi/submissions')
        .set(auth(kushiro))
        .send({ rows: kushiroRows })
        .expect(201)
    ).body.submission.id;
    for (const actual of ['2', '3']) {
      const res = await request(svc.app)
        .post('/api/cycles/kakuu-kpi/submissions')
        .set(auth(kakuu))
        .set('Content-Type', XLSX)
        .send(await kakuuBook(actual));
      expect([res.status, res.body.findings]).toEqual([201, []]);
      kakuuIds.push(res.body.submission.id);
    }
  });
  afterAll(() => svc.close());

  it('GET /api/me names the department and the strategy', async () => {
    const me = async (t: string) => (await request(svc.app).get('/api/me').set(auth(t)).expect(200)).body;
    expect(await me(kushiro)).toEqual({
      role: 'department',
      department: '商業労政課',
      strategyId: 'kushiro-2',
    });
    expect(await me(kakuu)).toEqual({
      role: 'department',
      department: '商業労政課',
      strategyId: 'kakuu-town',
    });
  });

  it('lists each town’s own cycles and definition only', async () => {
    const cycles = async (t: string) =>
      (await request(svc.app).get('/api/cycles').set(auth(t)).expect(200)).body.cycles.map(
        (c: { id: string }) => c.id,
      );
    expect(await cycles(kushiro)).toEqual(['kushiro-kpi']);
    expect(await cycles(kakuu)).toEqual(['kakuu-kpi']);
    expect(await cycles(svc.adminToken)).toEqual(['kushiro-kpi', 'kakuu-kpi']);
    // Without an id a department token gets its own town's definition, not the service default.
    const own = await request(svc.app).get('/api/strategy').set(auth(kakuu)).expect(200);
    expect(own.body.strategy.id).toBe('kakuu-town');
    const other = await request(svc.app).get('/api/departments?id=kushiro-2').set(auth(kakuu));
    expect([other.status, other.body.error.message]).toEqual([
      403,
      'このトークンの施策体系(自治体)のものではありません。',
    ]);
  });

  it('cannot read the other town’s 商業労政課: versions, a version, its file, a diff, the status', async () => {
    const [first, second] = kakuuIds as [number, number];
    const reads = [
      '/api/cycles/kakuu-kpi/submissions',
      `/api/cycles/kakuu-kpi/submissions/${second}`,
      `/api/cycles/kakuu-kpi/submissions/${second}/file`,
      `/api/cycles/kakuu-kpi/submissions/${second}/diff?against=${first}`,
      '/api/cycles/kakuu-kpi/status',
    ];
    for (const path of reads) {
      const res = await request(svc.app).get(path).set(auth(kushiro));
      expect([path, res.status, res.body.error?.code]).toEqual([path, 404, 'cycle-not-found']);
      // The same requests from 架空町's own token succeed.
      expect([path, (await request(svc.app).get(path).set(auth(kakuu))).status]).toEqual([path, 200]);
    }
    // Nor through its own cycle's path: the submission belongs to another cycle.
    const viaOwn = await request(svc.app)
      .get(`/api/cycles/kushiro-kpi/submissions/${second}`)
      .set(auth(kushiro));
    expect(viaOwn.status).toBe(404);
    const back = await request(svc.app)
      .get(`/api/cycles/kushiro-kpi/submissions/${kushiroId}`)
      .set(auth(kakuu));
    expect([back.status, back.body.error.code]).toEqual([404, 'cycle-not-found']);
  });

  it('cannot submit into the other town’s cycle, and nothing is stored', async () => {
    const intoKakuu = await request(svc.app)
      .post('/api/cycles/kakuu-kpi/submissions')
      .set(auth(kushiro))
      .set('Content-Type', XLSX)
      .send(await kakuuBook('9'));
    expect([intoKakuu.status, intoKakuu.body.error.code]).toEqual([404, 'cycle-not-found']);
    const intoKushiro = await request(svc.app)
      .post('/api/cycles/kushiro-kpi/submissions')
      .set(auth(kakuu))
      .send({ rows: kushiroRows });
    expect(intoKushiro.status).toBe(404);
    const versions = async (cycle: string) =>
      (
        await request(svc.app).get(`/api/cycles/${cycle}/submissions`).set(auth(svc.adminToken)).expect(200)
      ).body.submissions.map((s: { version: number }) => s.version);
    expect(await versions('kakuu-kpi')).toEqual([1, 2]);
    expect(await versions('kushiro-kpi')).toEqual([1]);
    // Each town's status counts its own 商業労政課 once.
    const status = await request(svc.app)
      .get('/api/cycles/kushiro-kpi/status')
      .set(auth(kushiro))
      .expect(200);
    expect(status.body.departments).toEqual([
      expect.objectContaining({ department: '商業労政課', submitted: true, version: 1 }),
    ]);
  });
});

describe.each(await testBackends())('expired and revoked tokens on %s', (backend) => {
  let svc: TestService;
  const me = (t: string) => request(svc.app).get('/api/me').set(auth(t));

  beforeAll(async () => {
    svc = await startTestService({}, backend);
  });
  afterAll(() => svc.close());

  it('refuses a revoked token with 401 saying it was revoked (失効), and records who revoked it', async () => {
    const issued = await request(svc.app)
      .post('/api/tokens')
      .set(auth(svc.adminToken))
      .send({ department: '水産課', expiresAt: '2099-03-31', label: '水産課 担当' })
      .expect(201);
    const { token, info } = issued.body as { token: string; info: { id: number; expiresAt: string } };
    // Valid through 31 March in Japan time.
    expect(info.expiresAt).toBe('2099-03-31T15:00:00.000Z');
    await me(token).expect(200);

    const listed = await request(svc.app).get('/api/tokens').set(auth(svc.adminToken)).expect(200);
    const row = listed.body.tokens.find((t: { id: number }) => t.id === info.id);
    expect(row).toMatchObject({
      role: 'department',
      department: '水産課',
      strategyId: 'kushiro-2',
      label: '水産課 担当',
      revokedAt: null,
      lastUsedAt: expect.any(String),
    });
    // Never the secret nor its hash.
    expect(JSON.stringify(listed.body)).not.toContain(token);
    expect(JSON.stringify(listed.body)).not.toContain(hashToken(token));

    await request(svc.app).post(`/api/tokens/${info.id}/revoke`).set(auth(svc.adminToken)).expect(200);
    const refused = await me(token);
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe('token-revoked');
    expect(refused.body.error.message).toMatch(
      /^このトークンは失効しています\(失効: \d{4}-\d\d-\d\d \d\d:\d\d\)/,
    );
    const again = await request(svc.app).post(`/api/tokens/${info.id}/revoke`).set(auth(svc.adminToken));
    expect([again.status, again.body.error.code]).toEqual([409, 'token-already-revoked']);
    const missing = await request(svc.app).post('/api/tokens/99999/revoke').set(auth(svc.adminToken));
    expect(missing.status).toBe(404);

    const audit = await request(svc.app).get('/api/audit').set(auth(svc.adminToken)).expect(200);
    const actions = audit.body.entries
      .filter((e: { target: string }) => e.target === String(info.id))
      .map((e: { action: string; role: string }) => [e.action, e.role]);
    expect(actions).toEqual([
      ['token.revoke', 'admin'],
      ['token.create', 'admin'],
    ]);
  });

  it('refuses an expired token with 401 saying it expired (期限切れ)', async () => {
    const { token } = await issueToken(svc.store, {
      role: 'department',
      department: '水産課',
      strategyId: 'kushiro-2',
      expiresAt: new Date(Date.now() - 1000).toISOString(),
    });
    const refused = await me(token);
    expect([refused.status, refused.body.error.code]).toEqual([401, 'token-expired']);
    expect(refused.body.error.message).toContain('トークンの有効期限が切れています(期限切れ: ');
    // An expired admin token is refused too, and a past expiry is not accepted when issuing.
    const { token: oldAdmin } = await issueToken(svc.store, {
      role: 'admin',
      department: null,
      strategyId: null,
      expiresAt: new Date(Date.now() - 1000).toISOString(),
    });
    expect((await request(svc.app).get('/api/tokens').set(auth(oldAdmin))).status).toBe(401);
    const past = await request(svc.app)
      .post('/api/tokens')
      .set(auth(svc.adminToken))
      .send({ department: '水産課', expiresAt: '2020-01-01' });
    expect([past.status, past.body.issues[0].path]).toEqual([400, 'expiresAt']);
  });

  it('gives tokens from before scoping the strategy that knows their department, else the default', async () => {
    await request(svc.app).put('/api/strategy').set(auth(svc.adminToken)).send(town).expect(201);
    const legacy = async (department: string) =>
      (
        await svc.store.createToken(
          {
            hash: hashToken(`ss_legacy_${department}_${backend}_0123456789`),
            role: 'department',
            department,
            strategyId: null,
            label: null,
            expiresAt: null,
          },
          { principal: null, client: 'test' },
        )
      ).id;
    const farming = await legacy('農政課');
    const shops = await legacy('商業労政課');
    expect(await svc.store.scopeLegacyTokens('kushiro-2')).toBe(2);
    const tokens = await svc.store.listTokens();
    expect(tokens.find((t) => t.id === farming)?.strategyId).toBe('kakuu-town');
    expect(tokens.find((t) => t.id === shops)?.strategyId).toBe('kushiro-2');
    expect(await svc.store.scopeLegacyTokens('kushiro-2')).toBe(0);
  });
});
