import { describe, expect, it } from 'vitest';
import {
  achievementOfKpi,
  bundledStrategies,
  gradeOf,
  parseTarget,
  readQuantity,
  StrategyIndex,
  type Achievement,
  type Direction,
  type TargetKind,
} from '#shared';
import { seedKpiTable, type FixtureKpi } from '../fixtures/kpi-seed';

/**
 * Golden 達成率 / 評価 per target kind, computed by hand (the arithmetic is in each comment), for every
 * KPI of the 1st-period seed KPI table (its first-year results) and for an invented town's phrasing.
 * Expected: the rate in % as printed (0.1), `met` / `not met` for bounds and maintained levels, or the
 * reason no rate is given; the grade on the default ◎○△× scale ('' = left to the planning office).
 */
type Expected = number | 'met' | 'not met' | `no rate: ${string}`;
type Golden = readonly [name: string, kind: TargetKind, expected: Expected, grade: string];

const shown = (a: Achievement): Expected =>
  a.kind === 'rate'
    ? Math.round(a.rate * 1000) / 10
    : a.kind === 'binary'
      ? a.met
        ? 'met'
        : 'not met'
      : `no rate: ${a.reason}`;

// Direction from the bundled definition (kushiro-1); plan period FY2015–2019 (H27–H31).
const kushiro1 = bundledStrategies.get('kushiro-1')!;
const index = new StrategyIndex(kushiro1);

const seedGolden: readonly Golden[] = [
  // Levels: 実績 ÷ 目標 (down-is-good: 目標 ÷ 実績).
  ['・釧路港年間水揚量', 'level', 95.8, '○'], // 114,977 ÷ 120,000 = 0.95814
  ['・生乳生産量', 'level', 97.3, '○'], // 70,213 ÷ 72,174 = 0.97283
  ['・野菜出荷量', 'level', 106.3, '◎'], // 1,424 ÷ 1,339 = 1.06348
  ['・素材生産量', 'level', 79.4, '△'], // 28,579 ÷ 36,000 = 0.79386
  ['・延べ宿泊客数', 'level', 87.9, '○'], // 138 ÷ 157 = 0.87898
  ['・釧路空港乗降客数', 'level', 92.9, '○'], // 69.3 ÷ 74.6 = 0.92895
  ['・くしろ応援ファンド事業によるファンド形成事業数', 'level', 40, '×'], // 2 ÷ 5
  ['・事業所従業者数の女性従業者の割合', 'level', 93.6, '○'], // 46.8 ÷ 50.0
  ['・国際、全国大会開催件数', 'level', 66.7, '△'], // 10 ÷ 15 = 0.66667
  ['・長期滞在者数', 'level', 90.2, '○'], // 1,082 ÷ 1,200 = 0.90167
  ['・スポーツ合宿誘致件数', 'level', 100, '◎'], // 45 ÷ 45
  [
    '・マタニティ講座を受講したことで「妊娠・出産・育児に対する不安の解消に役立った」と答えた割合',
    'level',
    96.8,
    '○',
  ], // 96.8 ÷ 100.0
  ['・乳幼児健診平均受診率', 'level', 98.2, '○'], // 95.3 ÷ 97.0 = 0.98247
  ['・病後児保育事業実施箇所数', 'level', 0, '×'], // 0 ÷ 1
  // 待機児童数 0: no ratio can be taken (÷ 0); 28 > 0 is not met.
  ['・0歳児保育の拡充(待機児童数)', 'level', 'not met', '×'],
  ['・障がい児保育実施園数', 'level', 71.4, '△'], // 10 ÷ 14 = 0.71429
  ['・子育て世帯支援事業の実施箇所数', 'level', 0, '×'], // 0 ÷ 1
  ['・特定目的住宅「子育て世帯向け住宅」の戸数', 'level', 7.5, '×'], // 3 ÷ 40
  [
    '・いじめ問題対策により「いじめはどんな理由があってもいけない、どちらかといえばいけない」と回答する児童生徒の割合(小学校6年生)',
    'level',
    96.4, // 96.4 ÷ 100.0
    '○',
  ],
  [
    '・いじめ問題対策により「いじめはどんな理由があってもいけない、どちらかといえばいけない」と回答する児童生徒の割合(中学校3年生)',
    'level',
    90.8, // 90.8 ÷ 100.0
    '○',
  ],
  // 不読書 (down): 目標 ÷ 実績.
  ['・子どもの不読書(1か月に1冊も本を読まない)割合(小学4~6年生)', 'level', 89.3, '○'], // 10.0 ÷ 11.2 = 0.89286
  ['・子どもの不読書(1か月に1冊も本を読まない)割合(中学生)', 'level', 88.5, '○'], // 20.0 ÷ 22.6 = 0.88496
  ['・子どもの不読書(1か月に1冊も本を読まない)割合(高校生)', 'level', 89.5, '○'], // 52.0 ÷ 58.1 = 0.89501
  [
    '・家庭教育支援事業「子育て講座」を開催している小中学校及び幼稚園・保育所の割合(小学校)',
    'level',
    35.8,
    '×',
  ], // 17.9 ÷ 50
  [
    '・家庭教育支援事業「子育て講座」を開催している小中学校及び幼稚園・保育所の割合(中学校)',
    'level',
    40,
    '×',
  ], // 20.0 ÷ 50
  [
    '・家庭教育支援事業「子育て講座」を開催している小中学校及び幼稚園・保育所の割合(幼保)',
    'level',
    92.4,
    '○',
  ], // 46.2 ÷ 50
  ['・児童虐待相談件数', 'level', 61.2, '△'], // 82 ÷ 134 = 0.61194
  ['・母子等相談件数', 'level', 100, '◎'], // down: 1,925 ÷ 1,925
  ['・障がい者雇用率達成企業の割合(対象企業:50人以上)', 'level', 93.3, '○'], // 56.0 ÷ 60.0 = 0.93333
  ['・就労支援プログラムに参加し、就労開始した人数', 'level', 100.9, '◎'], // 343 ÷ 340 = 1.00882
  ['・就労支援等に参加し、就労開始又は増収となった人数', 'level', 164, '◎'], // 82 ÷ 50
  ['・「医療・介護連携シフト」等を利用する医療機関数', 'level', 0, '×'], // 0 ÷ 16
  [
    '・新しい総合事業に係る訪問型・通所型サービス(現行相当及び緩和基準によるサービス)提供事業所数',
    'level',
    0, // 0 ÷ 80
    '×',
  ],
  ['・若者健診受診者数', 'level', 60.1, '△'], // 451 ÷ 750 = 0.60133
  ['・交流イベントの開催回数', 'level', 66.7, '△'], // 4 ÷ 6
  ['・地域定着支援利用者数', 'level', 12, '×'], // 3 ÷ 25
  ['・事業参加者の資格取得者数の割合', 'level', 92.6, '○'], // 83.3 ÷ 90.0 = 0.92556
  ['・「災害の怖さや生命を守ることの大切さについて理解できた」子どもの割合', 'level', 101.3, '◎'], // 81.0 ÷ 80.0 = 1.0125
  ['・マップ作成小学校数', 'level', 50, '△'], // 1 ÷ 2
  ['・計画策定進捗率', 'level', 0, '×'], // 都市計画課 0.0 ÷ 100.0 (建築指導課: 50.0 ÷ 100.0, checked below)
  ['・事業進捗率', 'level', 16.3, '×'], // 16.3 ÷ 100.0
  ['・釧路港貨物取扱量', 'level', 93.1, '○'], // 1,546 ÷ 1,660 = 0.93133 (target in the H30年代後半)
  // Changes: (実績 − 基準) ÷ (目標 − 基準).
  ['・食料品製造業粗付加価値額', 'change', 5.9, '×'], // 目標 972,848 × 1.25 = 1,216,060; 14,273 ÷ 243,212 = 0.05869
  ['・食料品輸出額', 'change', -98.5, '×'], // 目標 3,782,051 × 1.15; −558,994 ÷ 567,307.65 = −0.98535
  ['・ファミリー・サポート・センター会員数', 'change', 62.2, '△'], // 目標 981 × 1.1 = 1,079.1; 61 ÷ 98.1 = 0.62181
  // 基準 H27年度 (no 現状値): the H27 実績 53.9 is the base; 目標 64.68; (53.9 − 53.9) ÷ 10.78 = 0.
  ['・健診おたすけプランによる託児サービスにより健診受診を希望した人数', 'change', 0, '×'],
  ['・障がい者日中一時支援(タイムケア)利用実人員数', 'change', -94.1, '×'], // 目標 195.5; −24 ÷ 25.5 = −0.94118
  ['・総合支援コーディネーター支援件数', 'change', 25, '×'], // 目標 48; 4 ÷ 16
  ['・市民後見人バンク登録者数', 'change', 402.8, '◎'], // 目標 79.2; 29 ÷ 7.2 = 4.02778
  // 基準年 / 12%縮小: neither 現状値 nor 実績値 is a number.
  ['・人口の社会減', 'change', 'no rate: not-started', '−'],
  // Cumulative H27-31年度累計 in H27 (year 1 of 5): 実績 ÷ (目標 × 1/5).
  ['・制度融資新規利用件数', 'cumulative', 91.3, '○'], // 365 ÷ 400 = 0.9125 (plain 18.3 %)
  ['・創業支援者数', 'cumulative', 27.3, '×'], // 71 ÷ 260 = 0.27308
  ['・新規創業者数', 'cumulative', 32, '×'], // 8 ÷ 25
  ['・企業立地促進助成件数及び課税免除件数', 'cumulative', 114.3, '◎'], // 8 ÷ 7 = 1.14286
  ['・職業訓練の修了者', 'cumulative', 56, '△'], // 112 ÷ 200
  ['・若年者就労支援による若年者就職者数', 'cumulative', 105, '◎'], // 21 ÷ 20
  ['・UIターン推進による就職数', 'cumulative', 80, '○'], // 4 ÷ 5
  ['・市連合町内会を通じた町内会加入申込件数', 'cumulative', 102.5, '◎'], // 82 ÷ 80
  ['・交通安全教室への高齢者参加数', 'cumulative', 160.7, '◎'], // 482 ÷ 300 = 1.60667
  ['・釧路定住自立圏における新規連携事業数', 'cumulative', 0, '×'], // 0 ÷ 0.4
  // 実績 H28年度 (year 2 of 5; the 現状値 row is not a 実績): 12 ÷ (26 × 2/5 = 10.4) = 1.15385.
  ['・机上訓練の実施または参加', 'cumulative', 115.4, '◎'],
  // 2年間累計, one 12-month result reported: 95 ÷ (196 × 1/2 = 98) = 0.96939.
  ['・実践型地域雇用創造事業による雇用創出数', 'cumulative', 96.9, '○'],
  // H27-34年度累計 (8 years), 実績 a running total to H27: 25,729 ÷ (62,121 × 1/8 = 7,765.125) = 3.31337.
  ['・公共施設等の延床面積の削減量', 'cumulative', 331.3, '◎'],
  // Annual (H27-31の各年): the year's 実績 against the yearly target: 47 ÷ 50.
  ['・年間出炭量', 'annual', 94, '○'],
  // Bounds: met or not.
  ['・子育て世帯応援リフレッシュ事業により「リフレッシュが図られた」と答えた方の割合', 'bound', 'met', '◎'], // 100.0 ≥ 70
  ['・不登校を理由とする欠席が年間30日以上の子どもの出現率(小学校)', 'bound', 'not met', '×'], // 0.3 ≮ 0.2
  ['・不登校を理由とする欠席が年間30日以上の子どもの出現率(中学校)', 'bound', 'not met', '×'], // 2.30 ≮ 2.0
  // KPI in 人 with a % bound: no rate until the table is corrected (kpi.unit-target-mismatch).
  ['・特別養護老人ホーム定員数に対する在宅重度の待機者数の割合', 'bound', 'no rate: unit-mismatch', '−'],
  // Maintained levels: met or not, never a ratio.
  ['・子育て支援拠点センター延利用者数', 'maintain', 'met', '◎'], // 49,748 ≥ 40,000
  ['・児童館利用者数', 'maintain', 'met', '◎'], // 322,084 ≥ 290,000
  ['・路線バス輸送人員', 'maintain', 'not met', '×'], // 535 < 現状 554
  // Qualitative: no rate; graded by the planning office.
  ['・時間帯、居住地区に制限なく医療を受けられる体制', 'maintain', 'no rate: qualitative', ''],
  ['・患者満足度(市立釧路総合病院)', 'qualitative', 'no rate: qualitative', ''],
  ['・人口10万対医療従事者数', 'qualitative', 'no rate: qualitative', ''],
];

function rateOf(k: FixtureKpi, direction: Direction | null, planPeriod: { from: number; to: number }) {
  const row = (kind: string) => k.rows.filter((r) => r[0] === kind);
  const target = row('指標値')[0]!;
  const baseline = row('現状値')[0];
  const b = baseline ? readQuantity(baseline[2]) : null;
  return achievementOfKpi({
    target: parseTarget(target[2], null, target[1]),
    unit: k.unit,
    baseline: b?.kind === 'quantity' ? b.value : null,
    actuals: row('実績値').map(([, period, value]) => ({ period, value })),
    direction,
    planPeriod,
  });
}

describe('golden 達成率 and 評価 of every KPI of the seed KPI table (first-year results)', () => {
  const listings = seedKpiTable.flatMap((g) =>
    g.policies.flatMap((p) => p.items.flatMap((i) => i.kpis.map((k) => ({ item: i.label, kpi: k })))),
  );

  it('has a hand-computed value for every KPI with a target', () => {
    const names = new Set(seedGolden.map(([name]) => name));
    expect(listings.filter((l) => !names.has(l.kpi.name)).map((l) => l.kpi.name)).toEqual([]);
    expect(listings).toHaveLength(85);
  });

  it.each(listings.map((l, n) => [n + 1, l.kpi.name, l.kpi.department, l] as const))(
    '%i %s (%s)',
    (_n, name, department, { kpi }) => {
      const golden = seedGolden.find(([n]) => n === name)!;
      const direction = index.findKpis(name)[0]?.kpi.direction ?? null;
      const result = rateOf(kpi, direction, kushiro1.period);
      // The same KPI name in another department is another KPI: 計画策定進捗率 of 建築指導課, 50.0 ÷ 100.0.
      const [, kind, expected, grade] =
        name === '・計画策定進捗率' && department === '建築指導課'
          ? (['', 'level', 50, '△'] as const)
          : golden;
      expect([result.kind, shown(result.achievement), gradeOf(result.achievement).label]).toEqual([
        kind,
        expected,
        grade,
      ]);
      expect(result.basis).not.toBe('');
    },
  );

  it('writes the basis with the formula and the years', () => {
    const fund = listings.find((l) => l.kpi.name === '・制度融資新規利用件数')!.kpi;
    expect(rateOf(fund, 'up', kushiro1.period).basis).toBe(
      '累計(H27): 実績計 365 ÷ (2,000 × 1/5年) = 91.3% / 累計進捗 365 ÷ 2,000 = 18.3%',
    );
    const food = listings.find((l) => l.kpi.name === '・食料品製造業粗付加価値額')!.kpi;
    expect(rateOf(food, 'up', kushiro1.period).basis).toBe(
      '増減(H26): (987,121 − 972,848) ÷ (1,216,060 − 972,848) = 5.9% / 目標 972,848 × (1 + 25%) = 1,216,060',
    );
  });
});

/**
 * An invented town (架空町, plan period R7–R11 = FY2025–2029) writing its targets its own way;
 * numbers invented. [target, period, unit, baseline, 実績 rows, direction, kind, expected, grade].
 */
const kakuuPlan = { from: 2025, to: 2029 };
type TownCase = readonly [
  string,
  string,
  string,
  number | null,
  readonly (readonly [string, number | string])[],
  Direction,
  TargetKind,
  Expected,
  string,
];
const townGolden: readonly TownCase[] = [
  // Level with a unit word: 4 ÷ 5カ所.
  ['5カ所', 'R11年度', '箇所', 1, [['R7年度', 4]], 'up', 'level', 80, '○'],
  // ゼロ on a down KPI: 3 > 0, not met (no ratio divides by 0).
  ['ゼロ達成', 'R11年度', '件', 9, [['R7年度', 3]], 'down', 'level', 'not met', '×'],
  // Change over 5 years: 目標 400 + 30 = 430; (412 − 400) ÷ 30 = 0.4.
  ['5年で30人増加', 'R11年度', '人', 400, [['R7年度', 412]], 'up', 'change', 40, '×'],
  // 計画期間中に (plan R7–R11): the same formula; 目標 2,000 − 150 = 1,850; (1,910 − 2,000) ÷ (−150) = 0.6.
  ['計画期間中に150人減少', 'R11年度', '人', 2000, [['R7年度', 1910]], 'down', 'change', 60, '△'],
  // Plan style: level 2.1 with 0.3ポイント低下 from 2.4; (2.25 − 2.4) ÷ (2.1 − 2.4) = 0.5.
  ['2.1とし0.3ポイント低下', 'R11年度', '%', 2.4, [['R7年度', 2.25]], 'down', 'change', 50, '△'],
  // Cumulative over the plan period, years 1–2 of 5: (120 + 110) ÷ (500 × 2/5 = 200) = 1.15.
  [
    '計画期間中に500件',
    'R11年度',
    '件',
    null,
    [
      ['R7年度', 120],
      ['R8年度', 110],
    ],
    'up',
    'cumulative',
    115,
    '◎',
  ],
  // 累計 by R11 (span from the plan's first year): 230 ÷ (500 × 2/5) — the same 115 %.
  [
    '累計500件',
    'R11年度',
    '件',
    null,
    [
      ['R7年度', 120],
      ['R8年度', 110],
    ],
    'up',
    'cumulative',
    115,
    '◎',
  ],
  // 5年で延べ…: year 1 of 5: 380 ÷ (2,400 × 1/5 = 480) = 0.79167.
  ['5年で延べ2,400人', 'R11年度', '人', null, [['R7年度', 380]], 'up', 'cumulative', 79.2, '△'],
  // 総額 over R7–R11 in 億円, results in 億円: 0.5 ÷ (3 × 1/5 = 0.6) = 0.83333.
  ['総額3億円', 'R7-R11年度', '億円', null, [['R7年度', 0.5]], 'up', 'cumulative', 83.3, '○'],
  // A result year before the span does not count: only R8's 90 ÷ (500 × 1/5 = 100) (R7 is before R8–R12).
  [
    '累計500件',
    'R8-R12年度累計',
    '件',
    null,
    [
      ['R7年度', 70],
      ['R8年度', 90],
    ],
    'up',
    'cumulative',
    90,
    '○',
  ],
  // Annual: the latest year against the yearly target: 110 ÷ 120 = 0.91667.
  [
    '年間120件',
    'R11年度',
    '件',
    null,
    [
      ['R7年度', 125],
      ['R8年度', 110],
    ],
    'up',
    'annual',
    91.7,
    '○',
  ],
  ['毎年度8回', 'R7-R11年度', '回', null, [['R7年度', 8]], 'up', 'annual', 100, '◎'], // 8 ÷ 8
  // A floor below the baseline 10,000: 9,100 < 9,200 is not met — never 9,100 ÷ … as a ratio.
  ['800人減少を抑制し9,200人確保', 'R11年', '人', 10000, [['R7年', 9100]], 'up', 'bound', 'not met', '×'],
  ['800人減少を抑制し9,200人確保', 'R11年', '人', 10000, [['R7年', 9350]], 'up', 'bound', 'met', '◎'],
  // ゼロ名維持 on a KPI in 人: 0 ≤ 0 met; 1 > 0 not met.
  ['ゼロ名維持', 'R7-R11年度', '人', 0, [['R7年度', 0]], 'down', 'maintain', 'met', '◎'],
  ['ゼロ名維持', 'R7-R11年度', '人', 0, [['R7年度', 1]], 'down', 'maintain', 'not met', '×'],
  ['90%を維持', 'R11年度', '%', 91, [['R7年度', 89.5]], 'up', 'maintain', 'not met', '×'], // 89.5 < 90
  // Qualifiers read as levels: 男女50人 → 42 ÷ 50; 各3回 → 3 ÷ 3.
  ['男女50人', 'R11年度', '人', 30, [['R7年度', 42]], 'up', 'level', 84, '○'],
  ['各3回', 'R11年度', '回', 1, [['R7年度', 3]], 'up', 'level', 100, '◎'],
  [
    '住民の満足度を高める',
    'R11年度',
    '%',
    60,
    [['R7年度', 64]],
    'up',
    'qualitative',
    'no rate: qualitative',
    '',
  ],
  ['がんばる', 'R11年度', '件', 1, [['R7年度', 2]], 'up', 'unparsed', 'no rate: unparsed', '−'],
];

describe("golden 達成率 and 評価 on an invented town's phrasing", () => {
  it.each(townGolden)(
    '%s (%s)',
    (text, period, unit, baseline, actuals, direction, kind, expected, grade) => {
      const result = achievementOfKpi({
        target: parseTarget(text, null, period),
        unit,
        baseline,
        actuals: actuals.map(([p, value]) => ({ period: p, value })),
        direction,
        planPeriod: kakuuPlan,
      });
      expect([result.kind, shown(result.achievement), gradeOf(result.achievement).label]).toEqual([
        kind,
        expected,
        grade,
      ]);
    },
  );

  it('names the years and the pro-rating in the basis of a cumulative target', () => {
    const result = achievementOfKpi({
      target: parseTarget('累計500件', null, 'R11年度'),
      unit: '件',
      baseline: null,
      actuals: [
        { period: 'R7年度', value: 120 },
        { period: 'R8年度', value: 110 },
      ],
      direction: 'up',
      planPeriod: kakuuPlan,
    });
    expect(result.basis).toBe(
      '累計(R7–R8): 実績計 230 ÷ (500 × 2/5年) = 115.0% / 累計進捗 230 ÷ 500 = 46.0%',
    );
  });
});
