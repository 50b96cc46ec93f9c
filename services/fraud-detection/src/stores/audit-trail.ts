// One audit record per decision (score, decision, rules, rule-set and model versions, features),
// appended to a capped Redis stream per tenant so analysts can reproduce any decision. Records are
// written in small batches (one pipeline every `flushMs`) to keep the checkout path to a single
// Redis round trip; `record` resolves once its batch is stored.
import { context } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import type { Redis } from 'ioredis';
import type { AuditRecord } from '../domain/order-scorer.js';

export function auditStreamKey(tenant: string): string {
  return `fd:{${tenant}:audit}`;
}

interface Pending {
  record: AuditRecord;
  resolve(): void;
  reject(err: unknown): void;
}

export class AuditTrail {
  private queue: Pending[] = [];
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly redis: Redis,
    private readonly maxLen: number,
    private readonly flushMs = 20,
    private readonly maxBatch = 200,
  ) {}

  record(a: AuditRecord): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ record: a, resolve, reject });
      if (this.queue.length >= this.maxBatch) void this.flush();
      else this.timer ??= setTimeout(() => void this.flush(), this.flushMs);
    });
  }

  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    const p = this.redis.pipeline();
    for (const { record } of batch) {
      p.xadd(
        auditStreamKey(record.tenant),
        'MAXLEN',
        '~',
        this.maxLen,
        '*',
        'order',
        record.orderId,
        'record',
        JSON.stringify(record),
      );
    }
    try {
      // One batch is housekeeping, not part of any request's trace: no span per XADD.
      const results = (await context.with(suppressTracing(context.active()), () => p.exec())) ?? [];
      batch.forEach((b, i) => (results[i]?.[0] ? b.reject(results[i][0]) : b.resolve()));
    } catch (err) {
      for (const b of batch) b.reject(err);
    }
  }

  /** Nest calls this on shutdown: nothing queued is lost. */
  async onModuleDestroy(): Promise<void> {
    await this.flush();
  }

  async recent(tenant: string, count: number): Promise<AuditRecord[]> {
    const entries = await this.redis.xrevrange(auditStreamKey(tenant), '+', '-', 'COUNT', count);
    return entries.map(([, fields]) => JSON.parse(fields[fields.indexOf('record') + 1]) as AuditRecord);
  }
}
