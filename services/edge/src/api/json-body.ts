// Reads the JSON body of /api requests with the API's own limit (EDGE_API_MAX_BYTES, else 413;
// JSON only, else 415), and answers a body it refuses in the API's error shape. Registered by the
// edge's configureApp hook, before the app initialises and adds Nest's JSON parser (default limit
// 100 kB), it runs first; that parser then finds the body read and leaves it alone.
import type { JsonValue } from '@bufbuild/protobuf';
import type { INestApplication } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError } from './api-error.js';

export const API_PATH = '/api';

type BodyRequest = IncomingMessage & { body?: unknown };

function isJson(contentType: string | undefined): boolean {
  const media = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  return media === 'application/json' || media.endsWith('+json');
}

function tooLarge(maxBytes: number): ApiError {
  return new ApiError(413, 'payload_too_large', `the request body is larger than ${maxBytes} bytes`);
}

/** The body as JSON; an empty body is `{}`. */
export async function readJsonBody(req: BodyRequest, maxBytes: number): Promise<JsonValue> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > maxBytes) {
    req.resume(); // let the rest go, so the answer reaches the caller
    throw tooLarge(maxBytes);
  }
  const hasBody = declared > 0 || req.headers['transfer-encoding'] !== undefined;
  if (hasBody && !isJson(req.headers['content-type'])) {
    req.resume();
    throw new ApiError(
      415,
      'unsupported_media_type',
      'the body must be JSON (Content-Type: application/json)',
    );
  }
  const { chunks, size } = await collect(req, maxBytes);
  if (size === 0) return {};
  try {
    return JSON.parse(Buffer.concat(chunks, size).toString('utf8')) as JsonValue;
  } catch (err) {
    throw new ApiError(400, 'invalid_request', `the body is not JSON: ${(err as Error).message}`);
  }
}

/**
 * The body's bytes, up to `maxBytes`. Past it the rest is drained unread rather than the stream
 * destroyed: destroying it would reset the connection before the 413 is written.
 */
function collect(req: IncomingMessage, maxBytes: number): Promise<{ chunks: Buffer[]; size: number }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size <= maxBytes) {
        chunks.push(chunk);
        return;
      }
      req.off('data', onData).off('end', onEnd).off('error', onError);
      req.resume();
      reject(tooLarge(maxBytes));
    };
    const onEnd = (): void => resolve({ chunks, size });
    const onError = (err: Error): void =>
      reject(new ApiError(400, 'invalid_request', `the body could not be read: ${err.message}`));
    req.on('data', onData).on('end', onEnd).on('error', onError);
  });
}

/** The body of an API request, as the reader left it (`{}` when it had none). */
export function bodyOf(req: IncomingMessage): JsonValue {
  return ((req as BodyRequest).body ?? {}) as JsonValue;
}

/** Reads /api request bodies; call before the app initialises (the service kit's configureApp). */
export function useApiBodyReader(app: INestApplication, maxBytes: number): void {
  app.use(API_PATH, (req: BodyRequest, res: ServerResponse, next: (err?: unknown) => void) => {
    if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return next();
    readJsonBody(req, maxBytes).then(
      (body) => {
        req.body = body;
        next();
      },
      (err: unknown) => {
        if (!(err instanceof ApiError)) return next(err);
        res.statusCode = err.status;
        res.setHeader('content-type', 'application/json; charset=utf-8');
        res.end(JSON.stringify(err.body));
      },
    );
  });
}
