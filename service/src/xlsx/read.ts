import { readXlsx, type ReadOptions, type ReadResult } from '#shared';

export type { ReadResult } from '#shared';

/**
 * Bytes → snapshot with the shared bounded reader (the same one the CLI and the browser page
 * use). Async so that callers may move it off the event loop without changing their code.
 */
export async function readWorkbook(
  bytes: Uint8Array,
  maxBytes: number,
  options: Omit<ReadOptions, 'maxBytes'> = {},
): Promise<ReadResult> {
  return readXlsx(bytes, { ...options, maxBytes });
}
