// Daily token and cost budgets per tenant and per task, in Redis. A call reserves its estimate
// atomically before it leaves, only if that fits what remains (see BUDGET_RESERVE), and is
// reconciled with the actual usage as soon as it is known.
import type { RedisConnection } from '@shopmind/redis';
import type { BudgetSettings } from '../config.js';
import {
  BUDGET_RECONCILE,
  BUDGET_RESERVE,
  type BudgetKeys,
  type BudgetLimits,
} from '../cache/redis-scripts.js';

export type Reservation =
  | { status: 'reserved'; keys: BudgetKeys; tokens: number; microUsd: number }
  | { status: 'rejected'; reason: string }
  /** Redis unavailable: the call goes ahead unmetered (counted), it is never refused for that. */
  | { status: 'unmetered' };

export interface Spend {
  tenantTokens: number;
  tenantUsd: number;
  taskTokens: number;
  taskUsd: number;
}

export interface BudgetRequest {
  keys: BudgetKeys;
  tokens: number;
  microUsd: number;
  limits: BudgetLimits;
  ttlS: number;
}

const TTL_S = 2 * 24 * 3600;

export class BudgetLedger {
  private readonly sending = new Set<Promise<unknown>>();

  constructor(
    private readonly redis: RedisConnection | undefined,
    private readonly prefix: string,
    private readonly settings: BudgetSettings,
    private readonly onUnavailable: (operation: string) => void,
  ) {}

  keys(tenant: string, task: string, now = new Date()): BudgetKeys {
    const day = now.toISOString().slice(0, 10);
    return [
      `${this.prefix}:budget:{${tenant}}:${day}`,
      'tokens',
      'usd_micros',
      `task:${task}:tokens`,
      `task:${task}:usd_micros`,
    ];
  }

  /** The arguments of one reservation, so it can travel in the same pipeline as the flight lease. */
  request(tenant: string, task: string, tokens: number, usd: number): BudgetRequest {
    const keys = this.keys(tenant, task);
    const own = this.settings.tasks[task];
    const taskTokens = own?.tokens ?? this.settings.taskTokensPerDay;
    const taskUsd = own?.usd ?? this.settings.taskUsdPerDay;
    return {
      keys,
      tokens,
      microUsd: Math.ceil(usd * 1e6),
      limits: [
        this.settings.tenantTokensPerDay,
        Math.floor(this.settings.tenantUsdPerDay * 1e6),
        taskTokens,
        Math.floor(taskUsd * 1e6),
      ],
      ttlS: TTL_S,
    };
  }

  /** What a reservation script's answer means ('unavailable' when Redis did not answer). */
  verdict(request: BudgetRequest, answer: string | 'unavailable'): Reservation {
    if (answer === 'unavailable') {
      this.onUnavailable('budget.reserve');
      return { status: 'unmetered' };
    }
    return answer === 'ok'
      ? { status: 'reserved', keys: request.keys, tokens: request.tokens, microUsd: request.microUsd }
      : { status: 'rejected', reason: answer };
  }

  async reserve(tenant: string, task: string, tokens: number, usd: number): Promise<Reservation> {
    const req = this.request(tenant, task, tokens, usd);
    if (!this.redis || this.redis.status !== 'ready') return this.verdict(req, 'unavailable');
    try {
      return this.verdict(
        req,
        await BUDGET_RESERVE.run(
          this.redis,
          [req.keys[0]],
          [...req.keys.slice(1), req.tokens, req.microUsd, ...req.limits, req.ttlS],
        ),
      );
    } catch {
      return this.verdict(req, 'unavailable');
    }
  }

  /**
   * Replaces the reservation with what was actually spent (0 when no call was made). Sent at once,
   * not batched: the next reservation on this connection already sees it, and admission depends on
   * it (a correction held back would let calls be admitted against usage nobody has counted yet).
   */
  reconcile(reservation: Reservation, actualTokens: number, actualUsd: number): void {
    if (reservation.status !== 'reserved' || !this.redis) return;
    const [key, ...fields] = reservation.keys;
    const sent = BUDGET_RECONCILE.run(
      this.redis,
      [key],
      [...fields, reservation.tokens, reservation.microUsd, actualTokens, Math.ceil(actualUsd * 1e6), TTL_S],
    ).catch(() => this.onUnavailable('budget.reconcile'));
    this.sending.add(sent);
    void sent.finally(() => this.sending.delete(sent));
  }

  /** Waits for the corrections already sent. */
  async flush(): Promise<void> {
    await Promise.all([...this.sending]);
  }

  /** Tokens and USD spent today by a tenant (for tests and dashboards). */
  async spentToday(tenant: string, task: string): Promise<Spend> {
    if (!this.redis) return { tenantTokens: 0, tenantUsd: 0, taskTokens: 0, taskUsd: 0 };
    await this.flush();
    const [key, ...fields] = this.keys(tenant, task);
    const [t, u, k, v] = (await this.redis.hmget(key, ...fields)).map((x) => Number(x ?? 0));
    return { tenantTokens: t, tenantUsd: u / 1e6, taskTokens: k, taskUsd: v / 1e6 };
  }
}
