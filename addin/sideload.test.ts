import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

// Sideloading needs Excel desktop; on the Linux machines that run this suite it must say so, not hang or crash.
describe.runIf(process.platform === 'linux')('npm run sideload / unsideload without Excel', () => {
  it.each(['sideload', 'unsideload'])('%s refuses with a Japanese and English reason (exit 2)', (script) => {
    const res = spawnSync('npm', ['run', '--silent', script], { encoding: 'utf8' });
    expect(res.stderr).toContain('Windows か Mac の Excel デスクトップ版が必要です');
    expect(res.stderr).toContain('Sideloading needs Excel desktop on Windows or macOS (this machine: linux)');
    expect(res.status).toBe(2);
  });
});
