// One audit record per decision (score, decision, rules, rule-set and model versions, features),
// appended to a capped Redis stream per tenant so analysts can reproduce any decision. Records are
// written in small batches (one pipeline every `flushMs`) to keep the checkout path to a single
// Redis round trip; `record` resolves once its batch is stored. A batch mixes tenants, whose streams
// are in different slots: `execBySlot` sends one pipeline per master on a Redis Cluster (each record
// is one XADD; nothing needs two records written together).
import { context } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import { execBySlot, type RedisConnection } from '@shopmind/redis';
import type { AuditRecord } from '../domain/order-scorer.js';

export function auditStreamKey(tenant: string): string {
  return `fd:{${tenant}:audit}`;
}

interface Pending {
  record: AuditRecord;
  /** Absent for fire-and-forget records (the checkout path): failures go to `onLost`. */
  resolve?(): void;
  reject?(err: unknown): void;
}

export class AuditTrail {
  private queue: Pending[] = [];
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly redis: RedisConnection,
    private readonly maxLen: number,
    private readonly flushMs = 20,
    private readonly maxBatch = 200,
    /** Told when fire-and-forget records could not be stored (the caller has long moved on). */
    private readonly onLost: (err: unknown, records: number) => void = () => {},
  ) {}

  /** Resolves once the record's batch is stored (the order path acks only after that). */
  record(a: AuditRecord): Promise<void> {
    return new Promise<void>((resolve, reject) => this.add({ record: a, resolve, reject }));
  }

  /**
   * Queues the record without a promise per request (the checkout path does not wait for it);
   * it is written with the next batch, and a failed batch is reported through `onLost`.
   */
  enqueue(a: AuditRecord): void {
    this.add({ record: a });
  }

  private add(p: Pending): void {
    this.queue.push(p);
    if (this.queue.length >= this.maxBatch) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.flushMs);
  }

  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    // Per tenant, in the order queued (a stream's entries keep the order of their decisions).
    const byTenant = new Map<string, Pending[]>();
    for (const b of batch) {
      const same = byTenant.get(b.record.tenant);
      if (same) same.push(b);
      else byTenant.set(b.record.tenant, [b]);
    }
    const groups = [...byTenant.values()];
    try {
      // One batch is housekeeping, not part of any request's trace: no span per XADD.
      const results = await context.with(suppressTracing(context.active()), () =>
        execBySlot(
          this.redis,
          groups.map((pending) => (p) => {
            for (const { record } of pending) {
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
          }),
        ),
      );
      let lost = 0;
      let firstErr: unknown;
      groups.flat().forEach((b, i) => {
        const err = results[i]?.[0];
        if (!err) b.resolve?.();
        else if (b.reject) b.reject(err);
        else if (lost++ === 0) firstErr = err;
      });
      if (lost) this.onLost(firstErr, lost);
    } catch (err) {
      let lost = 0;
      for (const b of batch)
        if (b.reject) b.reject(err);
        else lost++;
      if (lost) this.onLost(err, lost);
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
