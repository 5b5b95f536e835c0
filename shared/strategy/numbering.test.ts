import { describe, expect, it } from 'vitest';
import { formatItemNumber, parseItemNumber } from './numbering';

describe('numbering styles', () => {
  it.each([
    ['goal-bracket', 1, '【基本目標1】'],
    ['circled', 3, '③'],
    ['circled', 21, '㉑'],
    ['katakana', 6, 'カ'],
    ['paren-katakana', 2, '(イ)'],
    ['paren-arabic', 10, '(10)'],
  ] as const)('prints item %2$i of %1$s as %3$s', (style, n, printed) => {
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
});
