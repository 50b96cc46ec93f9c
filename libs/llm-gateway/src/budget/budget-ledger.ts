// Daily token and cost budgets per tenant and per task, in Redis. A call reserves its estimate
// atomically before it leaves and is reconciled with the actual usage afterwards.
import type { Redis } from 'ioredis';
import type { BudgetSettings } from '../config.js';
import { withGatewayScripts, type ScriptedRedis } from '../cache/redis-scripts.js';

export type Reservation =
  | { status: 'reserved'; keys: [string, string, string]; tokens: number; microUsd: number }
  | { status: 'rejected'; reason: string }
  /** Redis unavailable: the call goes ahead unmetered (counted), it is never refused for that. */
  | { status: 'unmetered' };

const TTL_S = 2 * 24 * 3600;

export class BudgetLedger {
  private readonly redis: ScriptedRedis | undefined;

  constructor(
    redis: Redis | undefined,
    private readonly prefix: string,
    private readonly settings: BudgetSettings,
    private readonly onUnavailable: (operation: string) => void,
  ) {
    this.redis = redis ? withGatewayScripts(redis) : undefined;
  }

  keys(tenant: string, task: string, now = new Date()): [string, string, string] {
    const day = now.toISOString().slice(0, 10);
    const base = `${this.prefix}:budget:{${tenant}}:${day}`;
    return [`${base}:tokens`, `${base}:usd_micros`, `${base}:task:${task}:tokens`];
  }

  async reserve(tenant: string, task: string, tokens: number, usd: number): Promise<Reservation> {
    if (!this.redis || this.redis.status !== 'ready') {
      this.onUnavailable('budget.reserve');
      return { status: 'unmetered' };
    }
    const keys = this.keys(tenant, task);
    const microUsd = Math.ceil(usd * 1e6);
    const taskLimit = this.settings.tasks[task] ?? this.settings.taskTokensPerDay;
    try {
      const verdict = await this.redis.llmBudgetReserve(...keys, tokens, microUsd, this.settings.tenantTokensPerDay, Math.floor(this.settings.tenantUsdPerDay * 1e6), taskLimit, TTL_S);
      return verdict === 'ok' ? { status: 'reserved', keys, tokens, microUsd } : { status: 'rejected', reason: verdict };
    } catch {
      this.onUnavailable('budget.reserve');
      return { status: 'unmetered' };
    }
  }

  /** Replaces the reservation with what was actually spent (0 when no call was made). */
  async reconcile(reservation: Reservation, actualTokens: number, actualUsd: number): Promise<void> {
    if (reservation.status !== 'reserved' || !this.redis) return;
    const dTokens = actualTokens - reservation.tokens;
    const dMicro = Math.ceil(actualUsd * 1e6) - reservation.microUsd;
    if (dTokens === 0 && dMicro === 0) return;
    try {
      await this.redis.llmBudgetReconcile(...reservation.keys, dTokens, dMicro, TTL_S);
    } catch {
      this.onUnavailable('budget.reconcile');
    }
  }

  /** Tokens and USD spent today by a tenant (for tests and dashboards). */
  async spentToday(tenant: string, task: string): Promise<{ tenantTokens: number; tenantUsd: number; taskTokens: number }> {
    if (!this.redis) return { tenantTokens: 0, tenantUsd: 0, taskTokens: 0 };
    const [a, b, c] = this.keys(tenant, task);
    const [t, u, k] = await Promise.all([this.redis.get(a), this.redis.get(b), this.redis.get(c)]);
    return { tenantTokens: Number(t ?? 0), tenantUsd: Number(u ?? 0) / 1e6, taskTokens: Number(k ?? 0) };
  }
}
