// The error responses of the API's routes, declared once and applied per controller, so the
// OpenAPI document lists every status a route can answer with and the body it carries.
import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { apiErrorRef } from './api-schemas.js';

const RETRY_AFTER = {
  'Retry-After': { description: 'seconds to wait before trying again', schema: { type: 'integer' } },
} as const;

export const ERROR_RESPONSES = {
  400: { description: 'invalid_request: the body or parameters break the contract (see violations)' },
  401: { description: 'unauthorized: no API key, or an unknown one' },
  403: { description: "forbidden: the event's envelope names another tenant than the API key's" },
  404: { description: 'not_found: the service knows nothing of what was asked (or no such event type)' },
  413: { description: 'payload_too_large: the body is larger than EDGE_API_MAX_BYTES' },
  415: { description: 'unsupported_media_type: the body is not JSON' },
  429: { description: 'rate_limited: this API key made too many requests', headers: RETRY_AFTER },
  500: { description: 'internal: the service failed' },
  503: {
    description: 'unavailable: the service is down, busy or not running; retry later',
    headers: RETRY_AFTER,
  },
  504: { description: 'deadline_exceeded: no answer within EDGE_API_QUERY_TIMEOUT_MS' },
} as const;

export type ErrorStatus = keyof typeof ERROR_RESPONSES;

export const QUERY_ERRORS: ErrorStatus[] = [400, 401, 404, 413, 415, 429, 500, 503, 504];
export const EVENT_ERRORS: ErrorStatus[] = [400, 401, 403, 404, 413, 415, 429, 503];

export function ApiErrorResponses(...statuses: ErrorStatus[]): ClassDecorator & MethodDecorator {
  return applyDecorators(
    ...statuses.map((status) => ApiResponse({ status, ...ERROR_RESPONSES[status], schema: apiErrorRef })),
  );
}
