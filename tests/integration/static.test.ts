import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../support/service';

let local: TestService;
let cdn: TestService;
beforeAll(async () => {
  local = await startTestService();
  cdn = await startTestService({
    OFFICE_JS_SOURCE: 'cdn',
    PUBLIC_ORIGIN: 'https://sousei.city.example.lg.jp',
  });
});
afterAll(async () => {
  await local.close();
  await cdn.close();
});

describe('what the service serves for the add-in and the browser page', () => {
  it('serves manifest.xml pointing at the origin it listens on, whatever Host the request names', async () => {
    const res = await request(local.app)
      .get('/manifest.xml')
      .set('Host', 'attacker.example:8443')
      .expect(200);
    expect(res.headers['content-type']).toContain('application/xml');
    expect(res.text).toContain('<SourceLocation DefaultValue="http://localhost:3000/addin/taskpane.html"/>');
    expect(res.text).not.toContain('attacker.example');
    expect(res.text).not.toContain('https://localhost:3000');
  });

  it('uses the configured public origin when there is one', async () => {
    const res = await request(cdn.app).get('/manifest.xml').expect(200);
    expect(res.text).toContain('https://sousei.city.example.lg.jp/addin/taskpane.html');
  });

  it('serves office.js from the npm package by default (no Microsoft CDN needed)', async () => {
    const page = await request(local.app).get('/addin/taskpane.html').expect(200);
    expect(page.text).toContain('<script src="/office-js/office.js"></script>');
    const officeJs = await request(local.app).get('/office-js/office.js').expect(200);
    expect(officeJs.text.length).toBeGreaterThan(10_000);
  });

  it('points the task pane at the CDN when OFFICE_JS_SOURCE=cdn', async () => {
    const page = await request(cdn.app).get('/addin/taskpane.html').expect(200);
    expect(page.text).toContain('https://appsforoffice.microsoft.com/lib/1/hosted/office.js');
    await request(cdn.app).get('/office-js/office.js').expect(404);
  });

  it('serves the drop page at / and the bundles it needs', async () => {
    const page = await request(local.app).get('/').expect(200);
    expect(page.text).toContain('ここに Excel ブック (.xlsx) をドロップ');
    await request(local.app).get('/web/web.js').expect(200);
    await request(local.app).get('/addin/taskpane.js').expect(200);
    await request(local.app).get('/addin/assets/icon-32.png').expect('Content-Type', 'image/png');
  });

  it('lets Excel on the web frame the task pane', async () => {
    const res = await request(local.app).get('/addin/taskpane.html');
    expect(res.headers['x-frame-options']).toBeUndefined();
    expect(res.headers['content-security-policy']).not.toContain('frame-ancestors');
  });
});
