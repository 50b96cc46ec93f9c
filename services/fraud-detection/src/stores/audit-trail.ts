// One audit record per decision (score, decision, rules, rule-set and model versions, features),
// appended to a capped Redis stream per tenant so analysts can reproduce any decision.
import type { Redis } from 'ioredis';
import type { AuditRecord } from '../domain/order-scorer.js';

export function auditStreamKey(tenant: string): string {
  return `fd:{${tenant}:audit}`;
}

export class AuditTrail {
  constructor(
    private readonly redis: Redis,
    private readonly maxLen: number,
  ) {}

  async record(a: AuditRecord): Promise<void> {
    await this.redis.xadd(auditStreamKey(a.tenant), 'MAXLEN', '~', this.maxLen, '*', 'order', a.orderId, 'record', JSON.stringify(a));
  }

  async recent(tenant: string, count: number): Promise<AuditRecord[]> {
    const entries = await this.redis.xrevrange(auditStreamKey(tenant), '+', '-', 'COUNT', count);
    return entries.map(([, fields]) => JSON.parse(fields[fields.indexOf('record') + 1]) as AuditRecord);
  }
}
