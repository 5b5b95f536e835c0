import { describe, expect, it } from 'vitest';
import { bundledStrategies } from '../strategy/bundled/index';
import type { Finding } from './findings';
import {
  ProjectJsonSchema,
  validateProgressRows,
  validateProjects,
  type ProgressJsonRow,
  type ProjectJson,
} from './json-rows';

const kushiro2 = bundledStrategies.get('kushiro-2')!;
const at = (findings: Finding[]) => findings.map((f) => `${f.rule}@${f.row}${f.cell === null ? '' : f.cell}`);

const fishery: ProgressJsonRow = {
  item: 'ア 持続的成長を目指した水産業の振興\n基幹産業である水産業の経営安定に向けた取組\n【主な事業】\n増養殖漁業推進事業',
  department: '水産課',
  results: '・増養殖漁業推進事業 各漁協の増養殖事業に協力した。',
  plan: '・増養殖漁業推進事業 引き続き各漁協の増養殖事業に協力する。',
};

describe('validateProgressRows: progress-report rows as JSON', () => {
  it('a clean row has no finding', () => {
    expect(
      validateProgressRows([fishery], kushiro2, { department: '水産課', fiscalYear: 2023 }).findings,
    ).toEqual([]);
  });

  it('each rule that applies to the values, at the 1-based row index without a cell', () => {
    const rows: ProgressJsonRow[] = [
      fishery,
      { ...fishery, results: '' },
      { ...fishery, plan: '・講演会を開催した。' },
      { ...fishery, plan: 'R3年度に策定した方針に基づき支援する。' },
      { ...fishery, plan: fishery.results },
      { ...fishery, item: 'ア 持続的成長を目指した水産の振興' },
      { ...fishery, department: '水産' },
      { ...fishery, item: 'ア 持続的成長を目指した水産業の振興\n【主な事業】\n釧路港整備事業【再掲】' },
    ];
    const { findings } = validateProgressRows(rows, kushiro2, { department: '水産課', fiscalYear: 2023 });
    expect(at(findings)).toEqual([
      'progress.missing-text@2',
      'progress.plan-past-tense@3',
      'progress.stale-year@4',
      'progress.plan-copies-results@5',
      'hierarchy.unknown-item@6',
      'ownership.unknown-department@7',
      'hierarchy.restatement-missing-original@8',
    ]);
    expect(findings.find((f) => f.rule === 'hierarchy.unknown-item')!.suggestion).toBe(
      'ア 持続的成長を目指した水産業の振興',
    );
    expect(findings.find((f) => f.rule === 'ownership.unknown-department')!.suggestion).toBe('水産課');
  });

  it('ownership: a co-owner’s row is a warning, anyone else’s an error', () => {
    // kushiro-2 lists 水産課 and 農林課 as owners of ① (the 施策 above ア).
    const coOwner = validateProgressRows([fishery], kushiro2, { department: '農林課' }).findings;
    expect(coOwner.map((f) => [f.rule, f.severity])).toEqual([['ownership.co-owner-row', 'warning']]);
    const outsider = validateProgressRows([fishery], kushiro2, { department: '商業労政課' }).findings;
    expect(outsider.map((f) => [f.rule, f.severity, f.row])).toEqual([
      ['ownership.other-department', 'error', 1],
    ]);
  });

  it('messages name the year columns by era year', () => {
    const [missing] = validateProgressRows([{ ...fishery, results: '' }], kushiro2, {
      fiscalYear: 2023,
    }).findings;
    expect([missing!.column, missing!.message]).toEqual([
      'R5年度(実績)',
      expect.stringContaining('R5年度(実績)'),
    ]);
  });

  it('without a report year, stale years are not judged', () => {
    const stale = { ...fishery, plan: 'R3年度に策定した方針に基づき支援する。' };
    expect(validateProgressRows([stale], kushiro2).findings).toEqual([]);
  });
});

const settlement: ProjectJson = ProjectJsonSchema.parse({
  name: '定住自立圏構想等推進事業＜当初＞',
  department: '都市経営課',
  years: [
    { header: '令和５年度(決算額)', total: 58 },
    { header: '令和６年度(決算額)', total: '84' },
    { header: '令和７年度(予算額)', total: 98 },
  ],
  funds: [
    { name: 'その他特定財源', amounts: [null, 4, null] },
    { name: '一般財源', amounts: [58, 80, 98] },
  ],
  population: 152875,
  perCapita: 0.5,
  evaluations: [
    { fiscalYear: 2023, value: '継続維持' },
    { fiscalYear: 2024, value: '継続維持' },
  ],
});

describe('validateProjects: project figures as JSON', () => {
  it('clean figures have no finding; years are read from the headers', () => {
    const { sheets, findings } = validateProjects([settlement], kushiro2, {
      department: '都市経営課',
      fiscalYear: 2024,
    });
    expect(findings).toEqual([]);
    expect(sheets[0]!.years.map((y) => [y.fiscalYear, y.kind])).toEqual([
      [2023, 'settled'],
      [2024, 'settled'],
      [2025, 'budget'],
    ]);
  });

  it('each rule that applies to the figures, at the project index', () => {
    const broken: ProjectJson = {
      ...settlement,
      funds: [{ name: '一般財源', amounts: [58, 80, 98] }],
      perCapita: 4.2,
      evaluations: [
        { fiscalYear: 2023, value: '継続' },
        { fiscalYear: 2024, value: null },
      ],
    };
    const outside: ProjectJson = { ...settlement, name: '財産管理事業＜当初＞', issues: '' };
    const { findings } = validateProjects([settlement, broken, outside], kushiro2, { fiscalYear: 2024 });
    expect(at(findings).sort()).toEqual(
      [
        'project.funds-sum@2',
        'project.per-capita@2',
        'project.evaluation-unknown@2',
        'project.missing-field@2',
        'project.not-in-strategy@3',
        'project.missing-field@3',
      ].sort(),
    );
    expect(findings.find((f) => f.rule === 'project.evaluation-unknown')!.suggestion).toBe('継続維持');
    expect(findings.find((f) => f.rule === 'project.per-capita')!.suggestion).toBe('0.5');
  });

  it('ownership: the submitter must own (or co-own) the item listing the project', () => {
    // 定住自立圏構想等推進事業 is listed under 4② (都市経営課, 健康推進課, …).
    const coOwner = validateProjects([settlement], kushiro2, { department: '健康推進課', fiscalYear: 2024 });
    expect(coOwner.findings.map((f) => f.rule)).toEqual(['ownership.co-owner-row']);
    const outsider = validateProjects([settlement], kushiro2, { department: '水産課', fiscalYear: 2024 });
    expect(outsider.findings.map((f) => [f.rule, f.row, f.cell])).toEqual([
      ['ownership.other-department', 1, null],
    ]);
  });

  it('the schema refuses unknown 財源 and amounts that do not match the year columns', () => {
    const input = ProjectJsonSchema.parse(settlement);
    expect(
      ProjectJsonSchema.safeParse({ ...input, funds: [{ name: '寄附金', amounts: [1, 2, 3] }] }).success,
    ).toBe(false);
    expect(
      ProjectJsonSchema.safeParse({ ...input, funds: [{ name: '一般財源', amounts: [1] }] }).success,
    ).toBe(false);
  });
});
