// Redis side of the cache, event results and cross-process single flight. Redis being down is never
// an error here: every operation reports 'unavailable', counts it, and the caller bypasses Redis.
import { TransientError } from '@shopmind/errors';
import { execBySlot, type RedisConnection, type SlotGroup } from '@shopmind/redis';
import type { BudgetRequest } from '../budget/budget-ledger.js';
import { sha256Hex } from '../canonical-json.js';
import {
  BUDGET_RESERVE,
  FLIGHT_ACQUIRE,
  FLIGHT_COMPLETE,
  FLIGHT_RELEASE,
  LEASE_RENEW,
  SUBJECT_INDEX,
} from './redis-scripts.js';

export interface FlightKeys {
  id: string;
  cache: string;
  result: string;
  lease: string;
}

export type AcquireOutcome =
  | { state: 'cached'; value: string }
  | { state: 'result'; value: string }
  | { state: 'acquired' }
  /** holder: the token of the lease holder, whose followers-only outcome this caller may receive. */
  | { state: 'held'; pttl: number; holder: string }
  | { state: 'unavailable' };

export class ResultStore {
  readonly channel: string;

  constructor(
    private readonly redis: RedisConnection | undefined,
    private readonly prefix: string,
    private readonly onUnavailable: (operation: string) => void,
  ) {
    this.channel = `${prefix}:flights`;
  }

  get available(): boolean {
    return this.redis !== undefined && this.redis.status === 'ready';
  }

  keysFor(cacheKey: string): FlightKeys {
    // One hash tag per cache key: the flight scripts touch all three keys at once.
    const base = `${this.prefix}:{${cacheKey}}`;
    return { id: cacheKey, cache: `${base}:answer`, result: `${base}:flight`, lease: `${base}:lease` };
  }

  eventKey(tenant: string, task: string, eventId: string): string {
    return `${this.prefix}:event:{${tenant}}:${task}:${eventId}`;
  }

  /**
   * The keys holding what was computed from one subject's (a customer's) text in one tenant. Its own
   * hash tag: the keys it lists live in other slots, so it is written and erased key by key.
   */
  subjectKey(tenant: string, subject: string): string {
    return `${this.prefix}:subject:{${tenant}:${subject}}`;
  }

  /** Lists `keys` under the subject for at least `ttlSeconds`; false when Redis did not take it. */
  async index(tenant: string, subject: string, keys: string[], ttlSeconds: number): Promise<boolean> {
    try {
      if (!this.available) throw new Error('redis unavailable');
      await SUBJECT_INDEX.run(this.redis!, [this.subjectKey(tenant, subject)], [ttlSeconds, ...keys]);
      return true;
    } catch {
      this.unavailable('subject.index');
      return false;
    }
  }

  /** One hash tag per embedding model and size: a batch is one MGET, under Redis Cluster too. */
  embeddingKey(model: string, dims: number, text: string): string {
    return `${this.prefix}:embedding:{${model}:${dims}}:${sha256Hex(text)}`;
  }

  async getMany(keys: string[], operation: string): Promise<Array<string | null> | 'unavailable'> {
    if (keys.length === 0) return [];
    if (!this.available) return this.unavailable(operation);
    try {
      return await this.redis!.mget(...keys);
    } catch {
      return this.unavailable(operation);
    }
  }

  async setMany(entries: Array<[string, string]>, ttlSeconds: number, operation: string): Promise<void> {
    if (entries.length === 0) return;
    if (!this.available) return void this.unavailable(operation);
    try {
      const p = this.redis!.pipeline();
      for (const [key, value] of entries) p.set(key, value, 'EX', ttlSeconds);
      const replies = (await p.exec()) ?? [];
      if (replies.some(([err]) => err)) this.unavailable(operation);
    } catch {
      this.unavailable(operation);
    }
  }

  /** Not an async function on purpose: this is the whole cache-hit path, one promise less. */
  get(key: string, operation: string): Promise<string | null | 'unavailable'> {
    if (!this.available) return Promise.resolve(this.unavailable(operation));
    return this.redis!.get(key).catch(() => this.unavailable(operation));
  }

  async set(key: string, value: string, ttlSeconds: number, operation: string): Promise<void> {
    if (!this.available) return void this.unavailable(operation);
    try {
      await this.redis!.set(key, value, 'EX', ttlSeconds);
    } catch {
      this.unavailable(operation);
    }
  }

  /** `awaited`: the lease holder this caller has waited on, whose followers-only outcome it may take. */
  async acquire(
    keys: FlightKeys,
    token: string,
    leaseMs: number,
    checkCache: boolean,
    awaited?: string,
  ): Promise<AcquireOutcome> {
    return (await this.acquireAndReserve(keys, token, leaseMs, checkCache, undefined, awaited)).acquired;
  }

  /**
   * Asks for the lease and (optionally) reserves budget in one pipeline: one write, one round
   * trip. The two scripts touch different hash slots, so they stay two scripts (and, on a Redis
   * Cluster, two pipelines sent together: a cluster pipeline stays on one node).
   */
  async acquireAndReserve(
    keys: FlightKeys,
    token: string,
    leaseMs: number,
    checkCache: boolean,
    budget?: BudgetRequest,
    awaited = '',
  ): Promise<{ acquired: AcquireOutcome; budgetAnswer: string | 'unavailable' }> {
    if (!this.available)
      return { acquired: { state: this.unavailable('flight.acquire') }, budgetAnswer: 'unavailable' };
    try {
      const replies = await execBySlot(this.redis!, [
        (p) =>
          void FLIGHT_ACQUIRE.queue(
            p,
            [keys.cache, keys.result, keys.lease],
            [token, leaseMs, checkCache ? '1' : '0', awaited],
          ),
        ...(budget
          ? ([
              (p) => {
                const [key, ...fields] = budget.keys;
                BUDGET_RESERVE.queue(
                  p,
                  [key],
                  [...fields, budget.tokens, budget.microUsd, ...budget.limits, budget.ttlS],
                );
              },
            ] satisfies SlotGroup[])
          : []),
      ]);
      const [accErr, acc] = replies[0] ?? [new Error('no reply'), null];
      const [budErr, bud] = replies[1] ?? [null, 'unavailable'];
      let acquired: AcquireOutcome;
      if (accErr || !Array.isArray(acc)) acquired = { state: this.unavailable('flight.acquire') };
      else {
        const [state, value, holder] = acc as string[];
        if (state === 'cached' || state === 'result') acquired = { state, value: value! };
        else if (state === 'acquired') acquired = { state };
        else acquired = { state: 'held', pttl: Number(value), holder: holder ?? '' };
      }
      return { acquired, budgetAnswer: budErr ? 'unavailable' : String(bud) };
    } catch {
      return { acquired: { state: this.unavailable('flight.acquire') }, budgetAnswer: 'unavailable' };
    }
  }

  async renew(keys: FlightKeys, token: string, leaseMs: number): Promise<void> {
    if (!this.available) return;
    try {
      await LEASE_RENEW.run(this.redis!, [keys.lease], [token, leaseMs]);
    } catch {
      this.unavailable('flight.renew');
    }
  }

  /** Gives the lease up without an outcome; the waiters are woken to take the flight themselves. */
  async release(keys: FlightKeys, token: string): Promise<void> {
    if (!this.available) return void this.unavailable('flight.release');
    try {
      await FLIGHT_RELEASE.run(this.redis!, [keys.lease], [token, this.channel, keys.id]);
    } catch {
      this.unavailable('flight.release');
    }
  }

  async complete(
    keys: FlightKeys,
    token: string,
    cacheValue: string | undefined,
    cacheTtlS: number,
    resultValue: string,
    resultTtlMs: number,
    followersOnly: boolean,
  ): Promise<void> {
    if (!this.available) return void this.unavailable('flight.complete');
    try {
      await FLIGHT_COMPLETE.run(
        this.redis!,
        [keys.cache, keys.result, keys.lease],
        [
          token,
          cacheValue ?? '',
          Math.max(1, cacheTtlS),
          resultValue,
          resultTtlMs,
          this.channel,
          keys.id,
          followersOnly ? '1' : '0',
        ],
      );
    } catch {
      this.unavailable('flight.complete');
    }
  }

  /**
   * Deletes every key listed under the subject, then the list; resolves how many keys were deleted.
   * Unlike the cache, erasure is not bypassed: without Redis it fails (a TransientError), so the
   * caller retries. `redis` is the client to use when this store has none (no provider configured).
   */
  async eraseSubject(tenant: string, subject: string, fallback?: RedisConnection): Promise<number> {
    const redis = this.redis ?? fallback;
    if (!redis) return 0;
    try {
      const index = this.subjectKey(tenant, subject);
      const keys = await redis.smembers(index);
      // Each key in its own slot: one pipeline on a server, one command per key on a cluster.
      const replies = await execBySlot(redis, [
        ...keys.map(
          (key): SlotGroup =>
            (p) =>
              void p.del(key),
        ),
        (p) => void p.del(index),
      ]);
      for (const [err] of replies) if (err) throw err;
      return replies.slice(0, keys.length).reduce((n, [, deleted]) => n + Number(deleted), 0);
    } catch (err) {
      throw new TransientError(`LLM cache erasure failed: ${(err as Error).message}`);
    }
  }

  private unavailable(operation: string): 'unavailable' {
    this.onUnavailable(operation);
    return 'unavailable';
  }
}
