import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'acorn';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../service/src/main';
import { startTestService, type TestService } from '../support/service';

const BOOTSTRAP = path.join(projectRoot, 'addin/public/bootstrap.js');

describe('the task pane bootstrap (the one script Trident must be able to parse)', () => {
  it('is ES5: acorn at ecmaVersion 5 parses it as a classic script', () => {
    const source = fs.readFileSync(BOOTSTRAP, 'utf8');
    expect(() => parse(source, { ecmaVersion: 5, sourceType: 'script' })).not.toThrow();
    // The same parser refuses what IE11 refuses, so the check above means something.
    for (const later of ['let a = 1;', 'var f = () => 1;', 'var s = `x`;', 'var o = { a, };', 'f(1,);'])
      expect(() => parse(later, { ecmaVersion: 5, sourceType: 'script' })).toThrow();
  });
});

describe('how the service serves it', () => {
  let svc: TestService;
  beforeAll(async () => {
    svc = await startTestService();
  });
  afterAll(async () => {
    await svc.close();
  });

  it('the pane page names the bootstrap and the bundle by content hash, and both resolve', async () => {
    const page = await request(svc.app).get('/addin/taskpane.html').expect(200);
    const tag = /<script id="bootstrap" src="([^"]+)" data-bundle="([^"]+)"><\/script>/.exec(page.text);
    expect(tag).not.toBeNull();
    const [, bootstrap, bundle] = tag!;
    expect(bootstrap).toMatch(/^\/addin\/bootstrap\.[0-9a-f]{12}\.js$/);
    expect(bundle).toMatch(/^\/addin\/taskpane\.[0-9a-f]{12}\.js$/);
    const served = await request(svc.app).get(bootstrap!).set('Accept-Encoding', 'identity').expect(200);
    expect(served.headers['content-type']).toContain('javascript');
    expect(served.text).toBe(fs.readFileSync(BOOTSTRAP, 'utf8'));
    await request(svc.app).get(bundle!).expect(200);
    // The modern bundle is no longer a script tag of its own: only the bootstrap adds it.
    expect(page.text).not.toMatch(/<script[^>]* src="\/addin\/taskpane\./);
  });

  it('needs no inline script: every script of the page is a file, and the CSP allows only this origin', async () => {
    const page = await request(svc.app).get('/addin/taskpane.html').expect(200);
    const scripts = page.text.match(/<script\b[^>]*>[\s\S]*?<\/script>/g) ?? [];
    expect(scripts.length).toBe(2); // office.js, then the bootstrap
    for (const script of scripts) expect(script).toMatch(/^<script\b[^>]* src="[^"]+"[^>]*><\/script>$/);
    const csp = page.headers['content-security-policy']!;
    expect(csp).toMatch(/script-src 'self'(;|$)/);
  });

  it('the drop page and the console load their bundle only through the same bootstrap, both by content hash', async () => {
    for (const [route, bundle] of [
      ['/', /^\/web\/web\.[0-9a-f]{12}\.js$/],
      ['/console', /^\/console\/console\.[0-9a-f]{12}\.js$/],
    ] as const) {
      const page = await request(svc.app).get(route).expect(200);
      const scripts = page.text.match(/<script\b[^>]*>[\s\S]*?<\/script>/g) ?? [];
      expect([route, scripts.length]).toEqual([route, 1]);
      const tag =
        /<script\s+id="bootstrap"\s+src="([^"]+)"\s+data-page="browser"\s+data-bundle="([^"]+)"\s*><\/script>/.exec(
          page.text,
        );
      expect(tag).not.toBeNull();
      expect(tag![1]).toMatch(/^\/addin\/bootstrap\.[0-9a-f]{12}\.js$/);
      expect(tag![2]).toMatch(bundle);
      const served = await request(svc.app).get(tag![1]!).set('Accept-Encoding', 'identity').expect(200);
      expect(served.text).toBe(fs.readFileSync(BOOTSTRAP, 'utf8'));
      await request(svc.app).get(tag![2]!).expect(200);
    }
  });

  it('the commands page (the manifest’s function file) has no inline script either, and its script is ES5', async () => {
    const page = await request(svc.app).get('/addin/commands.html').expect(200);
    const scripts = page.text.match(/<script\b[^>]*>[\s\S]*?<\/script>/g) ?? [];
    expect(scripts.length).toBe(2); // office.js, then commands.js
    for (const script of scripts) expect(script).toMatch(/^<script\b[^>]* src="[^"]+"[^>]*><\/script>$/);
    const src = /src="(\/addin\/commands[^"]*\.js)"/.exec(page.text)![1]!;
    const served = await request(svc.app).get(src).set('Accept-Encoding', 'identity').expect(200);
    expect(served.text).toContain('Office.onReady');
    expect(() => parse(served.text, { ecmaVersion: 5, sourceType: 'script' })).not.toThrow();
  });
});
