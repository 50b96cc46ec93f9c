// The console's own API routes, behind the same API keys as the rest of /api/v1: the live feed of
// the key's shop (server-sent events) and its fraud queue.
import {
  Controller,
  Get,
  Inject,
  Req,
  Res,
  UseFilters,
  UseGuards,
  type OnModuleDestroy,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { NatsConnection } from '@nats-io/transport-node';
import { BUS_CONNECTION, BUS_OPTIONS, type BusOptions } from '@shopmind/bus';
import { prefixSubject } from '@shopmind/contracts';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError } from '../api/api-error.js';
import { ApiExceptionFilter } from '../api/api-exception.filter.js';
import { ApiKeyGuard, apiTenantOf } from '../api/api-key.guard.js';
import { feedItemOf, type FeedItem } from './bus-feed.js';
import { FraudQueue } from './fraud-queue.js';

/** A comment line this often keeps proxies from closing an idle stream and tells the client it lives. */
export const FEED_HEARTBEAT_MS = 15_000;

@Controller('api/v1')
@ApiExcludeController()
@UseGuards(ApiKeyGuard)
@UseFilters(ApiExceptionFilter)
export class ConsoleApiController implements OnModuleDestroy {
  private readonly prefix: string;
  /** Ends each open feed stream: the HTTP server's close waits for every open response. */
  private readonly openFeeds = new Set<() => void>();

  constructor(
    @Inject(BUS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(BUS_OPTIONS) options: BusOptions,
    private readonly fraud: FraudQueue,
  ) {
    this.prefix = options.subjectPrefix ?? '';
  }

  /** The key's shop and its fraud results, newest first (the console signs in with this call). */
  @Get('fraud/queue')
  async fraudQueue(@Req() req: IncomingMessage): Promise<{ tenant: string; items: FeedItem[] }> {
    const tenant = apiTenantOf(req);
    try {
      return { tenant, items: await this.fraud.latest(tenant) };
    } catch {
      throw new ApiError(503, 'unavailable', 'the fraud queue cannot be read now', { retryAfterSeconds: 1 });
    }
  }

  /**
   * Server-sent events of everything on `shop.<tenant>.>` and `ai.<tenant>.>` for the key's shop:
   * `event: <domain>.<event>`, `data:` the feed item. Core NATS subscriptions of this stream only,
   * ended when the client goes.
   */
  @Get('feed')
  feed(@Req() req: IncomingMessage, @Res() res: ServerResponse): void {
    const tenant = apiTenantOf(req);
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.write(`retry: 3000\nevent: ready\ndata: ${JSON.stringify({ tenant })}\n\n`);
    const send = (item: FeedItem): void => {
      res.write(`event: ${item.type}\nid: ${item.eventId}\ndata: ${JSON.stringify(item)}\n\n`);
    };
    const subs = ['shop', 'ai'].map((root) =>
      this.nc.subscribe(prefixSubject(this.prefix, `${root}.${tenant}.>`), {
        callback: (err, msg) => {
          if (err) {
            res.end();
            return;
          }
          const item = feedItemOf(this.prefix, msg, tenant);
          if (item) send(item);
        },
      }),
    );
    const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), FEED_HEARTBEAT_MS);
    const close = (): void => {
      if (!this.openFeeds.delete(close)) return;
      clearInterval(heartbeat);
      for (const sub of subs) if (!sub.isClosed()) sub.unsubscribe();
      res.end();
    };
    this.openFeeds.add(close);
    req.on('close', close);
    res.on('close', close);
  }

  /** On shutdown the streams end (clients reconnect to another replica), so the server can close. */
  onModuleDestroy(): void {
    for (const close of [...this.openFeeds]) close();
  }
}
