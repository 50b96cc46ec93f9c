// The fraud queue of the console: the latest results of `ai.<tenant>.fraud.>` (orders scored, alerts,
// flagged reviews) per shop, newest first, in a capped Redis list `edge:fraud-queue:<tenant>` (with
// SHOPMIND_SUBJECT_PREFIX `edge:<prefix>:fraud-queue:<tenant>`). One subscription in a queue group,
// so with several edge replicas each result is stored once.
import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import { BUS_CONNECTION, BUS_OPTIONS, BUS_REDIS, type BusOptions } from '@shopmind/bus';
import { logicalSubject, prefixSubject } from '@shopmind/contracts';
import { createLogger } from '@shopmind/telemetry';
import type { RedisConnection } from '@shopmind/redis';
import { feedItemOf, type FeedItem } from './bus-feed.js';

const log = createLogger('edge-console');

/** How many results a shop's queue keeps. */
export const FRAUD_QUEUE_LENGTH = 100;
const QUEUE_GROUP = 'edge-fraud-queue';

export function fraudQueueKey(subjectPrefix: string, tenant: string): string {
  return subjectPrefix ? `edge:${subjectPrefix}:fraud-queue:${tenant}` : `edge:fraud-queue:${tenant}`;
}

@Injectable()
export class FraudQueue implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly prefix: string;
  private sub?: Subscription;

  constructor(
    @Inject(BUS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(BUS_OPTIONS) options: BusOptions,
    @Inject(BUS_REDIS) private readonly redis: RedisConnection,
  ) {
    this.prefix = options.subjectPrefix ?? '';
  }

  onApplicationBootstrap(): void {
    this.sub = this.nc.subscribe(prefixSubject(this.prefix, 'ai.*.fraud.>'), {
      queue: QUEUE_GROUP,
      callback: (err, msg) => {
        if (err) return log.warn({ err }, 'fraud queue subscription failed');
        const tenant = logicalSubject(this.prefix, msg.subject).split('.')[1] ?? '';
        const item = feedItemOf(this.prefix, msg, tenant);
        if (item) void this.store(tenant, item);
      },
    });
  }

  async onModuleDestroy(): Promise<void> {
    this.sub?.unsubscribe();
  }

  private async store(tenant: string, item: FeedItem): Promise<void> {
    const key = fraudQueueKey(this.prefix, tenant);
    try {
      await this.redis
        .multi()
        .lpush(key, JSON.stringify(item))
        .ltrim(key, 0, FRAUD_QUEUE_LENGTH - 1)
        .exec();
    } catch (err) {
      log.warn({ err, tenant }, 'could not keep a fraud result for the console');
    }
  }

  /** The shop's latest fraud results, newest first. */
  async latest(tenant: string): Promise<FeedItem[]> {
    const rows = await this.redis.lrange(fraudQueueKey(this.prefix, tenant), 0, FRAUD_QUEUE_LENGTH - 1);
    return rows.map((row) => JSON.parse(row) as FeedItem);
  }
}
