import fs from 'node:fs';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../../tests/support/service';
import { checkManifest, parseXml } from './check';

const source = fs.readFileSync('manifest.xml', 'utf8');
const ORIGIN = 'https://sousei.city.example.lg.jp';

describe('manifest.xml, checked offline', () => {
  let svc: TestService | null = null;
  afterEach(async () => {
    await svc?.close();
    svc = null;
  });

  it('passes as committed (every URL on https://localhost:3000)', () => {
    expect(checkManifest(source, { requireHttps: true })).toEqual([]);
  });

  it('passes as served for an https origin, every URL rewritten to that one origin', async () => {
    svc = await startTestService({ PUBLIC_ORIGIN: ORIGIN });
    const res = await request(svc.app).get('/manifest.xml').expect(200);
    expect(checkManifest(res.text, { requireHttps: true })).toEqual([]);
    expect(res.text).not.toContain('localhost');
    const root = parseXml(res.text);
    const source = root.children.find((c) => c.name === 'DefaultSettings')!.children[0]!;
    expect(source.attrs.DefaultValue).toBe(`${ORIGIN}/addin/taskpane.html`);
  });

  it('flags plain-HTTP URLs when served over http (Office would refuse to load it)', async () => {
    svc = await startTestService();
    const res = await request(svc.app).get('/manifest.xml').expect(200);
    const problems = checkManifest(res.text, { requireHttps: true });
    expect(problems.length).toBeGreaterThan(5);
    expect(problems.every((p) => p.message.includes('must use HTTPS'))).toBe(true);
  });

  it.each([
    [
      'elements out of order',
      (x: string) => x.replace(/(<Version>.*<\/Version>)\s*(<ProviderName>.*<\/ProviderName>)/, '$2$1'),
      '<Version> is out of order in <OfficeApp>: it must come before <ProviderName>',
    ],
    ['a bad GUID', (x: string) => x.replace(/<Id>[^<]*<\/Id>/, '<Id>sousei-sync</Id>'), 'is not a GUID'],
    [
      'no Permissions',
      (x: string) => x.replace(/<Permissions>.*<\/Permissions>/, ''),
      'required <Permissions> is missing',
    ],
    [
      'an undefined resid',
      (x: string) => x.replace('resid="Group.Label"', 'resid="Group.Missing"'),
      'resid "Group.Missing" is not defined',
    ],
    [
      'a second origin',
      (x: string) =>
        x.replace('https://localhost:3000/addin/assets/icon-80.png', 'https://cdn.example.com/icon-80.png'),
      "is not on the add-in's origin",
    ],
    [
      'a string without English',
      (x: string) => x.replace(/(<bt:String id="Group.Label"[^>]*>)\s*<bt:Override[^>]*\/>/, '$1'),
      'needs an en-US Override',
    ],
    [
      'an unknown element',
      (x: string) => x.replace('<Permissions>', '<Extra/><Permissions>'),
      '<Extra> is not allowed',
    ],
    ['broken XML', (x: string) => x.replace('</Hosts>', ''), 'not well-formed XML'],
  ])('catches %s', (_name, mutate, message) => {
    const broken = mutate(source);
    expect(broken).not.toBe(source);
    const problems = checkManifest(broken, { requireHttps: true });
    expect(problems.map((p) => p.message).join('\n')).toContain(message);
  });
});
