import fs from 'node:fs';
import ExcelJS from 'exceljs';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KpiRow } from '#shared';
import { buildKpiWorkbook } from '../fixtures/kpi-book';
import { buildProjectWorkbook, projectCells } from '../fixtures/project-book';
import { settlementSupport } from '../fixtures/project-seed';
import { loadStrategy, strategyOfCycles, type KeyValueStore } from '../../addin/src/taskpane/storage';
import { souseiWithEnv } from '../support/cli';
import { binary } from '../support/http';
import { startTestService, testBackends, type TestService } from '../support/service';
import { XLSX_TYPE as XLSX } from '#shared/api';

/**
 * Another municipality on the same code: its strategy (tests/fixtures/kakuu-town.json, known to no
 * bundled definition) is PUT, tokens are created for its departments with the CLI against the
 * service's database, and cycles, submissions and the consolidated workbook work on it.
 */

const town = JSON.parse(fs.readFileSync('tests/fixtures/kakuu-town.json', 'utf8')) as Record<string, unknown>;

const farmingRows: KpiRow[] = (
  [
    ['baseline', 'R6年度', 2],
    ['actual', 'R7年度', 4],
    ['target', 'R11年度', 10],
  ] as const
).map(([kind, period, value]) => ({
  policy: 'ア 新規就農の支援',
  kpi: '新規就農者数',
  kind,
  period,
  value,
  unit: '人',
  department: '農政課',
}));

describe.each(await testBackends())('a second municipality on %s', (backend) => {
  let svc: TestService;
  let farming: string;
  const auth = (t: string) => ({ Authorization: `Bearer ${t}` });
  /** The CLI on the service's own database (the SQLite file under DATA_DIR, or its PostgreSQL schema). */
  const cli = (...args: string[]) =>
    souseiWithEnv(
      {
        DATA_DIR: svc.config.DATA_DIR,
        ...(svc.config.DATABASE_URL
          ? { DATABASE_URL: svc.config.DATABASE_URL, DATABASE_SCHEMA: svc.config.DATABASE_SCHEMA! }
          : {}),
      },
      ...args,
    );

  beforeAll(async () => {
    // The town's service names its own strategy; the bundled Kushiro ones are still seeded.
    svc = await startTestService({ STRATEGY_ID: 'kakuu-town' }, backend);
  });
  afterAll(() => svc.close());

  it('stores the town’s definition', async () => {
    const res = await request(svc.app).put('/api/strategy').set(auth(svc.adminToken)).send(town).expect(201);
    expect(res.body).toMatchObject({ strategy: { id: 'kakuu-town', version: 1 }, warnings: [] });
    const departments = await request(svc.app)
      .get('/api/departments?id=kakuu-town')
      .set(auth(svc.adminToken))
      .expect(200);
    expect(departments.body.departments).toEqual(['農政課', '観光交流課', '企画課', '商業労政課']);
  });

  it('creates tokens for its departments with the CLI, and names the nearest one for a near miss', async () => {
    const miss = await cli('token', 'create', '--department', '観光交流');
    expect(miss.code).toBe(2);
    expect(miss.stdout).toBe('');
    expect(miss.stderr).toContain('部署「観光交流」は登録されている施策体系');
    expect(miss.stderr).toContain('「観光交流課」のことですか?');
    const unknown = await cli('token', 'create', '--department', '宇宙開発課');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('登録されている部署: ');
    expect(unknown.stderr).toContain('PUT /api/strategy');

    // Written with a 全角 space: stored as the definition spells it.
    const made = await cli('token', 'create', '--department', '観光交流課　');
    expect([made.code, made.stderr]).toEqual([0, expect.stringContaining('(観光交流課 / kakuu-town)')]);
    const me = await request(svc.app).get('/api/cycles').set(auth(made.stdout.trim())).expect(200);
    expect(me.body.cycles).toEqual([]);
  });

  it('takes a KPI cycle on the stored definition, JSON and .xlsx submissions, and consolidates them', async () => {
    // A second version adds a department; the cycle pins version 1 when asked to.
    await request(svc.app)
      .put('/api/strategy')
      .set(auth(svc.adminToken))
      .send({ ...town, departments: [...(town.departments as string[]), '総務課'] })
      .expect(201);
    const cycle = await request(svc.app)
      .post('/api/cycles')
      .set(auth(svc.adminToken))
      .send({
        id: 'kakuu-kpi-2025',
        kind: 'kpi',
        fiscalYear: 2025,
        strategyId: 'kakuu-town',
        strategyVersion: 1,
      })
      .expect(201);
    expect(cycle.body.cycle).toMatchObject({ strategyId: 'kakuu-town', strategyVersion: 1 });
    const latest = await request(svc.app)
      .post('/api/cycles')
      .set(auth(svc.adminToken))
      .send({ id: 'kakuu-kpi-latest', fiscalYear: 2025, strategyId: 'kakuu-town' })
      .expect(201);
    expect(latest.body.cycle).toMatchObject({ strategyId: 'kakuu-town', strategyVersion: 2 });

    farming = (await cli('token', 'create', '--department', '農政課')).stdout.trim();
    const tourism = (await cli('token', 'create', '--department', '観光交流課')).stdout.trim();
    const json = await request(svc.app)
      .post('/api/cycles/kakuu-kpi-2025/submissions')
      .set(auth(farming))
      .send({ rows: farmingRows })
      .expect(201);
    expect(json.body.findings).toEqual([]);

    const book = await buildKpiWorkbook([
      {
        label: '第一章 しごとをつくる',
        policies: [
          {
            label: '(2) 観光',
            items: [
              {
                label: 'ア 観光客の誘致',
                kpis: [
                  {
                    name: '観光入込客数',
                    unit: '万人',
                    department: '観光交流課',
                    rows: [
                      ['現状値', 'R6年度', '12'],
                      ['実績値', 'R7年度', '13.5'],
                      ['指標値', 'R11年度', '15'],
                    ],
                  },
                ],
              },
            ],
          },
        ],
      },
    ]);
    const xlsx = await request(svc.app)
      .post('/api/cycles/kakuu-kpi-2025/submissions')
      .set(auth(tourism))
      .set('Content-Type', XLSX)
      .send(book);
    expect([xlsx.status, xlsx.body.findings]).toEqual([201, []]);

    // Checked against the town's definition: a Kushiro item is unknown here.
    const kushiro = await request(svc.app)
      .post('/api/cycles/kakuu-kpi-2025/submissions')
      .set(auth(farming))
      .send({ rows: farmingRows.map((r) => ({ ...r, policy: 'ア 持続的成長を目指した水産業の振興' })) })
      .expect(422);
    expect(kushiro.body.findings.map((f: { rule: string }) => f.rule)).toContain('hierarchy.unknown-item');

    // Who has submitted: the town's departments of the pinned version.
    const status = await request(svc.app)
      .get('/api/cycles/kakuu-kpi-2025/status')
      .set(auth(svc.adminToken))
      .expect(200);
    expect(status.body).toMatchObject({ submitted: 2, total: 4 });
    expect(
      status.body.departments.map((d: { department: string; submitted: boolean }) => [
        d.department,
        d.submitted,
      ]),
    ).toEqual([
      ['農政課', true],
      ['観光交流課', true],
      ['企画課', false],
      ['商業労政課', false],
    ]);

    const res = await binary(
      request(svc.app).get('/api/cycles/kakuu-kpi-2025/consolidated.xlsx').set(auth(svc.adminToken)),
    ).expect(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as ArrayBuffer);
    const ws = wb.getWorksheet('KPI')!;
    const rows: string[][] = [];
    ws.eachRow((row) => {
      const cells: string[] = [];
      // A merged area's value once, at its top-left cell.
      for (let c = 1; c <= 9; c++) {
        const cell = row.getCell(c);
        cells.push(cell.isMerged && cell.master.address !== cell.address ? '' : cell.text);
      }
      rows.push(cells);
    });
    expect(rows[0]![0]).toBe('架空町まち・ひと・しごと創生総合戦略 重要業績評価指標(KPI)一覧');
    // Section rows numbered in the town's own styles (第一章, (1)), items in strategy order.
    expect(rows.slice(4).map((r) => r.slice(0, 7).join('|'))).toEqual([
      '第一章 しごとをつくる||||||',
      '(1) 農業の担い手||||||',
      'ア 新規就農の支援|新規就農者数|現状値|R6年度|2|人|農政課',
      '||実績値|R7年度|4||',
      '||指標値|R11年度|10||',
      '(2) 観光||||||',
      'ア 観光客の誘致|観光入込客数|現状値|R6年度|12|万人|観光交流課',
      '||実績値|R7年度|13.5||',
      '||指標値|R11年度|15||',
    ]);
    const summary = wb.getWorksheet('集計')!;
    expect([summary.getCell('A1').text, summary.getCell('A2').text]).toEqual(['章', '第一章 しごとをつくる']);
  });

  it('checks project sheets against the town’s own 評価 words', async () => {
    await request(svc.app)
      .post('/api/cycles')
      .set(auth(svc.adminToken))
      .send({ id: 'kakuu-project-2024', kind: 'project', fiscalYear: 2024, strategyId: 'kakuu-town' })
      .expect(201);
    const planning = (await cli('token', 'create', '--department', '企画課')).stdout.trim();
    const submit = async (evaluation: string) =>
      request(svc.app)
        .post('/api/cycles/kakuu-project-2024/submissions')
        .set(auth(planning))
        .set('Content-Type', XLSX)
        .send(await buildProjectWorkbook([{ ...settlementSupport, evaluations: [null, evaluation] }]));
    // 継続維持 is Kushiro's word, not the town's.
    const refused = await submit('継続維持');
    expect(refused.status).toBe(422);
    expect(refused.body.findings).toContainEqual(
      expect.objectContaining({ rule: 'project.evaluation-unknown', cell: projectCells.evaluation }),
    );
    const accepted = await submit('見直し');
    expect([accepted.status, accepted.body.findings]).toEqual([201, []]);
  });

  it('gives the task pane the town’s stored definition: the chosen cycle’s, else the newest cycle’s', async () => {
    const url = await svc.listen();
    const kept = new Map<string, string>();
    const local: KeyValueStore = {
      getItem: (k) => kept.get(k) ?? null,
      setItem: (k, v) => void kept.set(k, v),
      removeItem: (k) => void kept.delete(k),
    };
    const { cycles } = (await request(svc.app).get('/api/cycles').set(auth(farming)).expect(200)).body;
    const settings = { serviceUrl: url, token: farming, cycle: '', lang: 'ja' as const, comments: false };
    const load = (cycle: string) =>
      loadStrategy(local, { ...settings, cycle }, strategyOfCycles(cycles, cycle));

    const newest = await load('');
    expect(newest).toMatchObject({ source: 'service', strategy: { id: 'kakuu-town' } });
    expect(newest.strategy.evaluations).toEqual(['拡充', '継続', '見直し', '廃止']);
    // kakuu-kpi-2025 pinned version 1 (without 総務課); kakuu-kpi-latest took version 2.
    expect((await load('kakuu-kpi-2025')).strategy.departments).not.toContain('総務課');
    expect((await load('kakuu-kpi-latest')).strategy.departments).toContain('総務課');
  });
  it('uses the town’s strategy (STRATEGY_ID) where a request names none', async () => {
    const strategy = await request(svc.app).get('/api/strategy').set(auth(svc.adminToken)).expect(200);
    // The newest version (the cycle test above stored a second one).
    const latest = strategy.body.versions.at(-1).version as number;
    expect(strategy.body.strategy).toMatchObject({ id: 'kakuu-town', version: latest });
    const departments = await request(svc.app).get('/api/departments').set(auth(svc.adminToken)).expect(200);
    expect(departments.body.strategy).toEqual({ id: 'kakuu-town', version: latest });
    const cycle = await request(svc.app)
      .post('/api/cycles')
      .set(auth(svc.adminToken))
      .send({ id: 'town-default', fiscalYear: 2024 })
      .expect(201);
    expect(cycle.body.cycle).toMatchObject({ strategyId: 'kakuu-town', strategyVersion: latest });
    // Kushiro's definitions stay reachable by name.
    const kushiro = await request(svc.app)
      .get('/api/strategy?id=kushiro-2')
      .set(auth(svc.adminToken))
      .expect(200);
    expect(kushiro.body.strategy.id).toBe('kushiro-2');
  });
});
