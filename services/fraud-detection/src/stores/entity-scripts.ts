// Lua run atomically on ONE entity's keys (they share a hash tag, so one Redis Cluster slot).
// An order touches up to six entities in different slots: the store pipelines one call per entity.
import { RedisScript } from '@shopmind/redis';

/**
 * Run by EffectsLedger.runOnce per entity and order id (its done mark is the order's on this
 * entity): FIRST is true the first time the order is observed here, so lifetime stats count it once
 * however often a checkout is scored or the order redelivered.
 * K: ev (order ids by event time), sm (small orders), meta (lifetime stats), cbo (charged-back
 * orders), list (allow/deny), fl (which order first brought each linked entity), then one sorted
 * set per linked entity kind (hash → last event time).
 * A: t, orderId, amountMinor, isSmall, windowTtlMs, historyTtlMs, order-window mask, then per
 * linked kind: hash, window mask, track first use ('1'/'0'). Masks: 1 = 1 h, 2 = 24 h, 4 = 7 d;
 * 8 in the order mask keeps lifetime stats (order count, amounts, first seen) — else they are 0.
 * Returns: added, n1h, n24h, n7d, small1h, prevN, prevSum, prevMax, first, chargebacks, list,
 * then d1h, d24h, d7d, fresh per linked kind (windows outside a mask are 0).
 */
export const OBSERVE_ENTITY = `
local t = tonumber(A[1])
local id = A[2]
local amt = tonumber(A[3])
local wttl = tonumber(A[5])
local httl = tonumber(A[6])
local H, D, W = 3600000, 86400000, 604800000
local function count(key, mask, bit, span)
  if math.floor(mask / bit) % 2 == 1 then return redis.call('ZCOUNT', key, t - span, t) end
  return 0
end
local added = FIRST and 1 or 0
redis.call('ZADD', K[1], 'NX', t, id)
if A[4] == '1' then redis.call('ZADD', K[2], 'NX', t, id) end
local em = tonumber(A[7])
local stats = math.floor(em / 8) % 2 == 1
local pn, ps, pm, first = 0, 0, 0, t
if stats then
  local m = redis.call('HMGET', K[3], 'n', 'sum', 'max', 'first')
  local n = tonumber(m[1]) or 0
  local sum = tonumber(m[2]) or 0
  local mx = tonumber(m[3]) or 0
  first = tonumber(m[4])
  if added == 1 then
    pn, ps, pm = n, sum, mx
    redis.call('HSET', K[3], 'n', n + 1, 'sum', sum + amt, 'max', math.max(mx, amt))
    if first == nil or t < first then
      first = t
      redis.call('HSET', K[3], 'first', string.format('%d', t))
    end
  else
    pn, ps, pm = math.max(n - 1, 0), math.max(sum - amt, 0), mx
  end
  redis.call('PEXPIRE', K[3], httl)
end
local list = redis.call('GET', K[5])
local out = {
  added,
  count(K[1], em, 1, H),
  count(K[1], em, 2, D),
  count(K[1], em, 4, W),
  redis.call('ZCOUNT', K[2], t - H, t),
  pn, ps, pm, first or t,
  redis.call('ZCARD', K[4]),
  list or ''
}
local horizon = '(' .. string.format('%d', t - W - D)
local tracked = false
for i = 7, #K do
  local a = 8 + (i - 7) * 3
  local h = A[a]
  local lm = tonumber(A[a + 1])
  local fresh = 0
  if h ~= '' then
    redis.call('ZADD', K[i], 'GT', t, h)
    if A[a + 2] == '1' then
      tracked = true
      local f = (i - 6) .. ':' .. h
      redis.call('HSETNX', K[6], f, id)
      if redis.call('HGET', K[6], f) == id then fresh = 1 end
    end
  end
  out[#out + 1] = count(K[i], lm, 1, H)
  out[#out + 1] = count(K[i], lm, 2, D)
  out[#out + 1] = count(K[i], lm, 4, W)
  out[#out + 1] = fresh
  if added == 1 then redis.call('ZREMRANGEBYSCORE', K[i], '-inf', horizon) end
  redis.call('PEXPIRE', K[i], wttl)
end
if added == 1 then
  redis.call('ZREMRANGEBYSCORE', K[1], '-inf', horizon)
  redis.call('ZREMRANGEBYSCORE', K[2], '-inf', horizon)
end
redis.call('PEXPIRE', K[1], wttl)
if A[4] == '1' then redis.call('PEXPIRE', K[2], wttl) end
if tracked then redis.call('PEXPIRE', K[6], httl) end
return out
`;

/**
 * The previous layout's mark of an order observed on an entity (before the ledger's done marks): the
 * order id in the entity's window set. Read only when the done mark is missing.
 */
export const OBSERVED_BEFORE = "redis.call('ZSCORE', K[1], A[2]) ~= false";

/**
 * KEYS: cbo. ARGV: orderId, t, ttlMs. A set of order ids, so a repeat changes nothing; returns the
 * entity's chargeback count.
 */
export const RECORD_CHARGEBACK = new RedisScript<number>({
  name: 'fraud.recordChargeback',
  keys: ['cbo'],
  lua: `
redis.call('ZADD', KEYS[1], 'NX', tonumber(ARGV[2]), ARGV[1])
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[3]))
return redis.call('ZCARD', KEYS[1])
`,
});
