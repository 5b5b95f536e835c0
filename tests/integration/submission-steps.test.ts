import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DetectedConflict } from '../../service/src/consolidate/conflicts';
import type {
  Actor,
  NewSubmission,
  ProgressRowData,
  StoredKpiRow,
  Store,
  SubmissionSteps,
} from '../../service/src/store/store';
import { storeSubmission, syncConflicts } from '../../service/src/usecases/store-submission';
import { bundledStrategies } from '#shared';
import { startTestService, testBackends, type TestService } from '../support/service';

/** Each step of storing a submission (Store.withCycleLock), on each backend. */

const kushiro1 = bundledStrategies.get('kushiro-1')!;
// 1④イ is owned by 商業労政課 and 都市経営課: either may send its rows.
const row = (department: string, value: number, rowKey = 'k1'): StoredKpiRow & { rowKey: string } => ({
  policy: 'イ 創業・第二創業の支援',
  kpi: '・くしろ応援ファンド事業によるファンド形成事業数',
  kind: 'actual',
  period: 'H27年度',
  value,
  unit: '事業',
  department,
  sheetRow: null,
  rowKey,
});

describe.each(await testBackends())('the steps of storing a submission on %s', (backend) => {
  let service: TestService;
  let store: Store;
  let actor: Actor;
  let cycleId = '';
  let n = 0;
  const cli: Actor = { principal: null, client: 'cli' };

  beforeAll(async () => {
    service = await startTestService({}, backend);
    store = service.store;
    const info = await store.createToken(
      {
        hash: 'steps-token',
        role: 'department',
        department: '都市経営課',
        strategyId: 'kushiro-1',
        label: null,
        expiresAt: null,
      },
      cli,
    );
    actor = {
      principal: { tokenId: info.id, role: 'department', department: '都市経営課', strategyId: 'kushiro-1' },
      client: 'test',
    };
  });
  afterAll(() => service.close());

  async function newCycle() {
    cycleId = `steps-${++n}`;
    await store.createCycle(
      {
        id: cycleId,
        kind: 'kpi',
        fiscalYear: 2015,
        strategyId: 'kushiro-1',
        strategyVersion: 1,
        deadline: null,
        expectedDepartments: null,
      },
      cli,
    );
  }
  const input = (
    department: string,
    rows: NewSubmission['rows'],
    extra: Partial<NewSubmission> = {},
  ): NewSubmission => ({
    cycleId,
    department,
    source: 'json',
    file: null,
    findings: [],
    report: null,
    rows,
    progressRows: [],
    projectRows: [],
    idempotencyKey: null,
    requestSha256: null,
    reason: null,
    ...extra,
  });
  const at = () => new Date().toISOString();
  const lock = async <T>(steps: (tx: SubmissionSteps) => Promise<T>) => {
    const done = await store.withCycleLock(cycleId, steps);
    if (done.status !== 'done') throw done.error;
    return done.value;
  };

  it('the lock counts the cycle’s revision up, once per transaction', async () => {
    await newCycle();
    const first = await lock(async (tx) => tx.revision);
    expect(await lock(async (tx) => tx.revision)).toBe(first + 1);
  });

  it('saveFile stores a file once however often it is sent', async () => {
    await newCycle();
    const file = { sha256: 'a'.repeat(64), bytes: new Uint8Array([1, 2, 3]), name: 'x.xlsx' };
    await lock(async (tx) => {
      await tx.saveFile(file, at());
      await tx.saveFile(file, at());
    });
    expect([...((await store.getFile(file.sha256)) ?? [])]).toEqual([1, 2, 3]);
  });

  it('insertSubmission and insertRows store a version readable after the commit; lastVersion finds it with its 差し戻し', async () => {
    await newCycle();
    expect(await lock((tx) => tx.lastVersion(cycleId, '都市経営課'))).toBeNull();
    const stored = await lock(async (tx) => {
      const s = await tx.insertSubmission(input('都市経営課', [row('都市経営課', 2)]), 1, null, 'test', at());
      await tx.insertRows(s, input('都市経営課', [row('都市経営課', 2)]));
      return s;
    });
    expect(stored).toMatchObject({ cycleId, department: '都市経営課', version: 1 });
    expect((await store.getSubmission(stored.id))?.rows).toEqual([row('都市経営課', 2)]);
    const returned = await store.addReturn(stored.id, '数値を確認してください', [], cli);
    expect(await lock((tx) => tx.lastVersion(cycleId, '都市経営課'))).toEqual({
      id: stored.id,
      version: 1,
      latestReturn: returned,
    });
  });

  it('latestKpiRows gives each department’s latest version, read again after another instance stored one', async () => {
    await newCycle();
    await storeSubmission(store, kushiro1, input('都市経営課', [row('都市経営課', 2)]), actor);
    await storeSubmission(store, kushiro1, input('商業労政課', [row('都市経営課', 2)]), cli);
    const latest = await lock((tx) => tx.latestKpiRows(cycleId));
    expect([...latest.keys()].sort()).toEqual(['商業労政課', '都市経営課']);
    // A write the store did not see (another instance): the revision moved, so the rows are read again.
    await store.withCycleLock(cycleId, async (tx) => {
      const s = await tx.insertSubmission(
        input('商業労政課', [row('都市経営課', 5)]),
        2,
        null,
        'other',
        at(),
      );
      await tx.insertRows(s, input('商業労政課', [row('都市経営課', 5)]));
    });
    const again = await lock((tx) => tx.latestKpiRows(cycleId));
    expect(again.get('商業労政課')?.submission.version).toBe(2);
    expect(again.get('商業労政課')?.rows[0]?.value).toBe(5);
  });

  it('openConflicts, conflictsToSync and supersedeConflicts keep what the sync decided', async () => {
    await newCycle();
    const detected = (key: string, fingerprint: string): DetectedConflict => ({
      key,
      fingerprint,
      identity: { node: '1④イ', kpi: 'k', department: '都市経営課', kind: 'actual', period: 'H27年度' },
      candidates: [{ department: '都市経営課', submissionId: 1, version: 1, value: 2 }],
    });
    const sub = await lock(async (tx) => {
      const s = await tx.insertSubmission(
        input('都市経営課', [row('都市経営課', 2, 'a')]),
        1,
        null,
        'test',
        at(),
      );
      await tx.insertRows(s, input('都市経営課', [row('都市経営課', 2, 'a'), row('都市経営課', 3, 'b')]));
      await tx.openConflicts(
        cycleId,
        'kpi',
        [detected('a', 'f1'), detected('b', 'f2'), detected('c', 'f3')],
        at(),
      );
      return s;
    });
    // Only the KPI conflicts on the keys of the given versions are the sync's to change.
    const current = await lock((tx) => tx.conflictsToSync(cycleId, [sub.id]));
    expect(current.map((c) => [c.subject, c.rowKey, c.fingerprint])).toEqual([
      ['kpi', 'a', 'f1'],
      ['kpi', 'b', 'f2'],
    ]);
    await lock((tx) => tx.supersedeConflicts([current[0]!.id]));
    expect((await store.listConflicts(cycleId)).map((c) => [c.identity, c.status])).toEqual([
      [detected('a', 'f1').identity, 'superseded'],
      [detected('b', 'f2').identity, 'open'],
      [detected('c', 'f3').identity, 'open'],
    ]);
    expect((await lock((tx) => tx.conflictsToSync(cycleId, [sub.id]))).map((c) => c.rowKey)).toEqual(['b']);
  });

  it('syncConflicts opens a conflict when two departments disagree and supersedes it when they agree again', async () => {
    await newCycle();
    await storeSubmission(store, kushiro1, input('都市経営課', [row('都市経営課', 2)]), actor);
    const other = await storeSubmission(store, kushiro1, input('商業労政課', [row('都市経営課', 3)]), cli);
    expect(other.status).toBe('stored');
    const open = await store.listConflicts(cycleId);
    expect(open.map((c) => [c.status, c.candidates.map((x) => x.value)])).toEqual([['open', [3, 2]]]);
    // Run again over what is stored: nothing changed, nothing new.
    await lock(async (tx) => {
      const before = await tx.latestKpiRows(cycleId);
      const latest = before.get('商業労政課')!;
      await syncConflicts(
        tx,
        kushiro1,
        { cycleId, progressRows: [], projectRows: [] },
        latest,
        before,
        null,
        at(),
      );
    });
    expect(await store.listConflicts(cycleId)).toEqual(open);
    await storeSubmission(store, kushiro1, input('商業労政課', [row('都市経営課', 2)]), cli);
    expect((await store.listConflicts(cycleId)).map((c) => c.status)).toEqual(['superseded']);
  });

  it('findByIdempotencyKey finds what this principal stored under the key; a retry replays it', async () => {
    await newCycle();
    const keyed = input('都市経営課', [row('都市経営課', 2)], {
      idempotencyKey: 'key-1',
      requestSha256: 'r1',
    });
    const first = await storeSubmission(store, kushiro1, keyed, actor);
    expect(first.status).toBe('stored');
    const found = await lock((tx) => tx.findByIdempotencyKey(actor.principal!.tokenId, 'key-1'));
    expect(found).toMatchObject({ requestSha256: 'r1', report: null });
    expect(await store.findByIdempotencyKey(actor.principal!.tokenId, 'key-2')).toBeNull();
    const retry = await storeSubmission(store, kushiro1, keyed, actor);
    expect(retry).toMatchObject({ status: 'replay', sameRequest: true });
    expect(await store.listSubmissions(cycleId)).toHaveLength(1);
  });

  it('a unique-index violation rolls the whole transaction back and comes back as a value', async () => {
    await newCycle();
    const done = await store.withCycleLock(cycleId, async (tx) => {
      await tx.audit(cli, 'steps.test', cycleId, null, cycleId);
      await tx.insertSubmission(input('都市経営課', []), 1, null, 'test', at());
      await tx.insertSubmission(input('都市経営課', []), 1, null, 'test', at());
    });
    expect(done.status).toBe('unique-violation');
    expect(await store.listSubmissions(cycleId)).toEqual([]);
    expect(
      (await store.listAudit({ limit: 5 })).filter((e) => e.action === 'steps.test' && e.target === cycleId),
    ).toEqual([]);
  });

  it('progress rows stored before the 施策 section was named `measure` (as `policy`) read the same', async () => {
    await newCycle();
    const stored = {
      sheetRow: 7,
      goal: '【基本目標1】しごとをつくる',
      item: 'ア 持続的成長を目指した水産業の振興',
      nodeCode: null,
      department: '水産課',
      results: '実績',
      plan: '予定',
      resultsHeader: 'R5年度(実績)',
      planHeader: 'R6年度(取組予定)',
      rowKey: 'p1',
    };
    const legacy = { ...stored, policy: '①水産業の振興' } as unknown as ProgressRowData;
    const submission = await lock(async (tx) => {
      const s = await tx.insertSubmission(input('水産課', []), 1, null, 'test', at());
      await tx.insertRows(s, { rows: [], progressRows: [legacy], projectRows: [] });
      return s;
    });
    const expected = { ...stored, measure: '①水産業の振興' };
    expect((await store.latestProgress(cycleId))[0]?.rows).toEqual([expected]);
    expect((await store.dataRowsOf(submission.id)).progress).toEqual([expected]);
  });

  it('audit records the write with its actor', async () => {
    await newCycle();
    await lock((tx) => tx.audit(actor, 'steps.test', cycleId, { n: 1 }, cycleId));
    const [entry] = await store.listAudit({ limit: 1 });
    expect(entry).toMatchObject({
      action: 'steps.test',
      target: cycleId,
      department: '都市経営課',
      detail: { n: 1 },
      cycleId, // filed under its cycle (the audit log's cycle filter)
    });
  });
});
