import { ErrorReplySchema, XLSX_TYPE } from '#shared/api';
import type { ExcelPort } from '../excel/port';
import { REQUEST_TIMEOUT_MS, timeoutSignal, type Settings } from './storage';

/**
 * 「様式をダウンロード」: the department's template for the chosen cycle, fetched with the pane's token
 * (a plain link cannot send it) and opened in Excel as a new workbook; where the host cannot open one,
 * the same bytes as a link to save.
 */
export type TemplateOutcome =
  | { status: 'opened' }
  | { status: 'link'; url: string; fileName: string }
  | { status: 'failed'; message: { ja: string; en: string } | null };

type Fetch = (
  url: string,
  init: { headers: Record<string, string>; signal: AbortSignal },
) => Promise<{
  ok: boolean;
  headers: { get(name: string): string | null };
  arrayBuffer(): Promise<ArrayBuffer>;
  text(): Promise<string>;
}>;

/** Base64 of the bytes, in chunks (String.fromCharCode of a whole workbook overflows the call stack). */
function base64Of(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** The file name the service gives (`filename*=UTF-8''…`), else the cycle's. */
function fileNameOf(disposition: string | null, cycle: string): string {
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition ?? '')?.[1];
  try {
    if (encoded) return decodeURIComponent(encoded);
  } catch {
    // A malformed name: the cycle's below.
  }
  return `${cycle}.xlsx`;
}

export async function openTemplate(
  port: ExcelPort,
  settings: Settings,
  fetchImpl: Fetch = fetch,
): Promise<TemplateOutcome> {
  const url = `${settings.serviceUrl.replace(/\/$/, '')}/api/cycles/${encodeURIComponent(settings.cycle)}/template.xlsx`;
  let bytes: Uint8Array;
  let fileName: string;
  try {
    // Three times the pane's usual wait: a department's workbook is made on request.
    const res = await fetchImpl(url, {
      headers: { Authorization: `Bearer ${settings.token}` },
      signal: timeoutSignal(REQUEST_TIMEOUT_MS * 3),
    });
    if (!res.ok) {
      let body: unknown = null;
      try {
        body = JSON.parse(await res.text());
      } catch {
        // Not the service's JSON (a proxy's page): no message to show.
      }
      const error = ErrorReplySchema.safeParse(body);
      const e = error.success ? error.data.error : null;
      return {
        status: 'failed',
        message: e && typeof e === 'object' ? { ja: e.message, en: e.messageEn ?? e.message } : null,
      };
    }
    bytes = new Uint8Array(await res.arrayBuffer());
    fileName = fileNameOf(res.headers.get('content-disposition'), settings.cycle);
  } catch {
    return { status: 'failed', message: null };
  }
  try {
    await port.openWorkbook(base64Of(bytes));
    return { status: 'opened' };
  } catch {
    const blob = new Blob([bytes as Uint8Array<ArrayBuffer>], { type: XLSX_TYPE });
    return { status: 'link', url: URL.createObjectURL(blob), fileName };
  }
}
