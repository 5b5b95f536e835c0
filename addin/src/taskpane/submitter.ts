import { readWorkbook } from '#shared';
import type { ExcelPort } from '../excel/port';
import type { Settings } from './storage';
import { newSubmission, type QueuedSubmission, type SendOutcome, type SubmitQueue } from './submit-queue';

export interface SubmitState {
  phase: 'idle' | 'preparing' | 'uploading';
  /** 0…1 while preparing or uploading. */
  progress: number | null;
  last: SendOutcome | null;
  sentAs: 'xlsx' | 'json' | null;
  queued: QueuedSubmission[];
  nextRetryAt: number | null;
  /** Excel threw while giving the file: nothing was queued, Submit can be pressed again. */
  fileError: string | null;
}

/**
 * Why the clerk must write a reason before sending, or null: warnings remain, or the service
 * refused the last version for dropping more than half of the department's rows (`rows-dropped`).
 */
export function reasonNeeded(
  counts: { warning: number },
  last: SendOutcome | null,
): 'warnings' | 'rows-dropped' | null {
  if (last?.status === 'rejected' && last.code === 'rows-dropped') return 'rows-dropped';
  return counts.warning > 0 ? 'warnings' : null;
}

/** Why one-click submit is not possible yet, or null: errors block it; a needed reason must be written. */
export function submitBlocker(
  settings: Pick<Settings, 'serviceUrl' | 'token' | 'cycle'>,
  counts: { error: number },
  needed: ReturnType<typeof reasonNeeded>,
  reason: string,
  /** False until a whole pass has checked the workbook (a failed first read leaves counts at 0). */
  checked = true,
): 'settings' | 'unchecked' | 'errors' | 'reason' | null {
  if (settings.serviceUrl === '' || settings.token === '' || settings.cycle === '') return 'settings';
  if (!checked) return 'unchecked';
  if (counts.error > 0) return 'errors';
  if (needed !== null && reason.trim() === '') return 'reason';
  return null;
}

/** Back-off between automatic retries while the service is unreachable (then every minute). */
export const RETRY_DELAYS_MS = [2_000, 5_000, 10_000, 30_000, 60_000];

/**
 * One-click submit: the workbook (getFileAsync slices) or, where the host cannot give the file, the
 * service's reader would refuse it or the clerk corrected the column mapping, the rows as JSON (KPI rows, progress rows or project figures). Queued first, then sent; unreachable
 * → kept and retried with back-off, on `online`, and when the pane opens again.
 */
export class Submitter {
  state: SubmitState;
  private listeners = new Set<(s: SubmitState) => void>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private failures = 0;
  private flushing: Promise<void> | null = null;

  constructor(
    private readonly queue: SubmitQueue,
    private readonly port: ExcelPort,
  ) {
    this.state = {
      phase: 'idle',
      progress: null,
      last: null,
      sentAs: null,
      queued: queue.list(),
      nextRetryAt: null,
      fileError: null,
    };
  }

  subscribe(listener: (s: SubmitState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private set(patch: Partial<SubmitState>): void {
    this.state = { ...this.state, ...patch, queued: this.queue.list() };
    for (const l of this.listeners) l(this.state);
  }

  async submit(input: {
    settings: Settings;
    reason: string | null;
    rows: readonly unknown[];
    /** The JSON body's key: `rows` (KPI or progress rows) or `projects`. */
    field?: 'rows' | 'projects';
    /** False when the clerk's column corrections mean the file would be read differently on the server. */
    sendFile: boolean;
    fileName: string;
  }): Promise<void> {
    this.set({ phase: 'preparing', progress: 0, last: null, fileError: null });
    let bytes: Uint8Array | null = null;
    try {
      if (input.sendFile) bytes = await this.port.getFile((f) => this.set({ progress: f }));
    } catch (error) {
      this.set({
        phase: 'idle',
        progress: null,
        fileError: error instanceof Error ? error.message : String(error),
      });
      return;
    }
    // The file as the service will read it (the same reader): one it would refuse — damaged, hostile,
    // over the reader's bounds — is not sent; the rows read through Excel go instead.
    if (bytes && !readWorkbook(bytes).ok) bytes = null;
    const base = {
      serviceUrl: input.settings.serviceUrl,
      cycle: input.settings.cycle,
      token: input.settings.token,
      reason: input.reason,
      rows: input.rows,
      field: input.field,
    };
    let item = newSubmission({ ...base, file: bytes ? { bytes, name: input.fileName } : null });
    try {
      this.queue.add(item);
    } catch {
      // localStorage is full (a large workbook): the rows are far smaller and still never lost.
      item = newSubmission({ ...base, file: null });
      this.queue.add(item);
    }
    this.set({ sentAs: item.payload.kind });
    await this.flush();
  }

  /** Sends every queued submission in order; stops at the first that cannot reach the service. */
  flush(): Promise<void> {
    this.flushing ??= this.doFlush().finally(() => (this.flushing = null));
    return this.flushing;
  }

  private async doFlush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.set({ nextRetryAt: null });
    for (const item of this.queue.list()) {
      this.set({ phase: 'uploading', progress: 0 });
      const outcome = await this.queue.send(item.id, (f) => this.set({ progress: f }));
      if (outcome.status === 'unreachable') {
        const delay = RETRY_DELAYS_MS[Math.min(this.failures, RETRY_DELAYS_MS.length - 1)]!;
        this.failures++;
        this.timer = setTimeout(() => void this.flush(), delay);
        this.set({ phase: 'idle', progress: null, last: outcome, nextRetryAt: Date.now() + delay });
        return;
      }
      this.failures = 0;
      this.set({ last: outcome });
    }
    this.set({ phase: 'idle', progress: null });
  }
}
