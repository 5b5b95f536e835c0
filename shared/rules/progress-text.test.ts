import { describe, expect, it } from 'vitest';
import { staleYear } from './progress-text';

describe('staleYear (R5 results, R6 plan)', () => {
  it('finds a year older than the results year', () => {
    expect(staleYear('R3年度に策定した方針に基づき、石炭産業の振興に取り組む。', 2023)).toBe('R3年度');
    expect(staleYear('平成30年度の計画どおり実施する。', 2023)).toBe('平成30年度');
  });

  it('passes the report’s own years and later ones', () => {
    expect(staleYear('令和6年度から新たに産婦健康診査を開始する。', 2023)).toBeNull();
    expect(staleYear('R5年度実績を踏まえ、令和7年度からの新ビジョン策定を行う。', 2023)).toBeNull();
  });

  it('passes a span that reaches the results year (history, not a leftover; スポーツ課 in the seed)', () => {
    expect(staleYear('平成30年度から令和5年度延期していたが、令和6年度は実施予定。', 2023)).toBeNull();
    expect(staleYear('H30年度〜R5年度の実績を踏まえ実施する。', 2023)).toBeNull();
  });

  it('still finds a span that ended before the results year', () => {
    expect(staleYear('平成30年度から令和2年度まで実施した事業を再開する。', 2023)).toBe('平成30年度');
  });
});
