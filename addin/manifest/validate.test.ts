import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// A closed local port stands in for Microsoft's service being out of reach (as on a closed network).
const offline = { ...process.env, MANIFEST_VALIDATION_URL: 'http://127.0.0.1:9' };

function run(args: string[]) {
  return spawnSync('npm', ['run', '--silent', 'validate:manifest', ...args], {
    env: offline,
    encoding: 'utf8',
  });
}

describe('npm run validate:manifest without Microsoft’s service', () => {
  it('runs the offline check, says so, and passes the committed manifest (exit 0)', () => {
    const res = run([]);
    expect(res.stdout).toContain('ran the offline check');
    expect(res.stdout).toContain('OK');
    expect(res.status).toBe(0);
  });

  it('lists the problems of a broken manifest and exits 1', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'manifest-')), 'manifest.xml');
    fs.writeFileSync(
      file,
      fs.readFileSync('manifest.xml', 'utf8').replace(/https:\/\/localhost:3000/g, 'http://x'),
    );
    const res = run(['--', file]);
    expect(res.stdout).toContain('ran the offline check');
    expect(res.stdout).toContain('must use HTTPS');
    expect(res.status).toBe(1);
  });
});
