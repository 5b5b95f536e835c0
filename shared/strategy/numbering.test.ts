import { describe, expect, it } from 'vitest';
import {
  formatItemNumber,
  LevelNumbering,
  levelNumbering,
  parseItemNumber,
  splitItemNumber,
} from './numbering';

describe('numbering styles', () => {
  it.each([
    ['goal-bracket', 1, '【基本目標1】'],
    ['circled', 3, '③'],
    ['circled', 21, '㉑'],
    ['katakana', 6, 'カ'],
    ['paren-katakana', 2, '(イ)'],
    ['paren-arabic', 10, '(10)'],
  ] as const)('%s prints item %i as %s', (style, n, printed) => {
    expect(formatItemNumber(style, n)).toBe(printed);
    expect(parseItemNumber(style, printed)).toBe(n);
  });

  it('spells custom styles as data', () => {
    const chapter = { counter: 'kanji', prefix: '第', suffix: '章' } as const;
    expect(formatItemNumber(chapter, 12)).toBe('第十二章');
    expect(parseItemNumber(chapter, '第十二章')).toBe(12);
    expect(formatItemNumber({ counter: 'iroha', prefix: '', suffix: '.' }, 3)).toBe('ハ.');
  });

  it('compares full-width brackets after NFKC and refuses other styles', () => {
    expect(parseItemNumber('paren-katakana', '（ウ）')).toBe(3);
    expect(parseItemNumber('paren-katakana', 'ウ')).toBeNull();
    expect(parseItemNumber('circled', '1')).toBeNull();
  });

  it('splits a printed label into number and title, not a word that starts like a number', () => {
    expect(splitItemNumber({ counter: 'kanji', prefix: '第', suffix: '章' }, '第十二章 しごと')).toEqual({
      n: 12,
      counter: '十二',
      rest: 'しごと',
    });
    expect(splitItemNumber('katakana', 'イ. 創業の支援')).toMatchObject({ n: 2, rest: '創業の支援' });
    expect(splitItemNumber('katakana', 'アイヌ文化の振興')).toBeNull();
    expect(splitItemNumber('circled', '人口')).toBeNull();
  });
});

describe('LevelNumbering: labels read with a definition’s own levels', () => {
  const kushiro = new LevelNumbering([
    { name: '基本目標', numbering: 'goal-bracket' },
    { name: '施策', numbering: 'circled' },
    { name: '具体的な施策', numbering: 'katakana' },
  ]);
  const village = new LevelNumbering([
    { name: '基本目標', numbering: { counter: 'arabic', prefix: '', suffix: '.' } },
    { name: '施策', numbering: 'paren-arabic' },
    { name: '取組', numbering: { counter: 'katakana', prefix: '', suffix: '.' } },
  ]);
  // The numbering of the second-municipality trial: goals 1., 施策 (ア), items ①.
  const trial = new LevelNumbering([
    { name: '基本目標', numbering: { counter: 'arabic', prefix: '', suffix: '.' } },
    { name: '施策', numbering: 'paren-katakana' },
    { name: '事業', numbering: 'circled' },
  ]);
  const chapters = new LevelNumbering([
    { name: '章', numbering: { counter: 'kanji', prefix: '第', suffix: '章' } },
    { name: '施策', numbering: { counter: 'latin-lower', prefix: '', suffix: '.' } },
  ]);

  it.each([
    ['kushiro', '【基本目標1】地域経済', 0, '1', '地域経済', kushiro],
    ['kushiro', '基本目標 2 人を呼び込む', 0, '2', '人を呼び込む', kushiro],
    ['kushiro', '①釧路らしさ', 1, '①', '釧路らしさ', kushiro],
    ['kushiro', '（ア）持続的成長', 2, 'ア', '持続的成長', kushiro],
    ['kushiro', 'ア「日本版DMO」の構築', 2, 'ア', '「日本版DMO」の構築', kushiro],
    ['village', '２．村に住む人を増やす', 0, '2', '村に住む人を増やす', village],
    ['village', '12.しごと', 0, '12', 'しごと', village],
    ['village', '(2) 体験型観光', 1, '2', '体験型観光', village],
    ['village', 'イ. 空き家の活用', 2, 'イ', '空き家の活用', village],
    ['village', '(イ) 空き家の活用', 2, 'イ', '空き家の活用', village],
    ['trial', '(イ) 観光の振興', 1, 'イ', '観光の振興', trial],
    ['trial', 'イ 観光の振興', 1, 'イ', '観光の振興', trial],
    ['trial', '② 体験事業', 2, '②', '体験事業', trial],
    ['chapters', '第十二章 しごと', 0, '十二', 'しごと', chapters],
    ['chapters', 'b. 創業の支援', 1, 'b', '創業の支援', chapters],
  ] as const)('%s: %s is level %i, number %s, title %s', (_name, text, depth, number, title, numbering) => {
    expect(numbering.split(text)[0]).toEqual({ depth, number, title });
  });

  it.each([
    ['kushiro', 'アイヌ文化の振興', kushiro],
    ['kushiro', '(1) 見出し', kushiro],
    ['village', '1.5万人', village],
    ['village', '1 しごと', village],
    ['village', '人口', village],
    ['chapters', 'be動詞', chapters],
  ] as const)('%s: %s is no label of the definition', (_name, text, numbering) => {
    expect(numbering.split(text)).toEqual([]);
  });

  it('tells section rows (levels above the items) from item lines', () => {
    expect(village.sectionDepth('1. しごとを育てる')).toBe(0);
    expect(village.sectionDepth('(1) 漁業と農業の担い手づくり')).toBe(1);
    expect(village.sectionDepth('ア. 新規漁業者の育成')).toBeNull();
    expect(village.isItem('ア. 新規漁業者の育成')).toBe(true);
    expect(trial.sectionDepth('(ア) 観光の振興')).toBe(1);
    expect(trial.isItem('① 体験事業')).toBe(true);
    expect(trial.isItem('(ア) 観光の振興')).toBe(false);
  });

  it('is compiled once per levels array', () => {
    const levels = [
      { name: '基本目標', numbering: 'arabic' as const },
      { name: '施策', numbering: 'circled' as const },
    ];
    expect(levelNumbering(levels)).toBe(levelNumbering(levels));
  });
});
