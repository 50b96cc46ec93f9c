// The one error shape of the HTTP API, `{code, message, violations?}`, with its status, and how the
// bus's query error kinds (the `Shopmind-Error` header of a reply) map onto HTTP.
import type { QueryErrorCode } from '@shopmind/bus';

export type ApiErrorCode =
  | QueryErrorCode
  | 'unauthorized'
  | 'forbidden'
  | 'payload_too_large'
  | 'rate_limited'
  | 'unsupported_media_type';

export interface ApiErrorBody {
  code: ApiErrorCode;
  message: string;
  violations?: string[];
}

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: ApiErrorCode,
    message: string,
    readonly options: { violations?: string[]; retryAfterSeconds?: number } = {},
  ) {
    super(message);
  }

  get body(): ApiErrorBody {
    const body: ApiErrorBody = { code: this.code, message: this.message };
    if (this.options.violations?.length) body.violations = this.options.violations;
    return body;
  }
}

/** Retry-After of an `unavailable` reply: the service said to retry, soon. */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 1;

export const STATUS_OF_QUERY_ERROR: Readonly<Record<QueryErrorCode, number>> = {
  invalid_request: 400,
  not_found: 404,
  unavailable: 503,
  deadline_exceeded: 504,
  internal: 500,
};

/** The API error for an error reply of the bus; an unknown code counts as internal. */
export function apiErrorOfReply(code: string, message: string, violations: string[] = []): ApiError {
  const known = (code in STATUS_OF_QUERY_ERROR ? code : 'internal') as QueryErrorCode;
  return new ApiError(STATUS_OF_QUERY_ERROR[known], known, message, {
    violations,
    retryAfterSeconds: known === 'unavailable' ? UNAVAILABLE_RETRY_AFTER_SECONDS : undefined,
  });
}
