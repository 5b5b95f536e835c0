import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';

/** Resident memory of a process in bytes (threads included: they share it), or null once it is gone. */
export function rssOf(pid: number): { rss: number; peak: number } | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) =>
      Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
    return { rss: kb('VmRSS'), peak: kb('VmHWM') };
  } catch {
    return null;
  }
}

/** Resets the kernel's peak-RSS mark (VmHWM) so the next reading is the peak since now; false where Linux refuses. */
export function resetPeakRss(pid: number): boolean {
  try {
    fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/** A TCP port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface HttpAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  /** From sending the request to the whole answer. */
  ms: number;
}

/** One HTTP request on a connection of its own; rejects after `timeoutMs` without an answer. */
export function httpRequest(
  port: number,
  options: {
    method?: string;
    path: string;
    headers?: Record<string, string>;
    body?: Buffer;
    timeoutMs: number;
  },
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let answered = false;
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: options.method ?? 'GET',
        path: options.path,
        agent: false,
        headers: {
          ...options.headers,
          ...(options.body ? { 'Content-Length': String(options.body.length) } : {}),
        },
      },
      (res) => {
        answered = true;
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          clearTimeout(timer);
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks),
            ms: performance.now() - started,
          });
        });
        res.on('error', reject);
      },
    );
    const timer = setTimeout(() => {
      req.destroy(new Error(`no answer within ${options.timeoutMs} ms`));
    }, options.timeoutMs);
    req.on('error', (error) => {
      // A server may answer (413) before reading a large body and close: the answer is what counts.
      if (answered && (error as NodeJS.ErrnoException).code === 'EPIPE') return;
      clearTimeout(timer);
      reject(error);
    });
    req.end(options.body);
  });
}

/**
 * The real service as `npm start` runs it (`tsx service/src/main.ts`, loaded in-process with
 * `--import tsx` so the child's pid is the service's own), on SQLite in `dataDir`.
 */
export class ServiceProcess {
  child: ChildProcess | null = null;
  exit: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  private log = '';
  private exitListeners: (() => void)[] = [];

  constructor(
    readonly port: number,
    private readonly env: Record<string, string>,
  ) {}

  get pid(): number {
    return this.child!.pid!;
  }

  get alive(): boolean {
    return this.child !== null && this.exit === null;
  }

  /** The last lines the service wrote (stdout and stderr), for a failure message. */
  tail(chars = 600): string {
    return this.log.slice(-chars);
  }

  async start(): Promise<void> {
    this.exit = null;
    this.log = '';
    const child = spawn(process.execPath, ['--import', 'tsx', path.resolve('service/src/main.ts')], {
      env: { ...process.env, ...this.env, PORT: String(this.port), HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    const keep = (c: Buffer) => {
      this.log = (this.log + c.toString('utf8')).slice(-20_000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('exit', (code, signal) => {
      this.exit = { code, signal };
      for (const l of this.exitListeners.splice(0)) l();
    });
    const deadline = Date.now() + 90_000;
    while (Date.now() < deadline) {
      if (this.exit) throw new Error(`service exited on start: ${this.tail()}`);
      try {
        const res = await httpRequest(this.port, { path: '/api/health', timeoutMs: 2000 });
        if (res.status === 200) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`service did not answer /api/health within 90 s: ${this.tail()}`);
  }

  /** Resolves when the process has exited (at once when it already has). */
  exited(): Promise<void> {
    if (!this.alive) return Promise.resolve();
    return new Promise((resolve) => this.exitListeners.push(resolve));
  }

  async kill(): Promise<void> {
    if (!this.alive) return;
    const done = this.exited();
    this.child!.kill('SIGKILL');
    await done;
  }

  async stop(): Promise<void> {
    if (!this.alive) return;
    const done = this.exited();
    this.child!.kill('SIGTERM');
    const timer = setTimeout(() => this.child?.kill('SIGKILL'), 10_000);
    await done;
    clearTimeout(timer);
  }
}

/** What a watched command did: its exit, output (first 256 KiB of each stream) and peak memory. */
export interface WatchedRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  peakRss: number;
  /** Why the watcher killed it, if it did. */
  killed: string | null;
  ms: number;
}

const OUTPUT_LIMIT = 256 * 1024;

const watched = new Set<ChildProcess>();

/** Kills the watched commands still running (a test run that ends early leaves none behind). */
export function killWatched(): void {
  for (const child of watched) child.kill('SIGKILL');
}

/**
 * Runs a command, sampling its memory; kills it when it passes `maxRss` or `timeoutMs` so that
 * one runaway file cannot take the (shared) test machine down with it.
 */
export function runWatched(
  args: string[],
  env: Record<string, string>,
  limits: { maxRss: number; timeoutMs: number },
): Promise<WatchedRun> {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    watched.add(child);
    let stdout = '';
    let stderr = '';
    let peakRss = 0;
    let killed: string | null = null;
    child.stdout.on('data', (c: Buffer) => {
      if (stdout.length < OUTPUT_LIMIT) stdout += c.toString('utf8');
    });
    child.stderr.on('data', (c: Buffer) => {
      if (stderr.length < OUTPUT_LIMIT) stderr += c.toString('utf8');
    });
    const sampler = setInterval(() => {
      const m = rssOf(child.pid!);
      if (!m) return;
      peakRss = Math.max(peakRss, m.rss, m.peak);
      if (peakRss > limits.maxRss && !killed) {
        killed = `RSS ${Math.round(peakRss / 1024 / 1024)} MiB > ${Math.round(limits.maxRss / 1024 / 1024)} MiB`;
        child.kill('SIGKILL');
      }
    }, 100);
    const timer = setTimeout(() => {
      killed = `no exit within ${limits.timeoutMs / 1000} s`;
      child.kill('SIGKILL');
    }, limits.timeoutMs);
    child.on('close', (code, signal) => {
      watched.delete(child);
      clearInterval(sampler);
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, peakRss, killed, ms: performance.now() - started });
    });
  });
}
