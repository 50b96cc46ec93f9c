// Lua run atomically on ONE entity's keys (they share a hash tag, so one Redis Cluster slot).
// An order touches up to six entities in different slots: the store pipelines one call per entity.

/**
 * KEYS: ev (order ids by event time), sm (small orders), meta (lifetime stats), cbo (charged-back
 * orders), list (allow/deny), fl (which order first brought each linked entity), then one sorted
 * set per linked entity kind (hash → last event time).
 * ARGV: t, orderId, amountMinor, isSmall, windowTtlMs, historyTtlMs, trackFirst ('1' for accounts),
 * then one hash per linked kind.
 * Returns: added, n1h, n24h, n7d, small1h, prevN, prevSum, prevMax, first, chargebacks, list,
 * then d1h, d24h, d7d, fresh per linked kind (fresh: this order first brought that entity).
 */
export const OBSERVE_ENTITY = `
local t = tonumber(ARGV[1])
local id = ARGV[2]
local amt = tonumber(ARGV[3])
local wttl = tonumber(ARGV[5])
local httl = tonumber(ARGV[6])
local H, D, W = 3600000, 86400000, 604800000
local added = redis.call('ZADD', KEYS[1], 'NX', t, id)
if ARGV[4] == '1' then redis.call('ZADD', KEYS[2], 'NX', t, id) end
local m = redis.call('HMGET', KEYS[3], 'n', 'sum', 'max', 'first')
local n = tonumber(m[1]) or 0
local sum = tonumber(m[2]) or 0
local mx = tonumber(m[3]) or 0
local first = tonumber(m[4])
local pn, ps, pm
if added == 1 then
  pn, ps, pm = n, sum, mx
  redis.call('HSET', KEYS[3], 'n', n + 1, 'sum', sum + amt, 'max', math.max(mx, amt))
  if first == nil or t < first then
    first = t
    redis.call('HSET', KEYS[3], 'first', string.format('%d', t))
  end
else
  pn, ps, pm = math.max(n - 1, 0), math.max(sum - amt, 0), mx
end
local list = redis.call('GET', KEYS[5])
local out = {
  added,
  redis.call('ZCOUNT', KEYS[1], t - H, t),
  redis.call('ZCOUNT', KEYS[1], t - D, t),
  redis.call('ZCOUNT', KEYS[1], t - W, t),
  redis.call('ZCOUNT', KEYS[2], t - H, t),
  pn, ps, pm, first or t,
  redis.call('ZCARD', KEYS[4]),
  list or ''
}
local horizon = '(' .. string.format('%d', t - W - D)
local track = ARGV[7] == '1'
for i = 7, #KEYS do
  local h = ARGV[i + 1]
  local fresh = 0
  if h ~= '' then
    redis.call('ZADD', KEYS[i], 'GT', t, h)
    if track then
      local f = (i - 6) .. ':' .. h
      redis.call('HSETNX', KEYS[6], f, id)
      if redis.call('HGET', KEYS[6], f) == id then fresh = 1 end
    end
  end
  out[#out + 1] = redis.call('ZCOUNT', KEYS[i], t - H, t)
  out[#out + 1] = redis.call('ZCOUNT', KEYS[i], t - D, t)
  out[#out + 1] = redis.call('ZCOUNT', KEYS[i], t - W, t)
  out[#out + 1] = fresh
  redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', horizon)
  redis.call('PEXPIRE', KEYS[i], wttl)
end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', horizon)
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', horizon)
redis.call('PEXPIRE', KEYS[1], wttl)
if redis.call('EXISTS', KEYS[2]) == 1 then redis.call('PEXPIRE', KEYS[2], wttl) end
redis.call('PEXPIRE', KEYS[3], httl)
if track then redis.call('PEXPIRE', KEYS[6], httl) end
return out
`;

/** KEYS: cbo. ARGV: orderId, t, ttlMs. Idempotent per order id; returns the entity's chargeback count. */
export const RECORD_CHARGEBACK = `
redis.call('ZADD', KEYS[1], 'NX', tonumber(ARGV[2]), ARGV[1])
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[3]))
return redis.call('ZCARD', KEYS[1])
`;
