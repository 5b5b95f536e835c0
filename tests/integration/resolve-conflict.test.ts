import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundledStrategies } from '#shared';
import type { Actor, NewSubmission, StoredKpiRow } from '../../service/src/store/store';
import { resolveConflict } from '../../service/src/usecases/resolve-conflict';
import { storeSubmission } from '../../service/src/usecases/store-submission';
import { startTestService, testBackends, type TestService } from '../support/service';

const kushiro1 = bundledStrategies.get('kushiro-1')!;
const admin: Actor = { principal: null, client: 'test' };
// 1④イ is owned by 商業労政課 and 都市経営課: both may send its rows.
const row = (value: number): StoredKpiRow & { rowKey: string } => ({
  policy: 'イ 創業・第二創業の支援',
  kpi: '・くしろ応援ファンド事業によるファンド形成事業数',
  kind: 'actual',
  period: 'H27年度',
  value,
  unit: '事業',
  department: '都市経営課',
  sheetRow: null,
  rowKey: 'k1',
});
const input = (department: string, value: number): NewSubmission => ({
  cycleId: 'resolve',
  department,
  source: 'json',
  file: null,
  findings: [],
  report: null,
  rows: [row(value)],
  progressRows: [],
  projectRows: [],
  idempotencyKey: null,
  requestSha256: null,
  reason: null,
});

describe.each(await testBackends())('resolving a conflict (use case) on %s', (backend) => {
  let service: TestService;
  let id = 0;

  beforeAll(async () => {
    service = await startTestService({}, backend);
    const { store } = service;
    await store.createCycle(
      {
        id: 'resolve',
        kind: 'kpi',
        fiscalYear: 2015,
        strategyId: 'kushiro-1',
        strategyVersion: 1,
        deadline: null,
        expectedDepartments: null,
      },
      admin,
    );
    await storeSubmission(store, kushiro1, input('都市経営課', 2), admin);
    await storeSubmission(store, kushiro1, input('商業労政課', 3), admin);
    id = (await store.listConflicts('resolve'))[0]!.id;
  });
  afterAll(() => service.close());

  const resolve = (conflict: number | null, body: unknown) =>
    resolveConflict(service.store, 'resolve', conflict, body, admin);

  it('refuses what does not fit the conflict before deciding anything', async () => {
    expect(await resolve(id + 100, { department: '都市経営課' })).toEqual({ status: 'not-found' });
    expect(await resolve(null, { department: '都市経営課' })).toEqual({ status: 'not-found' });
    expect((await resolve(id, { department: '都市経営課', value: 1 })).status).toBe('bad-request');
    expect(await resolve(id, { department: '水産課' })).toMatchObject({
      status: 'bad-value',
      path: 'department',
    });
    expect(await resolve(id, { value: { results: 'a', plan: 'b' } })).toMatchObject({
      status: 'bad-value',
      path: 'value',
    });
    expect((await service.store.listConflicts('resolve'))[0]!.status).toBe('open');
  });

  it('keeps a department’s value once; a second decision finds it no longer open', async () => {
    const done = await resolve(id, { department: '商業労政課', note: '確認済み' });
    expect(done).toMatchObject({
      status: 'resolved',
      conflict: { status: 'resolved', resolution: 3, note: '確認済み' },
    });
    expect(await resolve(id, { value: 4 })).toEqual({ status: 'not-open' });
  });
});
