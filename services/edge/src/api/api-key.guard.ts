// Every API request names its shop by its API key (`Authorization: Bearer <key>` or `X-API-Key`):
// no key or an unknown one → 401; a key over its rate → 429 with Retry-After. The key's tenant is
// the only tenant the request can reach.
import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { EdgeTenants } from '../tenants/edge-tenants.js';
import { ApiError } from './api-error.js';
import { ApiRateLimiter } from './api-rate-limiter.js';

/** What the guard learned, on the request for the handlers (`apiTenantOf`). */
const TENANT = Symbol('shopmind.edge.api.tenant');
type GuardedRequest = IncomingMessage & { [TENANT]?: string };

/** The key of a request: the bearer token, else X-API-Key; undefined when neither is there. */
export function apiKeyOf(req: Pick<IncomingMessage, 'headers'>): string | undefined {
  const auth = req.headers.authorization;
  if (typeof auth === 'string') {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    if (m) return m[1];
  }
  const key = req.headers['x-api-key'];
  return typeof key === 'string' && key.trim() !== '' ? key.trim() : undefined;
}

/** The tenant of the API key the guard accepted. */
export function apiTenantOf(req: IncomingMessage): string {
  const tenant = (req as GuardedRequest)[TENANT];
  if (!tenant) throw new Error('apiTenantOf: the request did not pass ApiKeyGuard');
  return tenant;
}

@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    @Inject(EdgeTenants) private readonly tenants: EdgeTenants,
    private readonly rate: ApiRateLimiter,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<GuardedRequest>();
    const key = apiKeyOf(req);
    if (!key)
      throw new ApiError(
        401,
        'unauthorized',
        'an API key is required: Authorization: Bearer <key> or X-API-Key',
      );
    const tenant = this.tenants.byApiKey(key);
    if (!tenant) throw new ApiError(401, 'unauthorized', 'unknown API key');
    const verdict = await this.rate.take(key);
    if (!verdict.allowed) {
      throw new ApiError(429, 'rate_limited', 'too many requests for this API key', {
        retryAfterSeconds: verdict.retryAfterSeconds,
      });
    }
    req[TENANT] = tenant;
    return true;
  }
}
