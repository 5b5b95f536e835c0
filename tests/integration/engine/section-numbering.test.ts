import { beforeAll, describe, expect, it } from 'vitest';
import {
  bundledStrategies,
  rowsOfSheet,
  sheetFromRows,
  validate,
  type Finding,
  type Strategy,
  type StrategyNode,
  type WorkbookSnapshot,
} from '#shared';
import { buildKpiWorkbook } from '../../fixtures/kpi-book';
import { goal1, goal2 } from '../../fixtures/kpi-seed';
import { minatoKpiTable, minatoProgressReport, minatoVillage } from '../../fixtures/minato-village';
import { buildProgressWorkbook } from '../../fixtures/progress-book';
import { progressGoal1, progressGoal2 } from '../../fixtures/progress-seed';
import { added, keys, snapshotOf } from '../../fixtures/snapshot';

/**
 * Section rows and item lines are read with each definition's own level numbering and checked by the
 * same hierarchy rules: the same mistakes planted in Kushiro's books (【基本目標1】 / ① / ア) and in an
 * invented village's (1. / (1) / ア.) are flagged alike, and their clean rows pass.
 */

/** A written label and the text the planted mistake puts in its place. */
type Edit = [written: string, mistake: string];

interface Book {
  template: 'kpi' | 'progress';
  strategy: () => Strategy;
  build: () => Promise<Buffer>;
  /** Every section row of the book, goals and 施策, in order. */
  sections: string[];
  goalNumber: Edit;
  policyNumber: Edit;
  itemNumber: Edit;
  /** A 施策 section replaced by one of another 基本目標 (its items then stand under it too). */
  policyUnderWrongGoal: Edit;
  /** An item replaced by one of another 施策 of the same 基本目標. */
  itemUnderWrongPolicy: Edit;
}

/**
 * The village renumbered as the second-municipality trial was numbered (goals `1.`, 施策 `(ア)`,
 * items `①`), where a wrong `(ア)`/`(イ)` and a wrong `2.`/`3.` went unflagged.
 */
const KANA = 'アイウ';
const CIRCLED = '①②③';
function trialNumbering(): Strategy {
  const village = minatoVillage();
  const renumber = (nodes: StrategyNode[], depth: number): StrategyNode[] =>
    nodes.map((n) => ({
      ...n,
      number:
        depth === 1 ? KANA[Number(n.number) - 1]! : depth === 2 ? CIRCLED[KANA.indexOf(n.number)]! : n.number,
      children: renumber(n.children, depth + 1),
    }));
  return {
    ...village,
    levels: [
      village.levels[0]!,
      { name: '施策', numbering: 'paren-katakana' },
      { name: '事業', numbering: 'circled' },
    ],
    nodes: renumber(village.nodes, 0),
  };
}
const trialLabel = (label: string) =>
  label
    .replace(/^\((\d)\)/, (_, n: string) => `(${KANA[Number(n) - 1]})`)
    .replace(/^([アイウ])\.\s*/, (_, k: string) => `${CIRCLED[KANA.indexOf(k)]} `);
const trialKpiTable = minatoKpiTable.map((g) => ({
  ...g,
  policies: g.policies.map((p) => ({
    label: trialLabel(p.label),
    items: p.items.map((i) => ({ ...i, label: trialLabel(i.label) })),
  })),
}));
const trialProgressReport = minatoProgressReport.map((g) => ({
  ...g,
  policies: g.policies.map((p) => ({
    label: trialLabel(p.label),
    blocks: p.blocks.map((b) => ({ ...b, items: b.items.map(trialLabel) })),
  })),
}));
const trialEdits = {
  goalNumber: ['2. 村に住む人を増やす', '3. 村に住む人を増やす'],
  policyNumber: ['(イ) 体験型観光の推進', '(ア) 体験型観光の推進'],
  itemNumber: ['② 空き家の活用', '① 空き家の活用'],
  policyUnderWrongGoal: ['(ア) 移住・定住の促進', '(ア) 漁業と農業の担い手づくり'],
  itemUnderWrongPolicy: ['① 漁村体験プログラムの充実', '① 新規漁業者の育成'],
} satisfies Partial<Book>;

const kushiro1 = () => bundledStrategies.get('kushiro-1')!;
const kushiro2 = () => bundledStrategies.get('kushiro-2')!;

const books: [town: string, book: Book][] = [
  [
    'Kushiro 1st period KPI table (【基本目標1】 / ① / ア)',
    {
      template: 'kpi',
      strategy: kushiro1,
      build: () => buildKpiWorkbook([goal1, goal2]),
      sections: [goal1, goal2].flatMap((g) => [g.label, ...g.policies.map((p) => p.label)]),
      goalNumber: [goal2.label, '【基本目標3】釧路らしさを活かして人を呼び込み・呼び戻す'],
      policyNumber: ['② 釧路の「食」の高付加価値化と販路拡大', '③ 釧路の「食」の高付加価値化と販路拡大'],
      itemNumber: ['イ 生産基盤の強化による農業の振興', 'ウ 生産基盤の強化による農業の振興'],
      policyUnderWrongGoal: [
        '② 釧路の「食」の高付加価値化と販路拡大',
        '②釧路の強みを活かした移住・定住の促進',
      ],
      itemUnderWrongPolicy: ['イ 地場産品の販路開拓・拡大', 'イ 創業・第二創業の支援'],
    },
  ],
  [
    'Kushiro 2nd period progress report (【基本目標1】 / ① / ア)',
    {
      template: 'progress',
      strategy: kushiro2,
      build: () => buildProgressWorkbook([progressGoal1, progressGoal2]),
      sections: [progressGoal1, progressGoal2].flatMap((g) => [g.label, ...g.policies.map((p) => p.label)]),
      goalNumber: [
        progressGoal2.label,
        '【基本目標3】雇用・就業機会の創出と地域を支える人材育成・人材確保を図る',
      ],
      policyNumber: [
        '②釧路の「食」の高付加価値化と地場産品の販路拡大',
        '③釧路の「食」の高付加価値化と地場産品の販路拡大',
      ],
      itemNumber: ['イ 地場産品の販路開拓・拡大', 'ウ 地場産品の販路開拓・拡大'],
      policyUnderWrongGoal: ['②地域特性を生かした企業誘致', '⑤地域に根ざした石炭産業の振興'],
      itemUnderWrongPolicy: ['イ 生産基盤の強化による農業の振興', 'イ 地場産品の販路開拓・拡大'],
    },
  ],
  [
    'invented village KPI table (1. / (1) / ア.)',
    {
      template: 'kpi',
      strategy: minatoVillage,
      build: () => buildKpiWorkbook(minatoKpiTable),
      sections: minatoKpiTable.flatMap((g) => [g.label, ...g.policies.map((p) => p.label)]),
      goalNumber: ['2. 村に住む人を増やす', '3. 村に住む人を増やす'],
      policyNumber: ['(2) 体験型観光の推進', '(1) 体験型観光の推進'],
      itemNumber: ['イ. 空き家の活用', 'ア. 空き家の活用'],
      policyUnderWrongGoal: ['(2) 体験型観光の推進', '(2) 子育て世帯への支援'],
      itemUnderWrongPolicy: ['ア. 漁村体験プログラムの充実', 'ア. 新規漁業者の育成'],
    },
  ],
  [
    'invented village progress report (1. / (1) / ア.)',
    {
      template: 'progress',
      strategy: minatoVillage,
      build: () => buildProgressWorkbook(minatoProgressReport),
      sections: minatoProgressReport.flatMap((g) => [g.label, ...g.policies.map((p) => p.label)]),
      goalNumber: ['2. 村に住む人を増やす', '3. 村に住む人を増やす'],
      policyNumber: ['(1) 移住・定住の促進', '(2) 移住・定住の促進'],
      itemNumber: ['イ. 村の農産物の販路拡大', 'ウ. 村の農産物の販路拡大'],
      policyUnderWrongGoal: ['(1) 移住・定住の促進', '(1) 漁業と農業の担い手づくり'],
      itemUnderWrongPolicy: ['ア. 保育環境の充実', 'ア. 移住相談窓口の充実'],
    },
  ],
  [
    'the village numbered as the trial was: KPI table (1. / (ア) / ①)',
    {
      template: 'kpi',
      strategy: trialNumbering,
      build: () => buildKpiWorkbook(trialKpiTable),
      sections: trialKpiTable.flatMap((g) => [g.label, ...g.policies.map((p) => p.label)]),
      ...trialEdits,
    },
  ],
  [
    'the village numbered as the trial was: progress report (1. / (ア) / ①)',
    {
      template: 'progress',
      strategy: trialNumbering,
      build: () => buildProgressWorkbook(trialProgressReport),
      sections: trialProgressReport.flatMap((g) => [g.label, ...g.policies.map((p) => p.label)]),
      ...trialEdits,
    },
  ],
];

/** The first cell with a line reading `written`, and the book with that line replaced. */
function plant(book: WorkbookSnapshot, [written, mistake]: Edit): { cell: string; book: WorkbookSnapshot } {
  const [first, ...rest] = book.sheets;
  const sheet = rowsOfSheet(first!);
  for (const [r, row] of sheet.values.entries()) {
    for (const [c, value] of row.entries()) {
      if (typeof value !== 'string') continue;
      const lines = value.split('\n');
      const at = lines.indexOf(written);
      if (at < 0) continue;
      lines[at] = mistake;
      row[c] = lines.join('\n');
      const column = String.fromCharCode(64 + sheet.startColumn + c);
      return { cell: `${column}${sheet.startRow + r}`, book: { sheets: [sheetFromRows(sheet), ...rest] } };
    }
  }
  throw new Error(`no cell reads ${written}`);
}

const hierarchyOnly = (findings: readonly Finding[]) =>
  findings.filter((f) => f.rule.startsWith('hierarchy.'));

describe.each(books)('%s', (_town, spec) => {
  let strategy: Strategy;
  let clean: WorkbookSnapshot;
  const findingsOf = (book: WorkbookSnapshot) => validate(book, strategy).sheets[0]!.findings;
  const plantedFindings = (edit: Edit) => {
    const planted = plant(clean, edit);
    return { cell: planted.cell, found: hierarchyOnly(added(findingsOf(clean), findingsOf(planted.book))) };
  };

  beforeAll(async () => {
    strategy = spec.strategy();
    clean = await snapshotOf(await spec.build());
  });

  it('recognizes every goal and 施策 section row by the definition’s numbering', () => {
    const sheet = validate(clean, strategy).sheets[0]!;
    expect(sheet.template).toBe(spec.template);
    const sections =
      spec.template === 'kpi'
        ? [...new Set(sheet.kpiRows.flatMap((r) => [r.sections?.goal?.text, r.sections?.measure?.text]))]
        : sheet.progress!.sections.map((s) => s.text);
    expect(sections.filter((s) => s !== undefined)).toEqual(spec.sections);
  });

  it('passes the clean rows: no number or placement finding', () => {
    const found = findingsOf(clean).filter(
      (f) => f.rule === 'hierarchy.number-mismatch' || f.rule === 'hierarchy.wrong-parent',
    );
    expect(keys(found)).toEqual([]);
  });

  it.each([
    ['a goal', 'goalNumber'],
    ['a 施策', 'policyNumber'],
    ['an item', 'itemNumber'],
  ] as const)('hierarchy.number-mismatch: %s whose number does not match its title', (_what, edit) => {
    const { cell, found } = plantedFindings(spec[edit]);
    expect(keys(found)).toEqual([`hierarchy.number-mismatch@${cell}`]);
    // The suggestion is the strategy's number with the same title.
    const title = spec[edit][0].replace(/^\S*?[】.)\s]\s*|^[①-⑳]\s*/, '');
    expect(found[0]!.suggestion).toContain(title);
  });

  it('hierarchy.wrong-parent: a 施策 under another 基本目標, and the items standing under it', () => {
    const { cell, found } = plantedFindings(spec.policyUnderWrongGoal);
    // Each item written under the moved 施策: once per KPI item cell, once per item line of a progress block.
    const sheet = validate(clean, strategy).sheets[0]!;
    const items =
      spec.template === 'kpi'
        ? [
            ...new Set(
              sheet.kpiRows.filter((r) => r.sections?.measure?.cell === cell).map((r) => r.cells.policy),
            ),
          ]
        : sheet
            .progress!.blocks.filter((b) => b.measure?.cell === cell)
            .flatMap((b) => b.items.map(() => b.cell));
    expect(items.length).toBeGreaterThan(0);
    expect(keys(found).sort()).toEqual([cell, ...items].map((c) => `hierarchy.wrong-parent@${c}`).sort());
  });

  it('hierarchy.wrong-parent: an item under another 施策', () => {
    const { cell, found } = plantedFindings(spec.itemUnderWrongPolicy);
    expect(keys(found)).toEqual([`hierarchy.wrong-parent@${cell}`]);
  });
});
