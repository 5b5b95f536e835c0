import { z } from 'zod';
import type { Finding } from '#shared';
import { AcceptedReplySchema, ErrorReplySchema, XLSX_TYPE, type ReturnNotice } from '#shared/api';
import { safeJson, type KeyValueStore } from './storage';

/**
 * Submissions waiting for the service. Every submission is stored here BEFORE it is sent and
 * removed only when the service has answered, so closing the pane or losing the network never
 * loses one. Its id is the Idempotency-Key: a retry after a lost answer is stored once.
 */
export const QueuedSubmissionSchema = z.object({
  id: z.string(),
  serviceUrl: z.string(),
  cycle: z.string(),
  token: z.string(),
  createdAt: z.string(),
  reason: z.string().nullable(),
  attempts: z.number().int().default(0),
  payload: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('xlsx'), base64: z.string(), fileName: z.string() }),
    z.object({
      kind: z.literal('json'),
      rows: z.array(z.unknown()),
      /** The body's key: `rows` (KPI or progress rows) or `projects` (project cycles). */
      field: z.enum(['rows', 'projects']).default('rows'),
    }),
  ]),
});
export type QueuedSubmission = z.infer<typeof QueuedSubmissionSchema>;

export type { ReturnNotice };

export type SendOutcome =
  | { status: 'delivered'; id: string; version: number; findings: Finding[]; returned: ReturnNotice | null }
  | {
      status: 'rejected';
      id: string;
      httpStatus: number;
      /** The service's error code (`validation-failed`, `rows-dropped`, …), when it sent one. */
      code: string | null;
      message: string;
      messageEn: string;
      findings: Finding[];
      returned: ReturnNotice | null;
    }
  | { status: 'unreachable'; id: string };

export interface HttpRequest {
  url: string;
  headers: Record<string, string>;
  body: Uint8Array | string;
  onProgress?: (fraction: number) => void;
}

/** Status 0 = the service could not be reached. */
export type Transport = (req: HttpRequest) => Promise<{ status: number; body: string }>;

const QUEUE_KEY = 'sousei.queue';
/** Gateways and a restarting service answer these: the submission stays queued. */
const RETRYABLE = new Set([0, 408, 429, 502, 503, 504]);

export function newSubmission(input: {
  serviceUrl: string;
  cycle: string;
  token: string;
  reason: string | null;
  file: { bytes: Uint8Array; name: string } | null;
  rows: readonly unknown[];
  field?: 'rows' | 'projects' | undefined;
}): QueuedSubmission {
  return {
    id: uuid(),
    serviceUrl: input.serviceUrl.replace(/\/$/, ''),
    cycle: input.cycle,
    token: input.token,
    createdAt: new Date().toISOString(),
    reason: input.reason,
    attempts: 0,
    payload: input.file
      ? { kind: 'xlsx', base64: toBase64(input.file.bytes), fileName: input.file.name }
      : { kind: 'json', rows: [...input.rows], field: input.field ?? 'rows' },
  };
}

export class SubmitQueue {
  constructor(
    private readonly store: KeyValueStore,
    private readonly transport: Transport,
  ) {}

  list(): QueuedSubmission[] {
    const parsed = z.array(QueuedSubmissionSchema).safeParse(safeJson(this.store.getItem(QUEUE_KEY)) ?? []);
    return parsed.success ? parsed.data : [];
  }

  private write(items: QueuedSubmission[]): void {
    if (items.length === 0) this.store.removeItem(QUEUE_KEY);
    else this.store.setItem(QUEUE_KEY, JSON.stringify(items));
  }

  add(item: QueuedSubmission): void {
    this.write([...this.list(), item]);
  }

  /** Sends one queued submission; it leaves the queue only when the service has answered for good. */
  async send(id: string, onProgress?: (fraction: number) => void): Promise<SendOutcome> {
    const item = this.list().find((q) => q.id === id);
    if (!item) throw new Error(`submission ${id} is not queued`);
    this.write(this.list().map((q) => (q.id === id ? { ...q, attempts: q.attempts + 1 } : q)));
    const headers: Record<string, string> = {
      Authorization: `Bearer ${item.token}`,
      'Idempotency-Key': item.id,
    };
    if (item.reason) headers['X-Warning-Reason'] = encodeURIComponent(item.reason);
    let body: Uint8Array | string;
    if (item.payload.kind === 'xlsx') {
      headers['Content-Type'] = XLSX_TYPE;
      headers['X-File-Name'] = encodeURIComponent(item.payload.fileName);
      body = fromBase64(item.payload.base64);
    } else {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify({
        [item.payload.field]: item.payload.rows,
        ...(item.reason ? { reason: item.reason } : {}),
      });
    }
    const url = `${item.serviceUrl}/api/cycles/${encodeURIComponent(item.cycle)}/submissions`;
    let response: { status: number; body: string };
    try {
      response = await this.transport(
        onProgress ? { url, headers, body, onProgress } : { url, headers, body },
      );
    } catch {
      response = { status: 0, body: '' };
    }
    if (RETRYABLE.has(response.status)) return { status: 'unreachable', id };
    this.write(this.list().filter((q) => q.id !== id));
    const json = safeJson(response.body);
    if (response.status === 200 || response.status === 201) {
      const ok = AcceptedReplySchema.safeParse(json);
      if (ok.success)
        return {
          status: 'delivered',
          id,
          version: ok.data.submission.version,
          findings: ok.data.findings,
          returned: ok.data.previousReturn ?? null,
        };
    }
    const err = ErrorReplySchema.safeParse(json);
    const e = err.success ? err.data.error : null;
    return {
      status: 'rejected',
      id,
      httpStatus: response.status,
      code: e !== null && typeof e !== 'string' ? e.code : null,
      message: typeof e === 'string' ? e : (e?.message ?? `HTTP ${response.status}`),
      messageEn: typeof e === 'string' ? e : (e?.messageEn ?? `HTTP ${response.status}`),
      findings: err.success ? (err.data.findings ?? []) : [],
      returned: err.success ? (err.data.previousReturn ?? null) : null,
    };
  }
}

/** XMLHttpRequest, for upload progress (fetch has none). */
export const xhrTransport: Transport = (req) =>
  new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', req.url);
    for (const [k, v] of Object.entries(req.headers)) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) req.onProgress?.(e.loaded / e.total);
    };
    xhr.onload = () => resolve({ status: xhr.status, body: xhr.responseText });
    xhr.onerror = () => resolve({ status: 0, body: '' });
    xhr.ontimeout = () => resolve({ status: 0, body: '' });
    xhr.timeout = 120_000;
    xhr.send(typeof req.body === 'string' ? req.body : new Blob([req.body as Uint8Array<ArrayBuffer>]));
  });

/** randomUUID exists only in secure contexts; the pane may be opened over plain HTTP for a try-out. */
function uuid(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

function fromBase64(text: string): Uint8Array {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}
