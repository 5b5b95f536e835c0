import { describe, expect, it } from 'vitest';
import { createApiClient, type FetchLike } from './client';
import { XLSX_TYPE } from './schemas';

/** A fake transport: records each request and answers with the given status and body. */
function fakeFetch(status: number, body: string | Error) {
  const calls: { url: string; init: Parameters<FetchLike>[1] }[] = [];
  const fetch: FetchLike = (url, init) => {
    calls.push({ url, init });
    return body instanceof Error
      ? Promise.reject(body)
      : Promise.resolve({ status, text: () => Promise.resolve(body) });
  };
  return { fetch, calls };
}

describe('shared/api client', () => {
  it('reads /api/me with the token and drops a trailing slash of the service URL', async () => {
    const f = fakeFetch(
      200,
      JSON.stringify({ role: 'department', department: '水産課', strategyId: 'kushiro-2' }),
    );
    const api = createApiClient({ serviceUrl: 'https://s.example/', token: 't1', fetch: f.fetch });
    expect(await api.me()).toEqual({
      ok: true,
      status: 200,
      data: { role: 'department', department: '水産課', strategyId: 'kushiro-2' },
    });
    expect(f.calls).toEqual([
      { url: 'https://s.example/api/me', init: { method: 'GET', headers: { Authorization: 'Bearer t1' } } },
    ]);
  });

  it('reads cycles of an older service without kind as KPI cycles', async () => {
    const f = fakeFetch(200, JSON.stringify({ cycles: [{ id: 'c', strategyId: 'kushiro-2' }] }));
    const r = await createApiClient({ serviceUrl: 'http://s', token: 't', fetch: f.fetch }).cycles();
    expect(r).toEqual({ ok: true, status: 200, data: [{ id: 'c', kind: 'kpi', strategyId: 'kushiro-2' }] });
  });

  it('encodes the strategy query', async () => {
    const f = fakeFetch(
      404,
      JSON.stringify({ error: { code: 'not-found', message: 'ない', messageEn: 'none' } }),
    );
    const r = await createApiClient({ serviceUrl: 'http://s', token: 't', fetch: f.fetch }).strategy({
      id: 'a b',
      version: 2,
    });
    expect(f.calls[0]!.url).toBe('http://s/api/strategy?id=a%20b&version=2');
    expect(r).toEqual({
      ok: false,
      status: 404,
      error: { error: { code: 'not-found', message: 'ない', messageEn: 'none' } },
    });
  });

  it('submits an .xlsx with its headers and reads the 201', async () => {
    const f = fakeFetch(
      201,
      JSON.stringify({ submission: { id: 7, version: 2 }, findings: [], previousReturn: null }),
    );
    const bytes = new Uint8Array([80, 75]);
    const r = await createApiClient({ serviceUrl: 'http://s', token: 't', fetch: f.fetch }).submit(
      'kpi 2024',
      { kind: 'xlsx', bytes, fileName: '報告.xlsx' },
      { idempotencyKey: 'k1', reason: '確認済み' },
    );
    expect(r).toEqual({
      ok: true,
      status: 201,
      data: { submission: { id: 7, version: 2 }, findings: [], previousReturn: null },
    });
    expect(f.calls[0]).toEqual({
      url: 'http://s/api/cycles/kpi%202024/submissions',
      init: {
        method: 'POST',
        body: bytes,
        headers: {
          Authorization: 'Bearer t',
          'Idempotency-Key': 'k1',
          'X-Warning-Reason': encodeURIComponent('確認済み'),
          'Content-Type': XLSX_TYPE,
          'X-File-Name': encodeURIComponent('報告.xlsx'),
        },
      },
    });
  });

  it('sends JSON projects with the reason in the body', async () => {
    const f = fakeFetch(
      422,
      JSON.stringify({
        error: { code: 'validation-failed', message: 'エラー', messageEn: 'errors' },
        findings: [],
      }),
    );
    const r = await createApiClient({ serviceUrl: 'http://s', token: 't', fetch: f.fetch }).submit(
      'p',
      { kind: 'json', field: 'projects', rows: [{ name: 'x' }] },
      { reason: 'r' },
    );
    expect(JSON.parse(f.calls[0]!.init.body as string)).toEqual({ projects: [{ name: 'x' }], reason: 'r' });
    expect(r.ok ? null : r.error?.findings).toEqual([]);
    expect(r.status).toBe(422);
  });

  it('answers status 0 when the service cannot be reached, and error null for a non-JSON body', async () => {
    const down = fakeFetch(0, new Error('ECONNREFUSED'));
    expect(await createApiClient({ serviceUrl: 'http://s', token: 't', fetch: down.fetch }).me()).toEqual({
      ok: false,
      status: 0,
      error: null,
    });
    const gateway = fakeFetch(502, '<html>Bad Gateway</html>');
    expect(await createApiClient({ serviceUrl: 'http://s', token: 't', fetch: gateway.fetch }).me()).toEqual({
      ok: false,
      status: 502,
      error: null,
    });
  });
});
