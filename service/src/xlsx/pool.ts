import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { poolTexts } from '../messages';
import type { AnalysisTask, RowsTask, RowsValidator, WorkbookAnalyzer, WorkbookProblem } from './analyze';

export interface WorkbookPoolOptions {
  /** Worker threads, each reading one workbook at a time. */
  threads: number;
  /** Per-file time limit, counted from when a worker takes the file (not while it waits or starts). */
  timeoutMs: number;
  /** V8 old-generation heap of each worker: a workbook that needs more is refused, the service lives on. */
  maxMemoryMb: number;
  /** Start every worker now (the service) rather than on first use (tests that never upload a file). */
  warm: boolean;
  /** A worker that failed outside a file (e.g. out of memory while starting): logged, and replaced. */
  onWorkerError?: (error: unknown) => void;
  /** The worker module (default: the workbook analysis); tests give one that misbehaves on purpose. */
  filename?: string;
}

export interface WorkbookPool {
  analyze: WorkbookAnalyzer;
  validateRows: RowsValidator;
  /** Workers busy plus files waiting for one. */
  pending(): number;
  close(): Promise<void>;
}

/**
 * Reading and validating uploaded workbooks off the event loop, in worker threads with a heap limit
 * and a time limit: a hostile file costs one worker (terminated and replaced by piscina) and gets an
 * answer, while /api/health and every other request keep being served.
 */
export function createWorkbookPool(options: WorkbookPoolOptions): WorkbookPool {
  const piscina = new Piscina<{ started: MessagePort; task: AnalysisTask | RowsTask }, unknown>({
    filename: options.filename ?? new URL('./analyze-worker.mjs', import.meta.url).href,
    minThreads: options.warm ? options.threads : 0,
    maxThreads: options.threads,
    idleTimeout: options.warm ? Infinity : 30_000,
    concurrentTasksPerWorker: 1,
    resourceLimits: { maxOldGenerationSizeMb: options.maxMemoryMb },
  });
  // Unhandled, a worker's error outside a task would be thrown at the service.
  piscina.on('error', (error: unknown) => options.onWorkerError?.(error));
  // Piscina would queue too, but the time limit must not run while a file waits for a worker.
  let running = 0;
  const waiting: (() => void)[] = [];
  const slot = async () => {
    if (running >= options.threads) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
  };
  const release = () => {
    running--;
    waiting.shift()?.();
  };

  /** Runs the worker's export `name` on the task, within the time and memory limits. */
  async function run<R>(
    name: string,
    task: AnalysisTask | RowsTask,
  ): Promise<R | { ok: false; problem: WorkbookProblem }> {
    await slot();
    const abort = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    // A worker that is still starting (loading tsx and the engine takes seconds on a busy machine)
    // has not begun the file: the clock starts with the worker's word that it has.
    const { port1, port2 } = new MessageChannel();
    port1.once('message', () => {
      timer = setTimeout(() => abort.abort(), options.timeoutMs);
      port1.close();
    });
    try {
      return (await piscina.run(
        { started: port2, task },
        {
          name,
          signal: abort.signal,
          // piscina types the list from MessagePort.postMessage, which @types/node overloads.
          transferList: [port2] as never,
        },
      )) as R;
    } catch (error) {
      if (abort.signal.aborted)
        return { ok: false, problem: { code: 'timeout', message: poolTexts.timeout(options.timeoutMs) } };
      if ((error as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY')
        return { ok: false, problem: { code: 'out-of-memory', message: poolTexts.outOfMemory } };
      throw error;
    } finally {
      clearTimeout(timer);
      port1.close();
      release();
    }
  }

  return {
    analyze: (task) => run('default', task),
    validateRows: (task) => run('validateRows', task),
    pending: () => running + waiting.length,
    close: () => piscina.close({ force: true }),
  };
}
