import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildKpiWorkbook } from '../fixtures/kpi-book';
import { forDepartment, goal1 } from '../fixtures/kpi-seed';
import { XLSX_TYPE as XLSX } from '#shared/api';

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Resolves with the first match of `pattern` in what the child has written to stdout. */
function waitFor(output: { text: string }, child: ChildProcess, pattern: RegExp): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const m = pattern.exec(output.text);
      if (m) {
        child.stdout!.off('data', check);
        resolve(m);
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => reject(new Error(`exited with ${code} before ${pattern}:\n${output.text}`)));
    check();
  });
}

describe('graceful shutdown of the real service (tsx service/src/main.ts)', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sousei-shutdown-'));
  let child: ChildProcess | undefined;
  afterAll(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it(
    'on SIGTERM stops accepting, finishes the submission in flight, and exits 0',
    { timeout: 180_000 },
    async () => {
      const port = await freePort();
      child = spawn(path.resolve('node_modules/.bin/tsx'), ['service/src/main.ts'], {
        env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'info' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const output = { text: '' };
      child.stdout!.on('data', (c: Buffer) => (output.text += c.toString()));
      child.stderr!.on('data', (c: Buffer) => (output.text += c.toString()));
      const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
      const admin = (await waitFor(output, child, /\b(ss_[A-Za-z0-9_-]{20,64})\b/))[1]!;
      const base = `http://127.0.0.1:${port}`;
      const cycle = await fetch(`${base}/api/cycles`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${admin}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ id: 'kpi-2016', kind: 'kpi', fiscalYear: 2015, strategyId: 'kushiro-1' }),
      });
      expect(cycle.status).toBe(201);

      // The submission is in flight once the service has read its headers (100 Continue); the body
      // follows only after the service has begun to stop.
      const book = await buildKpiWorkbook([forDepartment(goal1, '水産課')]);
      const req = http.request(`${base}/api/cycles/kpi-2016/submissions`, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${admin}`,
          'X-Department': encodeURIComponent('水産課'),
          'Content-Type': XLSX,
          'Content-Length': book.length,
          Expect: '100-continue',
        },
      });
      const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
        req.on('response', (res) => {
          let body = '';
          res.on('data', (c: Buffer) => (body += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode!, body }));
        });
        req.on('error', reject);
      });
      await new Promise<void>((resolve) => req.once('continue', resolve));
      child.kill('SIGTERM');
      await waitFor(output, child, /sousei-sync stopping/);
      // No new connections are accepted while the submission finishes.
      await expect(fetch(`${base}/api/health`)).rejects.toThrow();
      req.end(book);

      const answer = await response;
      expect([answer.status, answer.body.slice(0, 200)]).toEqual([
        201,
        expect.stringContaining('"version":1'),
      ]);
      expect(await exited).toBe(0);
      expect(output.text).toContain('sousei-sync stopped');
    },
  );
});
