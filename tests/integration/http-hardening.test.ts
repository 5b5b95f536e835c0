import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import ExcelJS from 'exceljs';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildKpiWorkbook } from '../fixtures/kpi-book';
import { forDepartment, goal1 } from '../fixtures/kpi-seed';
import { buildProjectWorkbook } from '../fixtures/project-book';
import { cityPromotion } from '../fixtures/project-seed';
import { binary, workbookOf, WARNING_REASON } from '../support/http';
import { startTestService, type TestService } from '../support/service';
import { projectRoot } from '../../service/src/main';
import { XLSX_TYPE as XLSX } from '#shared/api';

let svc: TestService;
let proxied: TestService;
const auth = (t: string) => ({ Authorization: `Bearer ${t}` });
beforeAll(async () => {
  svc = await startTestService();
  proxied = await startTestService({ TRUST_PROXY: 'loopback' });
  for (const [id, kind] of [
    ['kpi-2016', 'kpi'],
    ['project-2024', 'project'],
  ])
    await request(svc.app)
      .post('/api/cycles')
      .set(auth(svc.adminToken))
      .send({
        id,
        kind,
        // The kushiro-1 KPI cycle reports the FY2015 results (H27): every KPI needs its 実績値 of that year.
        fiscalYear: id === 'kpi-2016' ? 2015 : 2024,
        strategyId: id === 'kpi-2016' ? 'kushiro-1' : 'kushiro-2',
      })
      .expect(201);
});
afterAll(async () => {
  await svc.close();
  await proxied.close();
});

describe('HTTP and HTTPS both work', () => {
  it('over plain HTTP the CSP does not upgrade requests to HTTPS and no HSTS is sent', async () => {
    const res = await request(svc.app).get('/').expect(200);
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
    expect(res.headers['strict-transport-security']).toBeUndefined();
  });

  it('behind a trusted HTTPS proxy it does; a forged X-Forwarded-Proto from anyone else changes nothing', async () => {
    const viaProxy = await request(proxied.app).get('/').set('X-Forwarded-Proto', 'https').expect(200);
    expect(viaProxy.headers['content-security-policy']).toContain('upgrade-insecure-requests');
    expect(viaProxy.headers['strict-transport-security']).toContain('max-age=');
    const forged = await request(svc.app).get('/').set('X-Forwarded-Proto', 'https').expect(200);
    expect(forged.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
  });
});

describe('static bundles: compressed, content-hashed, cached', () => {
  const webJs = fs.readFileSync(path.join(projectRoot, 'dist/web/web.js'));

  it('the drop page names its bundle by content hash; that name is cached for a year, the page revalidated', async () => {
    const page = await request(svc.app).get('/').expect(200);
    expect(page.headers['cache-control']).toBe('no-cache');
    // Loaded by the pages' ES5 bootstrap (addin/public/bootstrap.js), named in data-bundle.
    const src = /data-bundle="(\/web\/web\.[0-9a-f]{12}\.js)"/.exec(page.text)?.[1];
    expect(src).toBeDefined();
    const bundle = await binary(request(svc.app).get(src!).set('Accept-Encoding', 'identity')).expect(200);
    expect(bundle.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(Buffer.compare(bundle.body as Buffer, webJs)).toBe(0);
    const taskpane = await request(svc.app).get('/addin/taskpane.html').expect(200);
    // The pane's bundle is added by its ES5 bootstrap (addin/public/bootstrap.js), named in data-bundle.
    expect(taskpane.text).toMatch(/data-bundle="\/addin\/taskpane\.[0-9a-f]{12}\.js"/);
  });

  it('sends brotli or gzip to a browser that accepts it, the same bytes once decoded', async () => {
    const br = await binary(
      request(svc.app).get('/web/web.js').set('Accept-Encoding', 'gzip, deflate, br'),
    ).expect(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toContain('Accept-Encoding');
    expect(Number(br.headers['content-length'])).toBeLessThan(webJs.length / 3);
    const gz = await request(svc.app)
      .get('/web/web.js')
      .set('Accept-Encoding', 'gzip')
      .buffer(true)
      .parse((res, cb) => {
        // Undecoded, to see what went over the wire.
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(gz.headers['content-encoding']).toBe('gzip');
    const wire = Number(gz.headers['content-length']);
    expect(wire).toBeLessThan(webJs.length / 3);
    const plain = await binary(request(svc.app).get('/web/web.js').set('Accept-Encoding', 'identity')).expect(
      200,
    );
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(Buffer.compare(plain.body as Buffer, webJs)).toBe(0);
    expect(
      Buffer.compare(zlib.gunzipSync(fs.readFileSync(path.join(projectRoot, 'dist/web/web.js.gz'))), webJs),
    ).toBe(0);
  });

  it('an unhashed bundle name is revalidated: 304 with the ETag', async () => {
    const first = await request(svc.app).get('/web/web.js').set('Accept-Encoding', 'identity').expect(200);
    expect(first.headers['cache-control']).toBe('no-cache');
    await request(svc.app).get('/web/web.js').set('If-None-Match', first.headers.etag!).expect(304);
  });
});

describe('smaller hardening', () => {
  it('JSON that is not valid UTF-8 is refused with 400 in Japanese, and nothing is stored', async () => {
    const token = await svc.departmentToken('水産課', 'kushiro-1');
    const body = Buffer.concat([
      Buffer.from('{"rows":[{"policy":"'),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('"}]}'),
    ]);
    // Over a real socket: supertest would send a Buffer as JSON of its bytes.
    const res = await fetch(`${await svc.listen()}/api/cycles/kpi-2016/submissions`, {
      method: 'POST',
      headers: { ...auth(token), 'Content-Type': 'application/json' },
      body: new Uint8Array(body),
    });
    expect(res.status).toBe(400);
    const error = ((await res.json()) as { error: { code: string; message: string } }).error;
    expect(error.code).toBe('bad-utf8');
    expect(error.message).toContain('UTF-8');
    expect(await svc.store.listSubmissions('kpi-2016', '水産課')).toEqual([]);
  });

  it('right-to-left overrides and other invisible controls are removed from a stored file name', async () => {
    // 水産課: its KPI has the 実績値 of FY2015 (農林課's 素材生産量 stops at H26), so the book is clean.
    const token = await svc.departmentToken('水産課', 'kushiro-1');
    const res = await request(svc.app)
      .post('/api/cycles/kpi-2016/submissions')
      .set(auth(token))
      .set('Content-Type', XLSX)
      .set('X-File-Name', encodeURIComponent('報告\u202Excod.exe\u200F\u2066\u0085.xlsx'))
      .send(await buildKpiWorkbook([forDepartment(goal1, '水産課')]))
      .expect(201);
    expect(res.body.submission.fileName).toBe('報告xcod.exe.xlsx');
  });

  it('the consolidated project workbook keeps web links and drops file:// and other links from a copied sheet', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await buildProjectWorkbook([cityPromotion])) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet(cityPromotion.sheet)!;
    ws.getCell('Z1').value = { text: '資料', hyperlink: 'file:///C:/Windows/System32/calc.exe' };
    ws.getCell('Z2').value = { text: '共有', hyperlink: '\\\\server\\share\\x.xlsx' };
    ws.getCell('Z3').value = { text: '市のページ', hyperlink: 'https://www.city.example.lg.jp/' };
    const res = await request(svc.app)
      .post('/api/cycles/project-2024/submissions')
      .set(auth(await svc.departmentToken('市民協働推進課')))
      .set(WARNING_REASON)
      .set('Content-Type', XLSX)
      .send(Buffer.from(await wb.xlsx.writeBuffer()));
    expect([res.status, res.body.error?.message]).toEqual([201, undefined]);
    const out = await workbookOf(
      request(svc.app).get('/api/cycles/project-2024/consolidated.xlsx').set(auth(svc.adminToken)),
    );
    const copied = out.getWorksheet(cityPromotion.sheet)!;
    expect(copied.getCell('Z1').value).toBe('資料');
    expect(copied.getCell('Z2').value).toBe('共有');
    expect(copied.getCell('Z3').value).toEqual({
      text: '市のページ',
      hyperlink: 'https://www.city.example.lg.jp/',
    });
  });
});
