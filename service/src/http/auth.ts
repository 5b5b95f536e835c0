import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Principal, Store } from '../store/store';
import { authenticate } from '../usecases/tokens';
import { apiErrors } from '../messages';
import { sendError } from './errors';

declare module 'express-serve-static-core' {
  interface Request {
    principal?: Principal;
  }
}

/** Bearer-token authentication; `admin` restricts the route to the planning office. */
export function requireAuth(store: Store, options: { admin?: boolean } = {}): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    const header = req.get('authorization') ?? '';
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    // The API's limiter may have recognized the token already.
    const auth = req.principal
      ? ({ ok: true, principal: req.principal } as const)
      : m
        ? await authenticate(store, m[1]!)
        : null;
    if (!auth?.ok) {
      if (auth?.reason === 'expired')
        return sendError(res, 401, 'token-expired', apiErrors.tokenExpired(auth.at));
      if (auth?.reason === 'revoked')
        return sendError(res, 401, 'token-revoked', apiErrors.tokenRevoked(auth.at));
      return sendError(res, 401, 'unauthorized', apiErrors.unauthorized);
    }
    const principal = auth.principal;
    if (options.admin && principal.role !== 'admin')
      return sendError(res, 403, 'forbidden', apiErrors.forbidden);
    req.principal = principal;
    next();
  };
}
