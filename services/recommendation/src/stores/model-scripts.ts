// The Lua run inside EffectsLedger.applyOnce (after its done check, before its done mark) for each
// event kind. Every key is `A[1]` (the tenant's model prefix, one hash tag) plus a suffix:
//   meta            hash: t0 (the tenant's first behaviour time, the decay anchor), tmax (newest),
//                   cur (the currency of the last priced product: the shop's, for the guide)
//   p:<id>          hash: the product's facts packed in `f`, category keys `ck`, content source
//                   `src` (attributes, description), age range `age` ([min, max] months or null),
//                   terms `tm`, version stamp (v, t) and `deleted` tombstone
//   catname         hash: category key → display name
//   pop, popc:<c>   zsets: decayed popularity, overall and per category key
//   u:<user>:p / :c zsets: decayed product and category affinities; :seen zset (time) of recent
//                   products; :bought set of purchased products; :s zset (time) of the user's
//                   sessions (so that an erasure finds them), with the sessions' TTL
//   s:<session>     zset (time): the session's products so far
//   co:<id>, cb:<id> zsets: co-occurrence neighbours (sessions and orders / orders only), top N
//   gf:<id>         set: the product's graph facts (`material:wood`, `age_min:3`); gfv hash: id →
//                   product version of the last graph update applied
//   vec             hash: id → content vector (float32 bytes); cn:<id> zset: content neighbours
//                   (cosine similarity), top M, kept both ways
//   tt:<w>, td:<w>  sets: products with the word <w> in what names them (title, brand, categories,
//                   attribute values) / in their description (domain/product-terms.ts); the
//                   product's own terms in its `tm` field, so an upsert or delete takes them out
//   guide:tmp       scratch zset of one guide read, deleted before the script ends
// Scores are stored grown by 2^((t − t0)/halfLife) (see domain/decay.ts).

/** Shared prelude for behaviour events: A[1] prefix, A[2] occurred-at ms, A[3] half-life ms,
 * A[4] neighbours kept, A[5] recent products kept per user. */
const BEHAVIOUR_PRELUDE = `
local P = A[1]
local t = tonumber(A[2])
local hl = tonumber(A[3])
local N = tonumber(A[4])
local R = tonumber(A[5])
local meta = P .. 'meta'
local t0 = tonumber(redis.call('HGET', meta, 't0'))
if not t0 then t0 = t; redis.call('HSET', meta, 't0', A[2]) end
local tmax = tonumber(redis.call('HGET', meta, 'tmax'))
if (not tmax) or t > tmax then redis.call('HSET', meta, 'tmax', A[2]) end
local grow = 2 ^ ((t - t0) / hl)
local function capped(key, n)
  if redis.call('ZCARD', key) > n then redis.call('ZREMRANGEBYRANK', key, 0, -(n + 1)) end
end
local function cats_of(product, given)
  local ck = redis.call('HGET', P .. 'p:' .. product, 'ck')
  if ck then return cjson.decode(ck) end
  return given
end
local function credit(user, product, cats, w)
  redis.call('ZINCRBY', P .. 'pop', w, product)
  for _, c in ipairs(cats) do redis.call('ZINCRBY', P .. 'popc:' .. c, w, product) end
  if user ~= '' then
    local u = P .. 'u:' .. user
    redis.call('ZINCRBY', u .. ':p', w, product)
    capped(u .. ':p', 10 * R)
    for _, c in ipairs(cats) do redis.call('ZINCRBY', u .. ':c', w, c) end
    capped(u .. ':c', 50)
    redis.call('ZADD', u .. ':seen', 'GT', t, product)
    capped(u .. ':seen', R)
  end
end
local function pair(a, b, w, bought)
  local k = P .. 'co:' .. a
  redis.call('ZINCRBY', k, w, b)
  capped(k, N)
  if bought then
    local kb = P .. 'cb:' .. a
    redis.call('ZINCRBY', kb, w, b)
    capped(kb, N)
  end
end
`;

/** Sessions remembered per user for an erasure; older ones have long expired (their TTL is hours). */
const USER_SESSIONS_KEPT = 100;

const wrap = (body: string): string => `local function run()\n${body}\nend\nrun()`;

/** A[6] weight, A[7] user, A[8] session, A[9] product, A[10] 1 when it pairs with the session's
 * other products, A[11] session products kept, A[12] session TTL s. */
export const INTERACTION_LUA = wrap(`${BEHAVIOUR_PRELUDE}
local USER_SESSIONS_KEPT = ${USER_SESSIONS_KEPT}
local user, session, product = A[7], A[8], A[9]
credit(user, product, cats_of(product, {}), tonumber(A[6]) * grow)
if A[10] == '1' and session ~= '' then
  local sk = P .. 's:' .. session
  local others = redis.call('ZRANGE', sk, 0, -1)
  if redis.call('ZADD', sk, 'GT', t, product) == 1 then
    for _, q in ipairs(others) do
      if q ~= product then pair(product, q, grow, false); pair(q, product, grow, false) end
    end
  end
  capped(sk, tonumber(A[11]))
  redis.call('EXPIRE', sk, A[12])
  if user ~= '' then
    local us = P .. 'u:' .. user .. ':s'
    redis.call('ZADD', us, 'GT', t, session)
    capped(us, USER_SESSIONS_KEPT)
    redis.call('EXPIRE', us, A[12])
  end
end`);

/** A[6] purchase weight, A[7] user, A[8] items JSON [{p, c: [category keys]}], A[9] items paired,
 * A[10] category display names JSON (used only for categories the catalogue has not named). */
export const ORDER_LUA = wrap(`${BEHAVIOUR_PRELUDE}
local user = A[7]
for c, name in pairs(cjson.decode(A[10])) do redis.call('HSETNX', P .. 'catname', c, name) end
local items = cjson.decode(A[8])
local paired = {}
for i, it in ipairs(items) do
  credit(user, it.p, cats_of(it.p, it.c), tonumber(A[6]) * grow)
  if user ~= '' then redis.call('SADD', P .. 'u:' .. user .. ':bought', it.p) end
  if i <= tonumber(A[9]) then paired[#paired + 1] = it.p end
end
for i = 1, #paired do
  for j = 1, #paired do
    if i ~= j then pair(paired[i], paired[j], grow, true) end
  end
end`);

/** Last writer wins by (version, occurred-at); at equal stamps a delete beats an upsert. */
const STAMP_PRELUDE = `
local P = A[1]
local pk = P .. 'p:' .. A[2]
local v, t = tonumber(A[3]), tonumber(A[4])
local function newer(deleting)
  local cv = tonumber(redis.call('HGET', pk, 'v'))
  if not cv then return true end
  local ct = tonumber(redis.call('HGET', pk, 't')) or 0
  if v ~= cv then return v > cv end
  if t ~= ct then return t > ct end
  return deleting and redis.call('HGET', pk, 'deleted') ~= '1'
end
local function unlist()
  redis.call('ZREM', P .. 'pop', A[2])
  local ck = redis.call('HGET', pk, 'ck')
  if ck then for _, c in ipairs(cjson.decode(ck)) do redis.call('ZREM', P .. 'popc:' .. c, A[2]) end end
  local tm = redis.call('HGET', pk, 'tm')
  if tm then
    local terms = cjson.decode(tm)
    for _, w in ipairs(terms.s) do redis.call('SREM', P .. 'tt:' .. w, A[2]) end
    for _, w in ipairs(terms.w) do redis.call('SREM', P .. 'td:' .. w, A[2]) end
  end
end
`;

/** A[2] id, A[3] version, A[4] occurred-at ms, A[5] fields JSON (incl. ck), A[6] category keys
 * JSON, A[7] category display names JSON (key → name), A[8] terms JSON {s: strong, w: weak},
 * A[9] the price's currency ('' without a price: the shop's currency is the last one seen). A new
 * product is listed with popularity 0, so it is recommendable at once, and indexed by its terms. */
export const UPSERT_LUA = wrap(`${STAMP_PRELUDE}
if not newer(false) then return end
unlist()
redis.call('DEL', pk)
local flat = {}
for f, value in pairs(cjson.decode(A[5])) do flat[#flat + 1] = f; flat[#flat + 1] = value end
redis.call('HSET', pk, 'v', A[3], 't', A[4], 'deleted', '0', 'tm', A[8], unpack(flat))
local terms = cjson.decode(A[8])
for _, w in ipairs(terms.s) do redis.call('SADD', P .. 'tt:' .. w, A[2]) end
for _, w in ipairs(terms.w) do redis.call('SADD', P .. 'td:' .. w, A[2]) end
if A[9] ~= '' then redis.call('HSET', P .. 'meta', 'cur', A[9]) end
redis.call('PERSIST', pk)
redis.call('ZADD', P .. 'pop', 'NX', 0, A[2])
for _, c in ipairs(cjson.decode(A[6])) do redis.call('ZADD', P .. 'popc:' .. c, 'NX', 0, A[2]) end
for c, name in pairs(cjson.decode(A[7])) do redis.call('HSET', P .. 'catname', c, name) end`);

/** A[2] id, A[3] version, A[4] occurred-at ms, A[5] tombstone TTL s. */
export const DELETE_LUA = wrap(`${STAMP_PRELUDE}
if not newer(true) then return end
unlist()
redis.call('DEL', pk)
redis.call('HSET', pk, 'v', A[3], 't', A[4], 'deleted', '1')
redis.call('EXPIRE', pk, A[5])
local cn = P .. 'cn:' .. A[2]
for _, n in ipairs(redis.call('ZRANGE', cn, 0, -1)) do redis.call('ZREM', P .. 'cn:' .. n, A[2]) end
redis.call('DEL', cn)
redis.call('HDEL', P .. 'vec', A[2])`);

/** A[1] prefix, A[2] product id, A[3] product version, A[4] '1' when the product left the graph,
 * A[5] added fact keys JSON, A[6] removed fact keys JSON. Last writer wins by product version. */
export const GRAPH_FACTS_LUA = wrap(`
local P = A[1]
local gk = P .. 'gf:' .. A[2]
local cv = tonumber(redis.call('HGET', P .. 'gfv', A[2]))
if cv and tonumber(A[3]) < cv then return end
redis.call('HSET', P .. 'gfv', A[2], A[3])
if A[4] == '1' then redis.call('DEL', gk); return end
for _, f in ipairs(cjson.decode(A[6])) do redis.call('SREM', gk, f) end
for _, f in ipairs(cjson.decode(A[5])) do redis.call('SADD', gk, f) end`);

/** Run on its own (a recomputation, not once per event). KEYS: p:<id>, cn:<id>, then cn:<n> of each
 * neighbour, in order. ARGV: product id, neighbours JSON [[id, similarity]], neighbours kept per
 * product. Adds the neighbours both ways and drops the weakest beyond the bound; entries are not
 * cleared, so two products upserted at once (each seeing only the other's vector) keep the link
 * either of them found. A deleted product is left alone. */
export const CONTENT_NEIGHBOURS_LUA = `
local id, M = ARGV[1], tonumber(ARGV[3])
if redis.call('HGET', KEYS[1], 'deleted') ~= '0' then return 0 end
local ck = KEYS[2]
for i, n in ipairs(cjson.decode(ARGV[2])) do
  redis.call('ZADD', ck, n[2], n[1])
  local other = KEYS[2 + i]
  redis.call('ZADD', other, n[2], id)
  if redis.call('ZCARD', other) > M then redis.call('ZREMRANGEBYRANK', other, 0, -(M + 1)) end
end
if redis.call('ZCARD', ck) > M then redis.call('ZREMRANGEBYRANK', ck, 0, -(M + 1)) end
return 1`;

/** A[1] prefix, A[2] user: the user's profile and history, including their sessions' products.
 * Popularity and co-occurrence name no one and stay. */
export const ERASE_USER_LUA = wrap(`
local P = A[1]
local u = P .. 'u:' .. A[2]
for _, session in ipairs(redis.call('ZRANGE', u .. ':s', 0, -1)) do redis.call('DEL', P .. 's:' .. session) end
redis.call('DEL', u .. ':p', u .. ':c', u .. ':seen', u .. ':bought', u .. ':s')`);

// The read side (top-k-reader.ts): a top-k request reads its lists in one call, then the facts of
// its best candidates. KEYS[1] is the tenant's `meta` key (it names the hash tag's slot); ARGV[1] the prefix.

/** A product's record for a request: {packed facts or nil when unknown or deleted, graph fact keys}
 * and, for the guide (\`full\`), its content source and age range too. */
const READ_RECORD = `
local function record(P, id, full)
  local h = redis.call('HMGET', P .. 'p:' .. id, 'deleted', 'f', 'ck', 'src', 'age')
  local live = h[1] == '0' and h[2]
  local out = {live and h[2] or false, redis.call('SMEMBERS', P .. 'gf:' .. id)}
  if full then
    out[3] = live and h[4] or false
    out[4] = live and h[5] or false
  end
  return out, live and h[3] or false
end`;

/** Everything a request reads before ranking, in one call. ARGV[2] items per list, ARGV[3] the
 * requested category key ('' = none: the whole shop's popularity), ARGV[4] 'user' or 'items'.
 * For 'user': ARGV[5] user, ARGV[6] recent products used as seeds, ARGV[7] favourite categories
 * (those with a positive affinity) → seeds = the most recent products, user = {strongest product
 * affinity, each seed's affinity, favourite categories (flat, with scores), purchased}.
 * For 'items': ARGV[5] product ids JSON → seeds = those ids, records = each one's record, the
 * categories = their leaf category keys in order of first appearance.
 * → {seeds, user, records, categories, per seed {co (flat), bought together, content neighbours
 * (flat)}, popularity lists (requested or whole shop, then each category's), category names}. */
export const READ_REQUEST_LUA = `${READ_RECORD}
local P, n, asked = ARGV[1], tonumber(ARGV[2]) - 1, ARGV[3]
local seeds, user, records, cats = {}, {}, {}, {}
if ARGV[4] == 'user' then
  local u = P .. 'u:' .. ARGV[5]
  seeds = redis.call('ZREVRANGE', u .. ':seen', 0, tonumber(ARGV[6]) - 1)
  local affinities = {redis.call('ZREVRANGE', u .. ':p', 0, 0, 'WITHSCORES')[2] or '0'}
  for i, id in ipairs(seeds) do affinities[i + 1] = redis.call('ZSCORE', u .. ':p', id) or '0' end
  local favourite = redis.call('ZREVRANGEBYSCORE', u .. ':c', '+inf', '(0', 'WITHSCORES', 'LIMIT', 0, tonumber(ARGV[7]))
  for i = 1, #favourite, 2 do cats[#cats + 1] = favourite[i] end
  user = {affinities, favourite, redis.call('SMEMBERS', u .. ':bought')}
else
  seeds = cjson.decode(ARGV[5])
  local seen = {}
  for i, id in ipairs(seeds) do
    local ck
    records[i], ck = record(P, id)
    if ck then
      local path = cjson.decode(ck)
      local leaf = path[#path]
      if leaf and not seen[leaf] then seen[leaf] = true; cats[#cats + 1] = leaf end
    end
  end
end
local lists = {}
for i, id in ipairs(seeds) do
  lists[i] = {
    redis.call('ZREVRANGE', P .. 'co:' .. id, 0, n, 'WITHSCORES'),
    redis.call('ZRANGE', P .. 'cb:' .. id, 0, -1),
    redis.call('ZREVRANGE', P .. 'cn:' .. id, 0, n, 'WITHSCORES')
  }
end
local popular = {redis.call('ZREVRANGE', asked == '' and P .. 'pop' or P .. 'popc:' .. asked, 0, n, 'WITHSCORES')}
local named = {}
if asked ~= '' then named[1] = asked end
for _, c in ipairs(cats) do
  popular[#popular + 1] = redis.call('ZREVRANGE', P .. 'popc:' .. c, 0, n, 'WITHSCORES')
  named[#named + 1] = c
end
local names = {}
if #named > 0 then names = redis.call('HMGET', P .. 'catname', unpack(named)) end
return {seeds, user, records, cats, lists, popular, names}`;

/** ARGV[2] product ids JSON, ARGV[3] '1' for the guide's full records → each product's record. */
export const READ_PRODUCTS_LUA = `${READ_RECORD}
local out = {}
for i, id in ipairs(cjson.decode(ARGV[2])) do out[i] = record(ARGV[1], id, ARGV[3] == '1') end
return out`;

/** The guide's interest matches. ARGV[2] items per list, ARGV[3] interests JSON (each the words a
 * product must all have) → {the shop's currency or nil, per interest {strong matches, weak matches}
 * (flat, most popular first; score = popularity + the number of words, so a product nobody has
 * interacted with yet still counts)}. */
export const READ_GUIDE_LUA = `
local P, n = ARGV[1], tonumber(ARGV[2]) - 1
local tmp = P .. 'guide:tmp'
local out = {}
for i, words in ipairs(cjson.decode(ARGV[3])) do
  local lists = {}
  for j, family in ipairs({'tt:', 'td:'}) do
    local args = {tmp, #words + 1, P .. 'pop'}
    for _, w in ipairs(words) do args[#args + 1] = P .. family .. w end
    args[#args + 1] = 'WEIGHTS'
    for k = 1, #words + 1 do args[#args + 1] = 1 end
    redis.call('ZINTERSTORE', unpack(args))
    lists[j] = redis.call('ZREVRANGE', tmp, 0, n, 'WITHSCORES')
    redis.call('DEL', tmp)
  end
  out[i] = lists
end
return {redis.call('HGET', P .. 'meta', 'cur'), out}`;
