import { describe, expect, it } from 'vitest';
import type { KpiRow } from '#shared';
import { XLSX_TYPE } from '#shared/api';
import { newSubmission, SubmitQueue, type HttpRequest, type Transport } from './submit-queue';
import type { KeyValueStore } from './storage';

function memoryStore(): KeyValueStore & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => void data.set(k, v),
    removeItem: (k) => void data.delete(k),
  };
}

const row: KpiRow = {
  policy: 'ア 地域経済を支える中小企業・小規模事業者の支援',
  kpi: '・制度融資新規利用件数',
  kind: 'actual',
  period: 'H27年度',
  value: 365,
  unit: '件',
  department: '商業労政課',
};

const base = { serviceUrl: 'http://svc.local/', cycle: 'kpi 2024', token: 'tok', reason: null, rows: [row] };

describe('submit queue', () => {
  it('keeps a submission while the service is unreachable and sends it again with the same Idempotency-Key', async () => {
    const store = memoryStore();
    const seen: HttpRequest[] = [];
    let online = false;
    const transport: Transport = async (req) => {
      seen.push(req);
      if (!online) return { status: 0, body: '' };
      return { status: 201, body: JSON.stringify({ submission: { id: 7, version: 3 }, findings: [] }) };
    };
    const queue = new SubmitQueue(store, transport);
    const item = newSubmission({ ...base, file: null });
    queue.add(item);
    expect(await queue.send(item.id)).toEqual({ status: 'unreachable', id: item.id });
    // Still stored (a pane reopened later finds it), with the attempt counted.
    expect(new SubmitQueue(store, transport).list().map((q) => [q.id, q.attempts])).toEqual([[item.id, 1]]);
    online = true;
    const outcome = await queue.send(item.id);
    expect(outcome).toMatchObject({ status: 'delivered', version: 3 });
    expect(queue.list()).toEqual([]);
    expect(seen.map((r) => r.headers['Idempotency-Key'])).toEqual([item.id, item.id]);
    expect(seen[0]!.url).toBe('http://svc.local/api/cycles/kpi%202024/submissions');
    expect(seen[0]!.headers.Authorization).toBe('Bearer tok');
    expect(JSON.parse(seen[0]!.body as string)).toEqual({ rows: [row] });
  });

  it('project figures go under "projects"', async () => {
    const seen: HttpRequest[] = [];
    const queue = new SubmitQueue(memoryStore(), async (req) => {
      seen.push(req);
      return { status: 201, body: JSON.stringify({ submission: { id: 1, version: 1 }, findings: [] }) };
    });
    const project = { name: '定住自立圏構想等推進事業', department: '都市経営課' };
    const item = newSubmission({ ...base, reason: '戦略外', rows: [project], field: 'projects', file: null });
    queue.add(item);
    await queue.send(item.id);
    expect(JSON.parse(seen[0]!.body as string)).toEqual({ projects: [project], reason: '戦略外' });
  });

  it('sends the workbook bytes as .xlsx with its file name and the warning reason', async () => {
    const store = memoryStore();
    let sent: HttpRequest | null = null;
    const queue = new SubmitQueue(store, async (req) => {
      sent = req;
      return { status: 201, body: JSON.stringify({ submission: { id: 1, version: 1 }, findings: [] }) };
    });
    const bytes = Uint8Array.from([80, 75, 3, 4, 0, 255]);
    const item = newSubmission({
      ...base,
      reason: '実績値は暫定',
      file: { bytes, name: 'KPI 商業労政課.xlsx' },
    });
    queue.add(item);
    await queue.send(item.id);
    expect(sent!.headers['Content-Type']).toBe(XLSX_TYPE);
    expect(decodeURIComponent(sent!.headers['X-File-Name']!)).toBe('KPI 商業労政課.xlsx');
    expect(decodeURIComponent(sent!.headers['X-Warning-Reason']!)).toBe('実績値は暫定');
    expect(sent!.body).toEqual(bytes);
  });

  it.each([502, 503, 504, 429])('keeps it queued on HTTP %i', async (status) => {
    const queue = new SubmitQueue(memoryStore(), async () => ({ status, body: '' }));
    const item = newSubmission({ ...base, file: null });
    queue.add(item);
    expect((await queue.send(item.id)).status).toBe('unreachable');
    expect(queue.list()).toHaveLength(1);
  });

  it('a rejection (422 with findings) leaves the queue and is shown with the server’s Japanese message', async () => {
    const body = {
      error: {
        code: 'validation-failed',
        message: 'エラーがあるため受け付けませんでした',
        messageEn: 'Rejected',
      },
      findings: [
        {
          cell: null,
          row: 1,
          column: '数値',
          rule: 'value.not-number',
          severity: 'error',
          message: '数値ではありません',
          messageEn: 'NaN',
          suggestion: null,
        },
      ],
    };
    const queue = new SubmitQueue(memoryStore(), async () => ({ status: 422, body: JSON.stringify(body) }));
    const item = newSubmission({ ...base, file: null });
    queue.add(item);
    const outcome = await queue.send(item.id);
    expect(outcome).toMatchObject({
      status: 'rejected',
      httpStatus: 422,
      code: 'validation-failed',
      message: 'エラーがあるため受け付けませんでした',
    });
    expect(outcome.status === 'rejected' && outcome.findings).toHaveLength(1);
    expect(queue.list()).toEqual([]);
  });

  it('a network exception counts as unreachable, never as lost', async () => {
    const queue = new SubmitQueue(memoryStore(), async () => {
      throw new TypeError('Failed to fetch');
    });
    const item = newSubmission({ ...base, file: null });
    queue.add(item);
    expect((await queue.send(item.id)).status).toBe('unreachable');
    expect(queue.list()).toHaveLength(1);
  });
});
