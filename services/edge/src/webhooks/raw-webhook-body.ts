// Webhook signatures are over the raw bytes, so /webhooks/* bodies are read raw (up to
// EDGE_WEBHOOK_MAX_BYTES, else 413) before Nest's JSON parser: registered by the edge's
// configureApp hook (edge.module.ts), before the app initialises and adds its parsers, this runs
// first, and the JSON parser then finds the request already read and leaves it alone. Every other
// route keeps Nest's parsers.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { INestApplication } from '@nestjs/common';
import { edgeMetrics } from '../edge-metrics.js';
import { WEBHOOK_PLATFORMS } from '../tenants/edge-tenants.js';

export const WEBHOOKS_PATH = '/webhooks';

/** The request as the webhook controller sees it: the raw body read by this middleware. */
export type WebhookRequest = IncomingMessage & { body?: unknown; rawWebhookBody?: Buffer };

class TooLarge extends Error {}

/** Reads the whole body, refusing (without reading further) past `maxBytes`. */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) return Promise.reject(new TooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        req.off('data', onData);
        req.pause();
        reject(new TooLarge());
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', reject);
  });
}

function platformOf(url: string | undefined): string {
  const platform = (url ?? '').split('?')[0]!.split('/').filter(Boolean)[0] ?? '';
  return (WEBHOOK_PLATFORMS as readonly string[]).includes(platform) ? platform : 'unknown';
}

/** Reads /webhooks/* bodies raw; call before the app initialises (the service kit's configureApp). */
export function useRawWebhookBody(app: INestApplication, maxBytes: number): void {
  app.use(WEBHOOKS_PATH, (req: WebhookRequest, res: ServerResponse, next: (err?: unknown) => void) => {
    readBody(req, maxBytes).then(
      (body) => {
        req.rawWebhookBody = body;
        next();
      },
      (err: unknown) => {
        if (!(err instanceof TooLarge)) return next(err);
        edgeMetrics().webhooks.add(1, {
          platform: platformOf(req.url),
          topic: 'unknown',
          outcome: 'too_large',
        });
        // The rest of the body is not read: the connection is not reused.
        res.writeHead(413, { 'content-type': 'application/json', connection: 'close' });
        res.end(
          JSON.stringify({
            error: 'too_large',
            message: `a webhook body may have at most ${maxBytes} bytes`,
          }),
        );
      },
    );
  });
}
