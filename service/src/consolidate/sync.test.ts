import { describe, expect, it } from 'vitest';
import type { DetectedConflict } from './conflicts';
import { conflictChanges, kpiRowsToCompare } from './sync';

const detected = (key: string, fingerprint: string): DetectedConflict => ({
  key,
  fingerprint,
  identity: { node: '1', kpi: key, department: 'A課', kind: 'actual', period: 'R6年度' },
  candidates: [],
});
const stored = (id: number, rowKey: string, fingerprint: string) => ({
  id,
  subject: 'kpi' as const,
  rowKey,
  fingerprint,
});

describe('conflictChanges', () => {
  it('opens new disagreements, keeps unchanged ones, supersedes changed and vanished ones', () => {
    const changes = conflictChanges(
      [stored(1, 'same', 'f'), stored(2, 'changed', 'old'), stored(3, 'gone', 'g')],
      [detected('same', 'f'), detected('changed', 'new'), detected('fresh', 'h')],
    );
    expect(changes.open.map((d) => d.key)).toEqual(['changed', 'fresh']);
    expect(changes.supersede).toEqual([2, 3]);
  });
});

describe('kpiRowsToCompare', () => {
  const row = (department: string, rowKey: string) => ({
    policy: 'p',
    kpi: 'k',
    kind: 'actual' as const,
    period: 'R6年度',
    value: 1,
    unit: '件',
    department,
    sheetRow: null,
    rowKey,
  });
  const sent = (id: number, department: string, keys: string[]) => ({
    submission: { id, department, version: 1 },
    rows: keys.map((k) => row(department, k)),
  });

  it('takes the other departments’ rows sharing a key with the new version or the one it replaces', () => {
    const before = new Map([
      ['A課', sent(1, 'A課', ['old'])],
      ['B課', sent(2, 'B課', ['new', 'old', 'other'])],
      ['C課', sent(3, 'C課', ['other'])],
    ]);
    const latest = sent(4, 'A課', ['new']);
    const compared = kpiRowsToCompare(before, latest);
    expect(compared.map((l) => [l.submission.id, l.rows.map((r) => r.rowKey)])).toEqual([
      [4, ['new']],
      [2, ['new', 'old']],
    ]);
  });
});
