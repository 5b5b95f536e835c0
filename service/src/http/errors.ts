import type { ErrorRequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { apiErrors } from '../messages';

export interface ApiErrorBody {
  error: { code: string; message: string; messageEn: string };
  [extra: string]: unknown;
}

export function sendError(
  res: Response,
  status: number,
  code: string,
  text: { ja: string; en: string },
  extra: Record<string, unknown> = {},
): void {
  const body: ApiErrorBody = { error: { code, message: text.ja, messageEn: text.en }, ...extra };
  res.status(status).json(body);
}

/** Last handler: body-parser failures become clear 4xx; anything else is a bug, logged, with no stack to the client. */
export function errorHandler(logger: Logger, maxUploadMb: number): ErrorRequestHandler {
  return (err, _req, res, _next) => {
    const type = (err as { type?: string }).type;
    if (type === 'entity.too.large') return sendError(res, 413, 'too-large', apiErrors.tooLarge(maxUploadMb));
    if (type === 'entity.parse.failed') return sendError(res, 400, 'bad-json', apiErrors.badJson);
    if (type === 'encoding.invalid-utf8') return sendError(res, 400, 'bad-utf8', apiErrors.badUtf8);
    if (type === 'json.too-deep') return sendError(res, 400, 'bad-json', apiErrors.jsonTooDeep);
    if (type === 'encoding.unsupported' || type === 'charset.unsupported')
      return sendError(res, 415, 'unsupported-type', apiErrors.unsupportedType);
    const status = (err as { status?: number }).status;
    if (typeof status === 'number' && status >= 400 && status < 500)
      return sendError(res, status, 'bad-request', apiErrors.badRequest);
    logger.error({ err }, 'unhandled error');
    if (res.headersSent) return;
    sendError(res, 500, 'internal', apiErrors.internal);
  };
}
