// Lua scripts the gateway runs on Redis. Every script touches only keys that share one hash tag,
// so they work unchanged under Redis Cluster.
import type { ChainableCommander, Redis } from 'ioredis';

/** The notification payload of a released flight: not an outcome, a cue to ask for the lease again. */
export const FLIGHT_RELEASED = 'released';

/**
 * KEYS: cache, flight result, lease (tag: the cache key). ARGV: token, leaseMs, checkCache.
 * Returns {'cached', v} | {'result', v} | {'acquired'} | {'held', pttl}.
 */
const FLIGHT_ACQUIRE = `
if ARGV[3] == '1' then
  local c = redis.call('GET', KEYS[1])
  if c then return {'cached', c} end
end
local r = redis.call('GET', KEYS[2])
if r then return {'result', r} end
if redis.call('SET', KEYS[3], ARGV[1], 'NX', 'PX', ARGV[2]) then return {'acquired'} end
return {'held', tostring(redis.call('PTTL', KEYS[3]))}
`;

/**
 * Publishes the leader's outcome: cache entry (when given), short-lived flight result, lease
 * released (only if still ours), notification. KEYS: cache, flight result, lease.
 * ARGV: token, cacheValue|'', cacheTtlS, resultValue, resultTtlMs, channel, flightId.
 */
const FLIGHT_COMPLETE = `
if ARGV[2] ~= '' then redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3]) end
redis.call('SET', KEYS[2], ARGV[4], 'PX', ARGV[5])
if redis.call('GET', KEYS[3]) == ARGV[1] then redis.call('DEL', KEYS[3]) end
redis.call('PUBLISH', ARGV[6], ARGV[7] .. '\\n' .. ARGV[4])
return 1
`;

/**
 * Gives up a lease without an outcome (the holder answered only for itself) and wakes the waiters so
 * one of them takes the flight. KEYS: lease. ARGV: token, channel, flightId.
 */
const FLIGHT_RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
redis.call('PUBLISH', ARGV[2], ARGV[3] .. '\\n' .. '${FLIGHT_RELEASED}')
return 1
`;

/** Extends a lease the caller still holds. KEYS: lease. ARGV: token, leaseMs. */
const LEASE_RENEW = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
`;

/**
 * Reserves tokens and cost against the day's budgets, or refuses naming the exhausted one. One hash
 * per tenant and day (KEYS[1]); ARGV: the four fields (tenant tokens, tenant micro-USD, task tokens,
 * task micro-USD), tokens, microUsd, one limit per field (0 = unlimited), ttlS.
 */
const BUDGET_RESERVE = `
local add = {tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[5]), tonumber(ARGV[6])}
local names = {'tenant_tokens', 'tenant_cost', 'task_tokens', 'task_cost'}
local spent = redis.call('HMGET', KEYS[1], ARGV[1], ARGV[2], ARGV[3], ARGV[4])
for i = 1, 4 do
  local limit = tonumber(ARGV[6 + i])
  if limit > 0 and tonumber(spent[i] or '0') + add[i] > limit then return names[i] end
end
for i = 1, 4 do redis.call('HINCRBY', KEYS[1], ARGV[i], add[i]) end
redis.call('EXPIRE', KEYS[1], ARGV[11])
return 'ok'
`;

/** Applies actual minus reserved. KEYS[1]: the hash. ARGV: the four fields, deltaTokens, deltaMicroUsd, ttlS. */
const BUDGET_RECONCILE = `
local add = {tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[5]), tonumber(ARGV[6])}
for i = 1, 4 do
  if add[i] ~= 0 then redis.call('HINCRBY', KEYS[1], ARGV[i], add[i]) end
end
redis.call('EXPIRE', KEYS[1], ARGV[7])
return 1
`;

/** The tenant's budget hash for the day, then its fields: tenant tokens, tenant micro-USD, task tokens, task micro-USD. */
export type BudgetKeys = [string, string, string, string, string];
export type BudgetLimits = [number, number, number, number];

export interface ScriptedRedis extends Redis {
  llmFlightAcquire(
    cache: string,
    result: string,
    lease: string,
    token: string,
    leaseMs: number,
    checkCache: string,
  ): Promise<string[]>;
  llmFlightComplete(
    cache: string,
    result: string,
    lease: string,
    token: string,
    cacheValue: string,
    cacheTtlS: number,
    resultValue: string,
    resultTtlMs: number,
    channel: string,
    flightId: string,
  ): Promise<number>;
  llmLeaseRenew(lease: string, token: string, leaseMs: number): Promise<number>;
  llmFlightRelease(lease: string, token: string, channel: string, flightId: string): Promise<number>;
  llmBudgetReserve(...args: [...BudgetKeys, number, number, ...BudgetLimits, number]): Promise<string>;
  llmBudgetReconcile(...args: [...BudgetKeys, number, number, number]): Promise<number>;
}

/** A pipeline that knows the gateway's scripts (ioredis adds defined commands to pipelines too). */
export interface ScriptedPipeline extends ChainableCommander {
  llmFlightAcquire(
    cache: string,
    result: string,
    lease: string,
    token: string,
    leaseMs: number,
    checkCache: string,
  ): ScriptedPipeline;
  llmBudgetReserve(...args: [...BudgetKeys, number, number, ...BudgetLimits, number]): ScriptedPipeline;
}

export function withGatewayScripts(redis: Redis): ScriptedRedis {
  const r = redis as ScriptedRedis;
  if (typeof r.llmFlightAcquire === 'function') return r;
  redis.defineCommand('llmFlightAcquire', { numberOfKeys: 3, lua: FLIGHT_ACQUIRE });
  redis.defineCommand('llmFlightComplete', { numberOfKeys: 3, lua: FLIGHT_COMPLETE });
  redis.defineCommand('llmLeaseRenew', { numberOfKeys: 1, lua: LEASE_RENEW });
  redis.defineCommand('llmFlightRelease', { numberOfKeys: 1, lua: FLIGHT_RELEASE });
  redis.defineCommand('llmBudgetReserve', { numberOfKeys: 1, lua: BUDGET_RESERVE });
  redis.defineCommand('llmBudgetReconcile', { numberOfKeys: 1, lua: BUDGET_RECONCILE });
  return r;
}
