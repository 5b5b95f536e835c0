import { describe, expect, it } from 'vitest';
import { createWorkbookPool } from './pool';
import { bundledStrategies } from '#shared';

const worker = new URL('../../../tests/support/misbehaving-worker.mjs', import.meta.url).href;
const task = (department: string) => ({
  bytes: new Uint8Array([1, 2, 3]),
  maxBytes: 1024,
  strategy: [...bundledStrategies.values()][0]!,
  options: { department },
});

describe('the workbook worker pool', () => {
  it('answers a worker that exhausts its heap with out-of-memory and replaces it for the next file', async () => {
    const pool = createWorkbookPool({
      threads: 1,
      timeoutMs: 60_000,
      maxMemoryMb: 32,
      warm: false,
      filename: worker,
    });
    try {
      for (let i = 0; i < 2; i++) {
        const result = await pool.analyze(task('hoard'));
        expect(result.ok ? null : result.problem.code).toBe('out-of-memory');
        expect(result.ok ? '' : result.problem.message.ja).toContain('メモリの上限');
      }
      expect(pool.pending()).toBe(0);
    } finally {
      await pool.close();
    }
  });

  it('terminates a worker past the time limit and answers timeout; a file waiting for a worker is not on the clock', async () => {
    const pool = createWorkbookPool({
      threads: 1,
      timeoutMs: 300,
      maxMemoryMb: 64,
      warm: false,
      filename: worker,
    });
    try {
      // The quick file waits behind the stuck one longer than the limit, and is still answered.
      const [stuck, quick] = await Promise.all([pool.analyze(task('spin')), pool.analyze(task('quick'))]);
      expect(stuck.ok ? null : stuck.problem.code).toBe('timeout');
      expect(stuck.ok ? '' : stuck.problem.message.ja).toContain('制限時間');
      expect(quick.ok ? null : quick.problem.code).toBe('empty');
    } finally {
      await pool.close();
    }
  });
});
