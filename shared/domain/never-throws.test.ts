import { describe, expect, it } from 'vitest';
import { readNumber, readQuantity } from '../normalize/number';
import { parseUnit } from '../normalize/units';
import { importStrategyFromWorkbook } from '../strategy/import-sheet';
import { loadStrategy, loadStrategyJson } from '../strategy/load';
import { sheetFromRows } from '../workbook/snapshot';
import { computeAchievement } from './achievement';
import { parsePeriod } from './periods';
import { parseTarget, resolveTarget } from './targets';

// Pieces clerks' cells are made of, recombined at random (seeded, so a failure is reproducible).
const PIECES = [
  'H',
  'R',
  'S',
  '平成',
  '令和',
  '元',
  '27',
  '31',
  '2024',
  '年',
  '年度',
  '末',
  '月',
  '.',
  '-',
  '~',
  '〜',
  'から',
  'まで',
  'の',
  '累計',
  '平均',
  '各年',
  '年代',
  '後半',
  '%',
  '増',
  '縮小',
  '以上',
  '未満',
  '維持',
  '(',
  ')',
  '対',
  '比',
  '万',
  '千',
  '億',
  '人',
  '円',
  'm³',
  '△',
  ',',
  ' ',
  '\n',
  '…',
  'ゼロ',
  'で',
  'とし',
  'ポイント',
  '向上',
  '0',
  '9',
  '١',
  '\u0000',
];

function* randomStrings(count: number, seed = 1): Generator<string> {
  let x = seed;
  const next = () => (x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (let i = 0; i < count; i++) {
    const n = Math.floor(next() * 8);
    yield Array.from({ length: n }, () => PIECES[Math.floor(next() * PIECES.length)]).join('');
  }
}

describe('shared/ parsers never throw', () => {
  it('on 5,000 random cell texts', () => {
    for (const s of randomStrings(5000)) {
      expect(() => {
        parsePeriod(s);
        const t = parseTarget(s);
        resolveTarget(t, { unit: '人', baseline: 10 });
        resolveTarget(t, { unit: null, baseline: null, direction: 'down' });
        readNumber(s);
        readQuantity(s, '0.0%');
        parseUnit(s);
      }, JSON.stringify(s)).not.toThrow();
    }
  });

  it('on odd cell values and odd numbers', () => {
    for (const v of [null, undefined, true, false, Number.NaN, Infinity, -0, 1e308, '', ' ']) {
      expect(() => [parsePeriod(v), parseTarget(v), readQuantity(v), parseUnit(v)]).not.toThrow();
    }
    for (const n of [0, -1, Number.NaN, Infinity])
      expect(() => computeAchievement({ actual: n, target: n, baseline: n, direction: 'up' })).not.toThrow();
  });

  it('on definitions and sheets that are not strategies', () => {
    for (const raw of [
      null,
      1,
      'x',
      [],
      {},
      { nodes: [{}] },
      { schemaVersion: 1, levels: [{ numbering: 'x' }] },
    ])
      expect(loadStrategy(raw).ok).toBe(false);
    expect(loadStrategyJson('{').ok).toBe(false);
    const sheet = (values: (string | number | null)[][], merges: string[] = []) => ({
      sheets: [sheetFromRows({ name: 's', startRow: 1, startColumn: 1, values, merges })],
    });
    for (const wb of [
      sheet([
        ['基本目標', '施策'],
        ['①', '(ア)'],
        [null, 'ア x\nイ y'],
      ]),
      sheet(
        [
          ['基本目標', '施策', '所管部署'],
          ['1 a', '① b', '課'],
        ],
        ['A2:Z99', 'bad', 'C1:A1'],
      ),
      sheet([['基本目標', '施策'], ...[...randomStrings(50, 7)].map((s) => [s, s])]),
    ])
      expect(() => importStrategyFromWorkbook(wb)).not.toThrow();
  });
});
