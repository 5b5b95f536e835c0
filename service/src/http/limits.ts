import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { apiErrors } from '../messages';
import type { Store } from '../store/store';
import { authenticate } from '../usecases/tokens';
import { sendError } from './errors';

export interface LimitOptions {
  store: Store;
  /** Requests without a valid token an address may make per window before 429. */
  authFailures: number;
  authFailureWindowMs: number;
  /** Requests one token may make per minute. */
  perTokenPerMinute: number;
}

/** Seconds until the limiter lets the client in again (express-rate-limit records it on the request). */
function retryAfter(req: Request): number {
  const reset = (req as Request & { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
  return reset ? Math.max(1, Math.ceil((reset.getTime() - Date.now()) / 1000)) : 60;
}

function refuse(text: (seconds: number) => { ja: string; en: string }) {
  return (req: Request, res: Response) => {
    const seconds = retryAfter(req);
    res.set('Retry-After', String(seconds));
    sendError(res, 429, 'rate-limited', text(seconds));
  };
}

const BEARER = /^Bearer\s+(\S+)$/i;
// Health checks of a supervisor or load balancer must never be refused.
const isHealth = (req: Request) => req.path === '/health';

/**
 * The API's limits, in front of its routes. A token is recognized first, so the two budgets never mix:
 * requests without a valid token (missing, wrong, revoked) are counted per address with a small
 * budget, and refused with 429 past it; requests with a valid token are counted per token with a
 * generous one. An unauthenticated flood from any address therefore never locks out a valid token,
 * not even the admin's behind the same address. Addresses are the socket's unless TRUST_PROXY names
 * the proxy in front, so a client cannot pick its own address with X-Forwarded-For.
 */
export function apiLimits({
  store,
  authFailures,
  authFailureWindowMs,
  perTokenPerMinute,
}: LimitOptions): RequestHandler[] {
  const identify: RequestHandler = async (req: Request, _res: Response, next: NextFunction) => {
    if (isHealth(req)) return next();
    const m = BEARER.exec(req.get('authorization') ?? '');
    const auth = m ? await authenticate(store, m[1]!) : null;
    if (auth?.ok) req.principal = auth.principal;
    next();
  };
  const unauthenticated = rateLimit({
    windowMs: authFailureWindowMs,
    limit: authFailures,
    skip: (req) => isHealth(req) || req.principal !== undefined,
    // Only failures use the budget: the public /api/docs answering 200 does not.
    skipSuccessfulRequests: true,
    keyGenerator: (req) => `address:${ipKeyGenerator(req.ip ?? '')}`,
    handler: refuse(apiErrors.tooManyFailures),
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    // Forwarded headers are ignored unless TRUST_PROXY is set: that is the point, not a misconfiguration.
    validate: { xForwardedForHeader: false },
  });
  const perToken = rateLimit({
    windowMs: 60_000,
    limit: perTokenPerMinute,
    skip: (req) => isHealth(req) || req.principal === undefined,
    keyGenerator: (req) => `token:${req.principal!.tokenId}`,
    handler: refuse(apiErrors.tooManyRequests),
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    validate: { xForwardedForHeader: false },
  });
  return [identify, unauthenticated, perToken];
}
