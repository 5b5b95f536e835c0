import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bundledStrategies,
  canonicalUnit,
  importKpis,
  kpiNameKey,
  loadStrategy,
  StrategySchema,
  walkNodes,
  type Direction,
  type KpiImport,
  type Strategy,
  type WorkbookSnapshot,
} from '#shared';
import { buildKpiWorkbook } from '../fixtures/kpi-book';
import { seedKpiTable, type FixtureGoal } from '../fixtures/kpi-seed';
import { snapshotOf } from '../fixtures/snapshot';
import { sousei } from '../support/cli';
import { startTestService, testBackends, type TestService } from '../support/service';
import { XLSX_TYPE as XLSX } from '#shared/api';

/**
 * A council-approved KPI table loaded as a definition's KPI schema: the seed-003 table into a copy of
 * kushiro-2 (whose strategy document lists no KPIs), and an invented table into the invented town.
 */

const kakuuJson = () => JSON.parse(fs.readFileSync('tests/fixtures/kakuu-town.json', 'utf8')) as unknown;
const kakuu = (): Strategy => StrategySchema.parse(kakuuJson());

/** The invented town's KPI table: its own numbering (`第一章`, `(1)`, `ア`) and target phrasing. */
const kakuuTable: FixtureGoal[] = [
  {
    label: '第一章 しごとをつくる',
    policies: [
      {
        label: '(1) 農業の担い手',
        items: [
          {
            label: 'ア 新規就農の支援',
            kpis: [
              {
                name: '・新規就農者数',
                unit: '人',
                department: '農政課',
                rows: [
                  ['現状値', 'R6年度', '2'],
                  ['実績値', 'R7年度', '4'],
                  ['指標値', 'R11年度', '12'],
                ],
              },
              {
                name: '・農地の集積率',
                unit: '%',
                department: '農政課',
                rows: [
                  ['現状値', 'R6年度', '38.5'],
                  ['指標値', 'R11年度', '5年で41.5%とし3ポイント向上'],
                ],
              },
              {
                name: '・耕作放棄地の面積',
                unit: 'ha',
                department: '農政課',
                rows: [
                  ['現状値', 'R6年度', '120'],
                  ['指標値', 'R11年度', '5年で20ha減少'],
                ],
              },
            ],
          },
        ],
      },
      {
        label: '(2) 観光',
        items: [
          {
            label: 'ア 観光客の誘致',
            kpis: [
              {
                name: '・観光消費額',
                unit: '億円',
                department: '観光交流課',
                // Below the baseline: a reduction or a floor — the table does not say which.
                rows: [
                  ['現状値', 'R6年度', '30'],
                  ['指標値', 'R11年度', '28'],
                ],
              },
            ],
          },
          {
            label: 'イ 空き家の活用',
            kpis: [
              {
                name: '・空き家バンク登録数',
                unit: '件',
                department: '企画課',
                rows: [['指標値', 'R11年度', '30']],
              },
            ],
          },
        ],
      },
    ],
  },
  {
    label: '第二章 ひとの流れをつくる',
    policies: [
      {
        label: '(1) 移住・定住',
        items: [
          {
            label: '(1) 移住・定住',
            kpis: [
              {
                name: '・移住者数',
                unit: '人',
                department: '企画課',
                rows: [
                  ['現状値', '-', '-'],
                  ['指標値', 'R7-11年度累計', '100'],
                ],
              },
            ],
          },
        ],
      },
    ],
  },
];

/** Each KPI of a fixture table as a definition states it: item, name, unit, owner, 現状値, 指標値. */
function tableKpis(goals: FixtureGoal[]) {
  return goals.flatMap((g) =>
    g.policies.flatMap((p) =>
      p.items.flatMap((item) =>
        item.kpis.map((k) => {
          const row = (kind: string) => k.rows.find((r) => r[0] === kind);
          const planned = (r: ReturnType<typeof row>) => (r ? { period: r[1], value: r[2] } : undefined);
          return {
            item: item.label,
            name: kpiNameKey(k.name),
            unit: canonicalUnit(k.unit) ?? '',
            owner: k.department,
            baseline: planned(row('現状値')),
            target: planned(row('指標値')),
          };
        }),
      ),
    ),
  );
}

/** The imported KPIs in the same shape. */
const importedKpis = (r: KpiImport) =>
  r.kpis.map((k) => ({
    item: k.item,
    name: kpiNameKey(k.kpi.name),
    unit: canonicalUnit(k.kpi.unit) ?? '',
    owner: k.kpi.owner,
    baseline: k.kpi.baseline,
    target: k.kpi.target,
  }));

let seed: WorkbookSnapshot;
let town: WorkbookSnapshot;
let dir: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sousei-import-kpis-'));
  const seedBytes = await buildKpiWorkbook(seedKpiTable);
  const townBytes = await buildKpiWorkbook(kakuuTable);
  fs.writeFileSync(path.join(dir, 'seed.xlsx'), seedBytes);
  fs.writeFileSync(path.join(dir, 'town.xlsx'), townBytes);
  fs.writeFileSync(path.join(dir, 'kakuu-town.json'), JSON.stringify(kakuuJson()));
  seed = await snapshotOf(seedBytes);
  town = await snapshotOf(townBytes);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('the seed KPI table into a copy of kushiro-2', () => {
  const kushiro1 = bundledStrategies.get('kushiro-1')!;
  const handSet = new Map(
    [...walkNodes(kushiro1.nodes)].flatMap(({ node }) =>
      (node.kpis ?? []).map((k) => [kpiNameKey(k.name), k.direction] as const),
    ),
  );

  it('adds the KPIs of the items kushiro-2 has, lists the others, and asks for undecided directions', () => {
    const kushiro2 = bundledStrategies.get('kushiro-2')!;
    const r = importKpis(kushiro2, seed);
    expect(r.sheets).toEqual(['KPI']);
    // 1st-period items the 2nd period no longer has are reported, never attached elsewhere.
    expect(r.unmatched.length).toBeGreaterThan(0);
    expect(r.unmatched.map((u) => u.item)).toContain('イ マップ作成小学校数');
    expect(r.kpis.length + r.unmatched.length).toBe(tableKpis(seedKpiTable).length);
    // Directions inferred from the table agree with the ones set by hand in kushiro-1.
    for (const k of r.kpis.filter((k) => k.kpi.direction !== null))
      expect(k.kpi.direction, k.kpi.name).toBe(handSet.get(kpiNameKey(k.kpi.name)));
    expect(r.undecided.map((k) => k.kpi.name)).toContain('母子等相談件数');
    expect(r.load).toBeNull();
    // The bundled definition itself is untouched.
    expect([...walkNodes(kushiro2.nodes)].some(({ node }) => node.kpis)).toBe(false);
  });

  it('with the undecided directions given: passes the definition check, its KPIs equal the table’s', () => {
    const first = importKpis(bundledStrategies.get('kushiro-2')!, seed);
    const directions = new Map<string, Direction>(
      first.undecided.map((k) => [k.kpi.name, handSet.get(kpiNameKey(k.kpi.name))!]),
    );
    const r = importKpis(bundledStrategies.get('kushiro-2')!, seed, directions);
    expect(r.undecided).toEqual([]);
    if (!r.load?.ok) throw new Error(JSON.stringify(r.load));
    const unmatched = new Set(r.unmatched.map((u) => `${u.item} ${kpiNameKey(u.name)}`));
    expect(importedKpis(r)).toEqual(
      tableKpis(seedKpiTable).filter((k) => !unmatched.has(`${k.item} ${k.name}`)),
    );
    // Stored on the items the table names.
    const stored = [...walkNodes(r.load.strategy.nodes)].flatMap(({ node }) =>
      (node.kpis ?? []).map((k) => `${node.code} ${k.name}`),
    );
    expect(new Set(stored)).toEqual(new Set(r.kpis.map((k) => `${k.code} ${k.kpi.name}`)));
    expect(stored).toContain('1-1-ア 釧路港年間水揚量');
  });
});

describe('an invented table into the invented town', () => {
  it('replaces, adds, infers directions from the town’s wording, and reports the unknown item', () => {
    const r = importKpis(kakuu(), town, new Map([['観光消費額', 'up']]));
    expect(r.unmatched).toEqual([
      { sheet: 'KPI', row: expect.any(Number), item: 'イ 空き家の活用', name: '・空き家バンク登録数' },
    ]);
    expect(r.kpis.map((k) => [k.code, k.kpi.name, k.action, k.kpi.direction, k.directionBasis])).toEqual([
      ['1-1-ア', '新規就農者数', 'replaced', 'up', 'baseline'],
      ['1-1-ア', '農地の集積率', 'added', 'up', 'wording'],
      ['1-1-ア', '耕作放棄地の面積', 'added', 'down', 'wording'],
      ['1-2-ア', '観光消費額', 'added', 'up', 'given'],
      ['2-1', '移住者数', 'added', 'up', 'cumulative'],
    ]);
    if (!r.load?.ok) throw new Error(JSON.stringify(r.load));
    const { strategy, warnings } = r.load;
    expect(warnings).toEqual([]);
    expect(importedKpis(r)).toEqual(tableKpis(kakuuTable).filter((k) => k.item !== 'イ 空き家の活用'));
    const node = (code: string) => [...walkNodes(strategy.nodes)].find((e) => e.node.code === code)!.node;
    // The town's own KPI kept its place and took the table's target; the other item keeps its KPI.
    expect(node('1-1-ア').kpis![0]).toEqual({
      name: '新規就農者数',
      unit: '人',
      direction: 'up',
      owner: '農政課',
      baseline: { period: 'R6年度', value: '2' },
      target: { period: 'R11年度', value: '12' },
    });
    expect(node('1-2-ア').kpis!.map((k) => k.name)).toEqual(['観光入込客数', '観光消費額']);
    expect(loadStrategy(strategy)).toMatchObject({ ok: true, warnings: [] });
  });
});

describe('sousei strategy import-kpis', () => {
  it('lists the undecided KPIs and writes nothing, then writes a definition `strategy check` accepts', async () => {
    const out = path.join(dir, 'kakuu-kpis.json');
    const asked = await sousei(
      dir,
      'strategy',
      'import-kpis',
      path.join(dir, 'town.xlsx'),
      '--into',
      path.join(dir, 'kakuu-town.json'),
      '--out',
      out,
    );
    expect(asked.code).toBe(1);
    expect(fs.existsSync(out)).toBe(false);
    expect(asked.stdout).toContain('KPI表(KPI)から KPI 6 件を読み取りました。');
    expect(asked.stdout).toContain('KPI!');
    expect(asked.stdout).toContain(
      '施策体系「イ 空き家の活用」が定義にないため、KPI「・空き家バンク登録数」は追加していません。',
    );
    expect(asked.stdout).toContain(
      '1-2-ア 観光消費額: KPI「観光消費額」の良い方向を目標「28」から決められません。',
    );
    expect(asked.stdout).toContain('--direction "観光消費額=up"');

    const done = await sousei(
      dir,
      'strategy',
      'import-kpis',
      path.join(dir, 'town.xlsx'),
      '--into',
      path.join(dir, 'kakuu-town.json'),
      '--out',
      out,
      '--direction',
      '観光消費額=up',
      '--format',
      'json',
    );
    expect(done.code).toBe(0);
    expect(JSON.parse(done.stdout)).toMatchObject({
      written: out,
      added: 4,
      replaced: 1,
      undecided: [],
      errors: [],
      warnings: [],
    });
    const check = await sousei(dir, 'strategy', 'check', out);
    expect(check.code).toBe(0);
    // The 6 KPIs of the table's items plus the 5 the town defines elsewhere (1-3-ア, 2-1-ア, 2-2-ア).
    expect(check.stdout).toContain('KPI: 11');
  }, 180_000);
});

describe.each(await testBackends())('POST /api/strategy/:id/import-kpis on %s', (backend) => {
  let svc: TestService;
  const auth = () => ({ Authorization: `Bearer ${svc.adminToken}` });
  beforeAll(async () => {
    svc = await startTestService({}, backend);
    await request(svc.app)
      .put('/api/strategy')
      .set(auth())
      .send(kakuuJson() as object)
      .expect(201);
  });
  afterAll(() => svc.close());
  const post = (query: string) =>
    request(svc.app)
      .post(`/api/strategy/kakuu-town/import-kpis${query}`)
      .set(auth())
      .set('Content-Type', XLSX)
      .send(fs.readFileSync(path.join(dir, 'town.xlsx')));

  it('previews, refuses while a direction is undecided, then stores a new version', async () => {
    const preview = await post('?dryRun=true').expect(200);
    expect(preview.body).toMatchObject({ dryRun: true, added: 3, replaced: 1 });
    expect(preview.body.undecided.map((k: { name: string }) => k.name)).toEqual(['観光消費額']);
    expect(preview.body.unmatched[0].message.ja).toContain('イ 空き家の活用');
    expect(preview.body.definition).toBeUndefined();

    const refused = await post('').expect(422);
    expect(refused.body.error.code).toBe('kpi-import-incomplete');
    expect(
      (await request(svc.app).get('/api/strategy?id=kakuu-town').set(auth())).body.strategy.version,
    ).toBe(1);

    const stored = await post(`?direction=${encodeURIComponent('観光消費額=up')}`).expect(201);
    expect(stored.body).toMatchObject({
      dryRun: false,
      strategy: { id: 'kakuu-town', version: 2 },
      added: 4,
      replaced: 1,
      warnings: [],
    });
    const latest = await request(svc.app).get('/api/strategy?id=kakuu-town').set(auth()).expect(200);
    const kpis = [...walkNodes(latest.body.strategy.definition.nodes as Strategy['nodes'])].flatMap(
      ({ node }) => (node.kpis ?? []).map((k) => k.name),
    );
    expect(kpis).toEqual([
      '新規就農者数',
      '農地の集積率',
      '耕作放棄地の面積',
      '観光入込客数',
      '観光消費額',
      '空き店舗への出店数',
      '移住者数',
      '移住相談者の満足度',
      '移住体験ツアー参加者数',
      '合計特殊出生率',
      '保育所待機児童数',
    ]);
  });

  it('answers 400 for a workbook without a KPI table and 404 for an unknown definition', async () => {
    const empty = new ExcelJS.Workbook();
    empty.addWorksheet('メモ').getCell('A1').value = 'KPI はありません';
    const body = Buffer.from(await empty.xlsx.writeBuffer());
    const none = await request(svc.app)
      .post('/api/strategy/kakuu-town/import-kpis')
      .set(auth())
      .set('Content-Type', XLSX)
      .send(body)
      .expect(400);
    expect(none.body.error.code).toBe('no-kpi-table');
    await request(svc.app)
      .post('/api/strategy/no-such-town/import-kpis')
      .set(auth())
      .set('Content-Type', XLSX)
      .send(body)
      .expect(404);
  });

  it('creates a KPI cycle on a definition without KPIs with a warning in Japanese, and none with KPIs', async () => {
    const bare = await request(svc.app)
      .post('/api/cycles')
      .set(auth())
      .send({ id: 'kpi-bare', kind: 'kpi', fiscalYear: 2024, strategyId: 'kushiro-2' })
      .expect(201);
    expect(bare.body.warnings).toEqual([
      {
        message: expect.stringContaining('施策体系 kushiro-2(版 1)には KPI が定義されていないため'),
        messageEn: expect.stringContaining('defines no KPIs'),
      },
    ]);
    const withKpis = await request(svc.app)
      .post('/api/cycles')
      .set(auth())
      .send({ id: 'kpi-kushiro-1', kind: 'kpi', fiscalYear: 2016, strategyId: 'kushiro-1' })
      .expect(201);
    expect(withKpis.body.warnings).toEqual([]);
    const progress = await request(svc.app)
      .post('/api/cycles')
      .set(auth())
      .send({ id: 'progress-bare', kind: 'progress', fiscalYear: 2024, strategyId: 'kushiro-2' })
      .expect(201);
    expect(progress.body.warnings).toEqual([]);
  });
});
