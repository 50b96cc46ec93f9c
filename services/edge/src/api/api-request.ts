// What every API route reads from its request besides the body: the key's tenant and the ids
// (`X-Request-Id`, else a new UUID; `X-Correlation-Id`, optional) the query carries in its meta.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { ApiError } from './api-error.js';
import { apiTenantOf } from './api-key.guard.js';
import type { Asker } from './query-client.js';

const ID = /^[\x21-\x7e]{1,128}$/;

function idHeader(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !ID.test(value)) {
    throw new ApiError(400, 'invalid_request', `${name} must be 1 to 128 visible ASCII characters`);
  }
  return value;
}

export function askerOf(req: IncomingMessage): Asker {
  return {
    tenant: apiTenantOf(req),
    requestId: idHeader(req, 'x-request-id') ?? randomUUID(),
    correlationId: idHeader(req, 'x-correlation-id'),
  };
}
