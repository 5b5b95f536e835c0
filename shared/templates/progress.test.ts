import { describe, expect, it } from 'vitest';
import { bundledStrategies } from '../strategy/bundled/index';
import { levelNumbering } from '../strategy/numbering';
import { parseItemCell } from './progress';

const numbering = levelNumbering(bundledStrategies.get('kushiro-2')!.levels);

describe('parseItemCell', () => {
  it('reads the items, and the 主な事業 one per bullet, keeping a 「・」 inside a name', () => {
    const cell = [
      'ア 地域経済を支える中小企業・小規模事業者の支援',
      '釧路市中小企業基本条例の理念を踏まえ…総合的な支援を行う。',
      '【主な事業】',
      '・中小企業・小規模事業者活性化推進事業',
      '・ファミリー・サポート・センター事業 ・人材確保・定着促進事業 【再掲】',
    ].join('\n');
    const { items, projects } = parseItemCell(cell, 'A7', 7, numbering);
    expect(items.map((i) => i.label)).toEqual(['ア 地域経済を支える中小企業・小規模事業者の支援']);
    expect(projects).toEqual([
      { name: '中小企業・小規模事業者活性化推進事業', restated: false },
      { name: 'ファミリー・サポート・センター事業', restated: false },
      { name: '人材確保・定着促進事業', restated: true },
    ]);
  });

  it('reads names after the heading on the same line', () => {
    expect(
      parseItemCell('【主な事業】 ・産炭地振興対策事業 ・炭鉱技術研修支援事業', 'A1', 1, numbering).projects,
    ).toEqual([
      { name: '産炭地振興対策事業', restated: false },
      { name: '炭鉱技術研修支援事業', restated: false },
    ]);
  });
});
