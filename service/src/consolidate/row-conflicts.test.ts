import { describe, expect, it } from 'vitest';
import type { ProgressRowData, ProjectRowData } from '../store/store';
import {
  detectProgressConflicts,
  detectProjectConflicts,
  mergeProgressRows,
  progressRowKey,
  projectRowKey,
} from './row-conflicts';

const progress = (department: string, results: string, plan = '継続する。'): ProgressRowData => ({
  sheetRow: 7,
  goal: null,
  measure: null,
  item: 'ア 持続的成長を目指した水産業の振興',
  nodeCode: '1-1-ア',
  department,
  results,
  plan,
  resultsHeader: 'R5年度(実績)',
  planHeader: 'R6年度(取組予定)',
  rowKey: progressRowKey('1-1-ア', department),
});

const project = (
  total: ProjectRowData['years'][number]['total'],
  evaluation = '継続維持',
): ProjectRowData => ({
  sheet: '定住自立圏',
  name: '定住自立圏構想等推進事業＜当初＞',
  department: '都市経営課',
  years: [{ header: '令和６年度(決算額)', fiscalYear: 2024, total }],
  funds: [{ name: '一般財源', amounts: [total] }],
  perCapita: 0.5,
  evaluations: [{ fiscalYear: 2024, value: evaluation }],
  rowKey: projectRowKey('定住自立圏構想等推進事業＜当初＞', '都市経営課'),
});

const sent = <R>(id: number, department: string, rows: R[]) => ({
  submission: { id, department, version: 1 },
  rows,
});

describe('progress and project conflicts', () => {
  it('progress texts compare after NFKC and space folding; different texts are a conflict', () => {
    const own = progress('水産課', '講演会を２回 開催した。');
    expect(
      detectProgressConflicts([
        sent(1, '水産課', [own]),
        sent(2, '農林課', [{ ...own, results: '講演会を2回  開催した。' }]),
      ]),
    ).toEqual([]);
    const [conflict] = detectProgressConflicts([
      sent(1, '水産課', [own]),
      sent(2, '農林課', [{ ...own, results: '講演会を3回開催した。' }]),
    ]);
    expect(conflict).toMatchObject({
      key: own.rowKey,
      identity: { node: '1-1-ア', department: '水産課' },
      candidates: [
        { department: '水産課', submissionId: 1, value: { results: '講演会を２回 開催した。' } },
        { department: '農林課', submissionId: 2, value: { results: '講演会を3回開催した。' } },
      ],
    });
  });

  it('a resolution holds only for the same disagreement; a malformed stored value is not used', () => {
    const own = progress('水産課', 'A');
    const latest = [sent(1, '水産課', [own]), sent(2, '農林課', [{ ...own, results: 'B' }])];
    const [conflict] = detectProgressConflicts(latest);
    const fingerprint = conflict!.fingerprint;
    const merged = (value: unknown, fp = fingerprint) =>
      mergeProgressRows(latest, new Map([[own.rowKey, { fingerprint: fp, value }]]))[0]!;
    expect(merged({ results: '両課の合意', plan: '継続する。' })).toMatchObject({
      value: { results: '両課の合意' },
      conflict: null,
      resolved: true,
    });
    expect(merged({ results: 'B', plan: '継続する。' }, '["other"]')).toMatchObject({ resolved: false });
    expect(merged('B').conflict).toHaveLength(2);
  });

  it('project figures compare as numbers; 評価 differences count', () => {
    const latest = (other: ProjectRowData) => [
      sent(1, '都市経営課', [project(5154)]),
      sent(2, '健康推進課', [other]),
    ];
    expect(detectProjectConflicts(latest(project('5,154')))).toEqual([]);
    expect(detectProjectConflicts(latest(project(5155)))).toHaveLength(1);
    expect(detectProjectConflicts(latest(project(5154, '改善')))).toHaveLength(1);
  });
});
