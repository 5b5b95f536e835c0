import { describe, expect, it } from 'vitest';
import { sheetFromRows, type SheetRows, type WorkbookSnapshot } from '../workbook/snapshot';
import { importStrategyFromWorkbook } from './import-sheet';
import { walkNodes } from './schema';

// The 2nd-period seed layout: 基本目標 merged down over its 施策(節), each 節 merged over one cell
// that holds all its 細節, each with its description after the title.
const seedRows: SheetRows = {
  name: '施策体系',
  startRow: 1,
  startColumn: 1,
  values: [
    ['第2期釧路市まち・ひと・しごと創生総合戦略 施策体系案', null, null, null],
    ['計画期間', 'R2〜R6年度', null, null],
    ['基本目標', null, '施策(節)', '施策(細節)'],
    [
      1,
      '地域の魅力を生かして、経済・産業・交流人口・関係人口の拡大を目指す',
      '①釧路らしさを生み出す農林水産業の成長産業化',
      '(ア) 持続的成長を目指した水産業の振興 基幹産業である水産業の経営安定に向けた支援等を行う。\n(イ) 生産基盤の強化による農業の振興\n農業生産力の一層の向上を図るため、生産基盤の整備などを進める。',
    ],
    [
      null,
      null,
      '②釧路の「食」の高付加価値化と地場産品の販路拡大',
      '（ア）高付加価値化による魅力ある産品づくり',
    ],
    [
      2,
      '雇用・就業機会の創出と地域を支える人材育成・人材確保を図る',
      '①地域を支える人材の確保',
      '(ア)地域産業を支える多様な人材の育成\n(イ)地域の未来を担う子ども・若者の人材育成\n(ウ)女性の活躍促進',
    ],
    [null, null, '②医療体制', '(ア)医療体制の整備\n(イ)地域産業を支える多様な人材の育成(再掲)'],
  ],
  merges: ['A3:B3', 'A4:A5', 'B4:B5', 'A6:A7', 'B6:B7'],
};
const seedLayout: WorkbookSnapshot = { sheets: [sheetFromRows(seedRows)] };

describe('importStrategyFromWorkbook', () => {
  it('reads the 2nd-period seed layout with merged cells and several items per cell', () => {
    const r = importStrategyFromWorkbook(seedLayout, { id: 'kushiro-2-draft' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const s = r.strategy;
    expect(s).toMatchObject({
      id: 'kushiro-2-draft',
      municipality: '釧路市',
      title: '第2期釧路市まち・ひと・しごと創生総合戦略 施策体系案',
      period: { from: 2020, to: 2024 },
      levels: [
        { name: '基本目標', numbering: 'arabic' },
        { name: '施策(節)', numbering: 'circled' },
        { name: '施策(細節)', numbering: 'paren-katakana' },
      ],
    });
    const nodes = [...walkNodes(s.nodes)];
    expect(nodes.map((n) => n.node.code)).toEqual([
      '1',
      '1-1',
      '1-1-ア',
      '1-1-イ',
      '1-2',
      '1-2-ア',
      '2',
      '2-1',
      '2-1-ア',
      '2-1-イ',
      '2-1-ウ',
      '2-2',
      '2-2-ア',
      '2-2-イ',
    ]);
    const byCode = new Map(nodes.map((n) => [n.node.code, n.node]));
    expect(byCode.get('1')?.title).toBe('地域の魅力を生かして、経済・産業・交流人口・関係人口の拡大を目指す');
    expect(byCode.get('1-1-ア')).toMatchObject({
      number: 'ア',
      title: '持続的成長を目指した水産業の振興',
      description: '基幹産業である水産業の経営安定に向けた支援等を行う。',
    });
    expect(byCode.get('1-1-イ')?.description).toBe(
      '農業生産力の一層の向上を図るため、生産基盤の整備などを進める。',
    );
    expect(byCode.get('2-2-イ')?.restatementOf).toBe('2-1-ア');
  });

  it('reads departments and 主な事業 columns and a 4-level tree with other numbering', () => {
    const r = importStrategyFromWorkbook({
      sheets: [
        sheetFromRows({
          name: 'Sheet1',
          startRow: 1,
          startColumn: 1,
          values: [
            ['自治体', '架空町'],
            ['戦略名', '架空町総合戦略'],
            ['計画期間', '2025-2029年度'],
            ['章', '基本施策', '施策', '取組', '担当課', '主な事業'],
            [
              '第1章 しごと',
              '(1) 農業',
              'ア 担い手',
              '① 新規就農',
              '農政課、企画課',
              '・就農支援事業\n・農地集積事業【再掲】',
            ],
            [null, null, null, '② 6次産業化', '農政課', null],
          ],
          merges: ['A5:A6', 'B5:B6', 'C5:C6'],
        }),
      ],
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.strategy.levels.map((l) => l.numbering)).toEqual([
      { counter: 'arabic', prefix: '第', suffix: '章' },
      'paren-arabic',
      'katakana',
      'circled',
    ]);
    expect(r.strategy.departments).toEqual(['農政課', '企画課']);
    const leaf = [...walkNodes(r.strategy.nodes)].find((n) => n.node.code === '1-1-ア-1')?.node;
    expect(leaf).toMatchObject({
      title: '新規就農',
      departments: ['農政課', '企画課'],
      projects: [
        { name: '就農支援事業', departments: [] },
        { name: '農地集積事業', departments: [], restated: true },
      ],
    });
  });

  it('returns problems instead of throwing', () => {
    expect(importStrategyFromWorkbook({ sheets: [] })).toMatchObject({ ok: false });
    const noPeriod = importStrategyFromWorkbook({
      sheets: [sheetFromRows({ ...seedRows, values: seedRows.values.filter((_, i) => i !== 1) })],
    });
    expect(noPeriod.ok).toBe(false);
    if (noPeriod.ok) return;
    expect(noPeriod.errors.map((e) => e.path)).toEqual(['period']);
    expect(noPeriod.errors[0]!.message.ja).toContain('計画期間');
    const unnumbered = importStrategyFromWorkbook({
      sheets: [
        sheetFromRows({
          name: 'x',
          startRow: 1,
          startColumn: 1,
          values: [
            ['計画期間', 'R2-R6年度'],
            ['自治体', '釧路市'],
            ['基本目標', '施策'],
            ['まちづくり', null],
          ],
          merges: [],
        }),
      ],
    });
    expect(unnumbered.ok).toBe(false);
    if (unnumbered.ok) return;
    expect(unnumbered.errors[0]!.message.ja).toBe('「まちづくり」に基本目標の番号がありません。');
  });
});
