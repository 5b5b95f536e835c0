import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '../support/service';

const WRONG = 'Bearer ss_wrongwrongwrongwrongwrong';

describe('limits that protect without locking people out', () => {
  let svc: TestService;
  let proxied: TestService;
  beforeAll(async () => {
    svc = await startTestService({ AUTH_FAILURE_LIMIT: '3', RATE_LIMIT_PER_MINUTE: '5' });
    proxied = await startTestService({ AUTH_FAILURE_LIMIT: '3', TRUST_PROXY: 'loopback' });
  });
  afterAll(async () => {
    await svc.close();
    await proxied.close();
  });

  it('an address past its small budget of failed authentications gets 429 in Japanese; valid tokens from it and /api/health still pass', async () => {
    for (let i = 0; i < 3; i++)
      await request(svc.app).get('/api/cycles').set('Authorization', WRONG).expect(401);
    const refused = await request(svc.app).get('/api/cycles').expect(429);
    expect(refused.headers['retry-after']).toMatch(/^\d+$/);
    expect(refused.body.error.message).toContain('認証に失敗した要求が多すぎます');
    // Same address: the admin is not locked out by someone else's flood, nor is a department.
    await request(svc.app).get('/api/cycles').set('Authorization', `Bearer ${svc.adminToken}`).expect(200);
    const department = await svc.departmentToken('水産課');
    await request(svc.app).get('/api/me').set('Authorization', `Bearer ${department}`).expect(200);
    for (let i = 0; i < 5; i++) await request(svc.app).get('/api/health').expect(200);
  });

  it('a forged X-Forwarded-For does not buy a new budget unless TRUST_PROXY names the proxy', async () => {
    const forged = (n: number) =>
      request(svc.app).get('/api/me').set('Authorization', WRONG).set('X-Forwarded-For', `203.0.113.${n}`);
    for (let n = 1; n <= 3; n++) expect((await forged(n)).status).toBe(429);

    // Behind a trusted proxy (loopback here) the forwarded address is the client's: one budget each.
    const viaProxy = (client: string) =>
      request(proxied.app).get('/api/me').set('Authorization', WRONG).set('X-Forwarded-For', client);
    for (let i = 0; i < 3; i++) await viaProxy('198.51.100.7').expect(401);
    await viaProxy('198.51.100.7').expect(429);
    await viaProxy('198.51.100.8').expect(401);
  });

  it('a token is limited on its own generous budget, not sharing it with other tokens', async () => {
    const a = await svc.departmentToken('農林課');
    const b = await svc.departmentToken('商業労政課');
    for (let i = 0; i < 5; i++)
      await request(svc.app).get('/api/me').set('Authorization', `Bearer ${a}`).expect(200);
    const refused = await request(svc.app).get('/api/me').set('Authorization', `Bearer ${a}`).expect(429);
    expect(refused.headers['retry-after']).toMatch(/^\d+$/);
    expect(refused.body.error.message).toContain('要求が多すぎます');
    await request(svc.app).get('/api/me').set('Authorization', `Bearer ${b}`).expect(200);
  });
});
