// Lua scripts the gateway runs on Redis. Every script touches only the keys it is given, and they
// share one hash tag, so they work unchanged under Redis Cluster.
import { RedisScript } from '@shopmind/redis';

/** The notification payload of a released flight: not an outcome, a cue to ask for the lease again. */
export const FLIGHT_RELEASED = 'released';

/**
 * KEYS: cache, flight result, lease (tag: the cache key). ARGV: token, leaseMs, checkCache, awaited
 * (the lease holder this caller has been waiting on, or ''). A flight result kept for its followers
 * only ('F<leader token>\n<outcome>') is handed to a caller that waited on that leader, and to no one
 * else: a later request takes the lease and runs its own flight.
 * Returns {'cached', v} | {'result', v} | {'acquired'} | {'held', pttl, holder}.
 */
export const FLIGHT_ACQUIRE = new RedisScript<string[]>({
  name: 'gateway.flightAcquire',
  keys: ['cache', 'flightResult', 'lease'],
  lua: `
if ARGV[3] == '1' then
  local c = redis.call('GET', KEYS[1])
  if c then return {'cached', c} end
end
local r = redis.call('GET', KEYS[2])
if r then
  if string.sub(r, 1, 1) ~= 'F' then return {'result', r} end
  local cut = string.find(r, '\\n', 1, true)
  if ARGV[4] ~= '' and cut and string.sub(r, 2, cut - 1) == ARGV[4] then
    return {'result', string.sub(r, cut + 1)}
  end
end
if redis.call('SET', KEYS[3], ARGV[1], 'NX', 'PX', ARGV[2]) then return {'acquired'} end
return {'held', tostring(redis.call('PTTL', KEYS[3])), redis.call('GET', KEYS[3]) or ''}
`,
});

/**
 * Publishes the leader's outcome: cache entry (when given), short-lived flight result (for every
 * later request, or only for the followers of this leader when followersOnly is '1'), lease released
 * (only if still ours), notification. KEYS: cache, flight result, lease.
 * ARGV: token, cacheValue|'', cacheTtlS, resultValue, resultTtlMs, channel, flightId, followersOnly.
 */
export const FLIGHT_COMPLETE = new RedisScript<number>({
  name: 'gateway.flightComplete',
  keys: ['cache', 'flightResult', 'lease'],
  lua: `
if ARGV[2] ~= '' then redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3]) end
local kept = ARGV[4]
if ARGV[8] == '1' then kept = 'F' .. ARGV[1] .. '\\n' .. ARGV[4] end
redis.call('SET', KEYS[2], kept, 'PX', ARGV[5])
if redis.call('GET', KEYS[3]) == ARGV[1] then redis.call('DEL', KEYS[3]) end
redis.call('PUBLISH', ARGV[6], ARGV[7] .. '\\n' .. ARGV[4])
return 1
`,
});

/**
 * Gives up a lease without an outcome (the holder answered only for itself) and wakes the waiters so
 * one of them takes the flight. KEYS: lease. ARGV: token, channel, flightId.
 */
export const FLIGHT_RELEASE = new RedisScript<number>({
  name: 'gateway.flightRelease',
  keys: ['lease'],
  lua: `
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
redis.call('PUBLISH', ARGV[2], ARGV[3] .. '\\n' .. '${FLIGHT_RELEASED}')
return 1
`,
});

/** Extends a lease the caller still holds. KEYS: lease. ARGV: token, leaseMs. */
export const LEASE_RENEW = new RedisScript<number>({
  name: 'gateway.leaseRenew',
  keys: ['lease'],
  lua: `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
`,
});

/**
 * Lists keys that hold what was computed from one subject's text, and keeps the list at least as
 * long as the longest of them: the TTL is only ever raised. KEYS: the subject's index. ARGV: ttlS,
 * then the keys listed.
 */
export const SUBJECT_INDEX = new RedisScript<number>({
  name: 'gateway.subjectIndex',
  keys: ['subjectIndex'],
  lua: `
redis.call('SADD', KEYS[1], unpack(ARGV, 2))
if redis.call('TTL', KEYS[1]) < tonumber(ARGV[1]) then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return 1
`,
});

/**
 * Admits a call only if its reservation fits what remains, or refuses naming the exhausted budget.
 * One hash per tenant and day (KEYS[1]); per budget field `f` it holds `f` (actual usage of finished
 * calls plus the reservations of calls in flight) and `inflight:f` (those reservations), and per
 * unit the worst ratio of actual usage to reservation seen today (`error_ratio:*`, in thousandths).
 * A reservation is an estimate, so calls in flight are counted at the worst ratio seen (twice their
 * reservation until a call has been measured today); a call with nothing else in flight may use the
 * rest at that ratio (its own estimate at face value until one has been measured). So the overrun
 * stays within one call's estimate error, however many calls and replicas run at once.
 * ARGV: the four fields (tenant tokens, tenant micro-USD, task tokens, task micro-USD), tokens,
 * microUsd, one limit per field (0 = unlimited), ttlS.
 */
export const BUDGET_RESERVE = new RedisScript<string>({
  name: 'gateway.budgetReserve',
  keys: ['budget'],
  lua: `
local add = {tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[5]), tonumber(ARGV[6])}
local names = {'tenant_tokens', 'tenant_cost', 'task_tokens', 'task_cost'}
local v = redis.call('HMGET', KEYS[1], ARGV[1], ARGV[2], ARGV[3], ARGV[4],
  'inflight:' .. ARGV[1], 'inflight:' .. ARGV[2], 'inflight:' .. ARGV[3], 'inflight:' .. ARGV[4],
  'error_ratio:tokens', 'error_ratio:usd_micros')
for i = 1, 4 do
  local limit = tonumber(ARGV[6 + i])
  if limit > 0 then
    local inflight = tonumber(v[4 + i] or '0')
    local settled = tonumber(v[i] or '0') - inflight
    local ratio = v[10 - (i % 2)]
    local worst = ratio and math.max(1, tonumber(ratio) / 1000) or 2
    local alone = ratio and worst or 1
    local fits = settled + worst * (inflight + add[i]) <= limit
      or (inflight <= 0 and settled + alone * add[i] <= limit)
    if not fits then return names[i] end
  end
end
for i = 1, 4 do
  redis.call('HINCRBY', KEYS[1], ARGV[i], add[i])
  redis.call('HINCRBY', KEYS[1], 'inflight:' .. ARGV[i], add[i])
end
redis.call('EXPIRE', KEYS[1], ARGV[11])
return 'ok'
`,
});

/**
 * Replaces a reservation with what was actually spent (0 when no call was made) and, when a call was
 * measured, raises the day's worst ratio of actual usage to reservation. KEYS[1]: the hash.
 * ARGV: the four fields, reservedTokens, reservedMicroUsd, actualTokens, actualMicroUsd, ttlS.
 */
export const BUDGET_RECONCILE = new RedisScript<number>({
  name: 'gateway.budgetReconcile',
  keys: ['budget'],
  lua: `
local reserved = {tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[5]), tonumber(ARGV[6])}
local actual = {tonumber(ARGV[7]), tonumber(ARGV[8]), tonumber(ARGV[7]), tonumber(ARGV[8])}
for i = 1, 4 do
  if actual[i] ~= reserved[i] then redis.call('HINCRBY', KEYS[1], ARGV[i], actual[i] - reserved[i]) end
  if reserved[i] ~= 0 then redis.call('HINCRBY', KEYS[1], 'inflight:' .. ARGV[i], -reserved[i]) end
end
local ratios = {'error_ratio:tokens', 'error_ratio:usd_micros'}
for u = 1, 2 do
  if actual[u] > 0 and reserved[u] > 0 then
    local seen = math.ceil(actual[u] * 1000 / reserved[u])
    local worst = tonumber(redis.call('HGET', KEYS[1], ratios[u]) or '0')
    if seen > worst then redis.call('HSET', KEYS[1], ratios[u], seen) end
  end
end
redis.call('EXPIRE', KEYS[1], ARGV[9])
return 1
`,
});

/**
 * The tenant's budget hash for the day (the one Redis key), then its fields: tenant tokens, tenant
 * micro-USD, task tokens, task micro-USD (hash fields, passed to the scripts as ARGV).
 */
export type BudgetKeys = [string, string, string, string, string];
export type BudgetLimits = [number, number, number, number];
