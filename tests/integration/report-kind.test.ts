import ExcelJS from 'exceljs';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildKpiWorkbook } from '../fixtures/kpi-book';
import { forDepartment, goal1, type FixtureGoal } from '../fixtures/kpi-seed';
import { buildProgressWorkbook } from '../fixtures/progress-book';
import { progressGoal1 } from '../fixtures/progress-seed';
import { startTestService, testBackends, type TestService } from '../support/service';
import { XLSX_TYPE as XLSX } from '#shared/api';

/**
 * A wrong or emptied workbook must not replace a department's data: a submission must hold rows of
 * the cycle's template, and a version with less than half the rows of the previous one needs a reason.
 */

const auth = (t: string) => ({ Authorization: `Bearer ${t}` });

/** Meeting notes: a workbook with arbitrary text and no template's headers. */
async function meetingNotes(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('議事録');
  ws.getCell('A1').value = '第3回 創生総合戦略推進会議 議事録';
  ws.getCell('A3').value = '日時';
  ws.getCell('B3').value = '令和6年7月10日 14:00〜15:30';
  ws.getCell('A4').value = '議題';
  ws.getCell('B4').value = 'KPI の進捗について意見交換を行った。';
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** 商業労政課's KPI table keeping only its first KPI (3 of its 9 rows). */
function firstKpiOnly(goal: FixtureGoal): FixtureGoal {
  const policy = goal.policies[0]!;
  const item = policy.items[0]!;
  return { label: goal.label, policies: [{ ...policy, items: [{ ...item, kpis: [item.kpis[0]!] }] }] };
}

describe.each(await testBackends())('a submission must be a report of the cycle’s kind (%s)', (backend) => {
  let svc: TestService;
  let shops: string;

  beforeAll(async () => {
    svc = await startTestService({}, backend);
    for (const [id, kind] of [
      ['kpi-2016', 'kpi'],
      ['progress-2016', 'progress'],
    ] as const)
      await request(svc.app)
        .post('/api/cycles')
        .set(auth(svc.adminToken))
        // A KPI cycle of kushiro-1 reports the FY2015 results (H27): every KPI needs its 実績値 of the cycle's year.
        .send({ id, kind, fiscalYear: kind === 'kpi' ? 2015 : 2016, strategyId: 'kushiro-1' })
        .expect(201);
    shops = await svc.departmentToken('商業労政課', 'kushiro-1');
  });
  afterAll(() => svc.close());

  const send = (cycle: string, body: Buffer, reason?: string) => {
    const req = request(svc.app)
      .post(`/api/cycles/${cycle}/submissions`)
      .set(auth(shops))
      .set('Content-Type', XLSX);
    return (reason ? req.set('X-Warning-Reason', encodeURIComponent(reason)) : req).send(body);
  };
  const versions = async (cycle: string) =>
    (await request(svc.app).get(`/api/cycles/${cycle}/submissions`).set(auth(shops)).expect(200)).body
      .submissions.length;

  it('refuses meeting notes and a progress report for a KPI cycle, storing nothing', async () => {
    const cases: [string, Buffer, string, string][] = [
      [
        'meeting notes',
        await meetingNotes(),
        'KPI表が見つかりません(様式を認識できるシートがありません)',
        'No KPI table found (no sheet was recognized as a template).',
      ],
      [
        'a progress report',
        await buildProgressWorkbook([progressGoal1]),
        'KPI表が見つかりません(見つかった様式: 進捗報告)',
        'No KPI table found (found: progress report).',
      ],
    ];
    for (const [name, body, ja, en] of cases) {
      const res = await send('kpi-2016', body);
      expect([name, res.status, res.body.error]).toEqual([
        name,
        422,
        { code: 'wrong-report-kind', message: ja, messageEn: en },
      ]);
    }
    expect(await versions('kpi-2016')).toBe(0);
    const status = await request(svc.app)
      .get('/api/cycles/kpi-2016/status')
      .set(auth(svc.adminToken))
      .expect(200);
    expect(status.body.submitted).toBe(0);
  });

  it('refuses a KPI table or a header-only report for a progress cycle, naming what it found', async () => {
    const res = await send('progress-2016', await buildKpiWorkbook([forDepartment(goal1, '商業労政課')]));
    expect([res.status, res.body.error.message]).toEqual([
      422,
      '進捗報告が見つかりません(見つかった様式: KPI表)',
    ]);
    expect(res.body.found).toEqual([{ kind: 'kpi', sheets: [{ sheet: 'KPI', rows: 9 }], rows: 9 }]);
    // A progress report with its headers and no department row.
    const empty = await send('progress-2016', await buildProgressWorkbook([]));
    expect([empty.status, empty.body.error.message]).toEqual([
      422,
      '進捗報告に行がありません(シート「進捗報告」は見出しだけです)',
    ]);
    expect(await versions('progress-2016')).toBe(0);
  });

  it('takes a version with less than half the previous rows only with a reason', async () => {
    // 基本目標1 only: the department's other KPIs are missing (warnings), so each full version has a reason.
    const full = await send(
      'kpi-2016',
      await buildKpiWorkbook([forDepartment(goal1, '商業労政課')]),
      '基本目標1 のみ',
    );
    expect([full.status, full.body.error]).toEqual([201, undefined]);
    const fewer = await buildKpiWorkbook([firstKpiOnly(forDepartment(goal1, '商業労政課'))]);

    const refused = await send('kpi-2016', fewer);
    expect([refused.status, refused.body.error.code, refused.body.error.message]).toEqual([
      422,
      'rows-dropped',
      '前回の版より行が半分以上減っています(前回 9 行 → 今回 3 行)。意図したものであれば理由を添えて提出してください。',
    ]);
    expect(refused.body).toMatchObject({ previous: { version: 1, rows: 9 }, rows: 3 });
    expect(await versions('kpi-2016')).toBe(1);

    // The reason travels as for warnings: the X-Warning-Reason header (.xlsx) or `reason` (JSON).
    const accepted = await send('kpi-2016', fewer, '2 つの KPI は第2期で廃止');
    expect([accepted.status, accepted.body.submission.version]).toEqual([201, 2]);
    expect(accepted.body.submission.reason).toBe('2 つの KPI は第2期で廃止');

    // Compared with the previous version (3 rows), the full table again is no drop.
    const again = await send(
      'kpi-2016',
      await buildKpiWorkbook([forDepartment(goal1, '商業労政課')]),
      '基本目標1 のみ',
    );
    expect(again.status).toBe(201);
    // The first KPI's three rows as JSON.
    const stored = await request(svc.app)
      .get(`/api/cycles/kpi-2016/submissions/${again.body.submission.id}`)
      .set(auth(shops))
      .expect(200);
    const rows = (stored.body.rows as Record<string, unknown>[])
      .slice(0, 3)
      .map(({ sheetRow: _row, rowKey: _key, ...r }) => r);
    const json = await request(svc.app)
      .post('/api/cycles/kpi-2016/submissions')
      .set(auth(shops))
      .send({ rows });
    expect([json.status, json.body.error.code]).toEqual([422, 'rows-dropped']);
    const withReason = await request(svc.app)
      .post('/api/cycles/kpi-2016/submissions')
      .set(auth(shops))
      .send({ rows, reason: '残りは次の版で' });
    expect([withReason.status, withReason.body.submission.reason]).toEqual([201, '残りは次の版で']);
  });
});
