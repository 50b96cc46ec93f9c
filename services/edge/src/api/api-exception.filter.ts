// Writes every failure of an API route as `{code, message, violations?}` with its status (and
// Retry-After for 429 and 503); anything unexpected is logged and answered 500 without details.
import { Catch, HttpException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { createLogger } from '@shopmind/telemetry';
import { ApiError, type ApiErrorBody, type ApiErrorCode } from './api-error.js';

const log = createLogger('edge-api');

/** The part of Express's response the filter uses. */
interface JsonResponse {
  setHeader(name: string, value: string): unknown;
  status(code: number): { json(body: unknown): unknown };
}

const CODE_OF_STATUS: Record<number, ApiErrorCode> = {
  400: 'invalid_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
  503: 'unavailable',
  504: 'deadline_exceeded',
};

@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<JsonResponse>();
    const error = apiErrorOf(exception);
    if (error.options.retryAfterSeconds !== undefined)
      res.setHeader('Retry-After', String(error.options.retryAfterSeconds));
    res.status(error.status).json(error.body satisfies ApiErrorBody);
  }
}

export function apiErrorOf(exception: unknown): ApiError {
  if (exception instanceof ApiError) return exception;
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    return new ApiError(status, CODE_OF_STATUS[status] ?? 'internal', exception.message);
  }
  log.error({ err: exception }, 'API request failed');
  return new ApiError(500, 'internal', 'internal error');
}
