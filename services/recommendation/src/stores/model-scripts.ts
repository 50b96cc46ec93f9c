// The Lua run inside EffectsLedger.runOnce (after its done check, before its done mark) for each
// event kind. Every key is the tenant's model prefix (one hash tag) plus a suffix:
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
//
// Every script touches only the keys it is given (Redis Cluster routes a script by its KEYS). The
// event's own keys (its products, user, session, the categories and terms it carries) are passed
// as they are; keys named by stored data (a product's stored categories `ck` and terms `tm`, a
// session's products, a user's sessions, a product's content neighbours) are read first by the
// store and passed too (an interaction, the hot path, is tried with what the store last saw
// instead, see INTERACTION_LUA). A script finds a key by its suffix among the keys it was given (`key`,
// `all_given`); when what it reads names a key it was not given (another write came in between), it
// changes nothing, leaves the event unmarked and answers 'retry', and the store reads again
// (untilCovered in @shopmind/redis).

/** Shared by the event scripts: A[1] is the prefix, only to recognise the keys given (K) by their
 * suffix; `key(s)` is the given key with suffix s (a missing one is a bug in the store: an error,
 * raised before any write since each script checks its stored data first with `all_given`). The event was applied before (not FIRST): nothing to do. */
const KEYS_PRELUDE = `
if not FIRST then return 'duplicate' end
local PL = #A[1]
local KEY = {}
for _, k in ipairs(K) do KEY[string.sub(k, PL + 1)] = k end
local function key(s)
  local k = KEY[s]
  if not k then error('recommendation model: key not given: ' .. s) end
  return k
end
local function all_given(family, members, except)
  for _, m in ipairs(members) do
    if m ~= except and not KEY[family .. m] then return false end
  end
  return true
end
local function retry() keep_unmarked(); return 'retry' end
`;

/** Shared prelude for behaviour events: A[2] occurred-at ms, A[3] half-life ms, A[4] neighbours
 * kept, A[5] recent products kept per user. Writes the decay anchor: run after the checks. */
const BEHAVIOUR_PRELUDE = `
local t = tonumber(A[2])
local hl = tonumber(A[3])
local N = tonumber(A[4])
local R = tonumber(A[5])
local meta = key('meta')
local t0 = tonumber(redis.call('HGET', meta, 't0'))
if not t0 then t0 = t; redis.call('HSET', meta, 't0', A[2]) end
local tmax = tonumber(redis.call('HGET', meta, 'tmax'))
if (not tmax) or t > tmax then redis.call('HSET', meta, 'tmax', A[2]) end
local grow = 2 ^ ((t - t0) / hl)
local function capped(k, n)
  if redis.call('ZCARD', k) > n then redis.call('ZREMRANGEBYRANK', k, 0, -(n + 1)) end
end
local function credit(user, product, cats, w)
  redis.call('ZINCRBY', key('pop'), w, product)
  for _, c in ipairs(cats) do redis.call('ZINCRBY', key('popc:' .. c), w, product) end
  if user ~= '' then
    local u = 'u:' .. user
    redis.call('ZINCRBY', key(u .. ':p'), w, product)
    capped(key(u .. ':p'), 10 * R)
    for _, c in ipairs(cats) do redis.call('ZINCRBY', key(u .. ':c'), w, c) end
    capped(key(u .. ':c'), 50)
    redis.call('ZADD', key(u .. ':seen'), 'GT', t, product)
    capped(key(u .. ':seen'), R)
  end
end
local function pair(a, b, w, bought)
  local k = key('co:' .. a)
  redis.call('ZINCRBY', k, w, b)
  capped(k, N)
  if bought then
    local kb = key('cb:' .. a)
    redis.call('ZINCRBY', kb, w, b)
    capped(kb, N)
  end
end
`;

/** A product's stored category keys (its `ck`), or `given` when the model does not have it. */
const CATS_OF = `
local function cats_of(product, given)
  local ck = redis.call('HGET', key('p:' .. product), 'ck')
  if ck then return cjson.decode(ck) end
  return given
end
`;

/** Sessions remembered per user for an erasure; older ones have long expired (their TTL is hours). */
export const USER_SESSIONS_KEPT = 100;

const wrap = (body: string): string => `local function run()\n${body}\nend\nreturn run()`;

/** A[6] weight, A[7] user, A[8] session, A[9] product, A[10] 1 when it pairs with the session's
 * other products, A[11] session products kept, A[12] session TTL s. Keys: meta, pop, p:<product>,
 * co:<product>, the user's u:<user>:p/:c/:seen/:s, s:<session>; and as the store last saw them:
 * popc:<c> of the product's stored categories, co:<q> of the session's products. → {'retry' or
 * 'applied', the product's stored `ck` ('' when none), the session's products (before the write
 * on 'retry', after it on 'applied'; none when not pairing)}: what the store tries next with. */
export const INTERACTION_LUA = wrap(`${KEYS_PRELUDE}
local USER_SESSIONS_KEPT = ${USER_SESSIONS_KEPT}
local user, session, product = A[7], A[8], A[9]
local ck = redis.call('HGET', key('p:' .. product), 'ck')
local cats = ck and cjson.decode(ck) or {}
local pairing = A[10] == '1' and session ~= ''
local others = {}
if pairing then others = redis.call('ZRANGE', key('s:' .. session), 0, -1) end
if not (all_given('popc:', cats) and all_given('co:', others, product)) then
  keep_unmarked()
  return {'retry', ck or '', others}
end
${BEHAVIOUR_PRELUDE}
credit(user, product, cats, tonumber(A[6]) * grow)
local members = {}
if pairing then
  local sk = key('s:' .. session)
  if redis.call('ZADD', sk, 'GT', t, product) == 1 then
    for _, q in ipairs(others) do
      if q ~= product then pair(product, q, grow, false); pair(q, product, grow, false) end
    end
  end
  capped(sk, tonumber(A[11]))
  redis.call('EXPIRE', sk, A[12])
  if user ~= '' then
    local us = key('u:' .. user .. ':s')
    redis.call('ZADD', us, 'GT', t, session)
    capped(us, USER_SESSIONS_KEPT)
    redis.call('EXPIRE', us, A[12])
  end
  members = redis.call('ZRANGE', sk, 0, -1)
end
return {'applied', ck or '', members}`);

/** A[6] purchase weight, A[7] user, A[8] items JSON [{p, c: [category keys]}], A[9] items paired,
 * A[10] category display names JSON (used only for categories the catalogue has not named). Keys:
 * meta, catname, pop, p:<p> of each item, popc:<c> of the categories given, co:<p> and cb:<p> of
 * the paired items, the user's u:<user>:p/:c/:seen/:bought; read first: popc:<c> of each item's
 * stored categories. */
export const ORDER_LUA = wrap(`${KEYS_PRELUDE}${CATS_OF}
local user = A[7]
local items = cjson.decode(A[8])
local cats = {}
for i, it in ipairs(items) do
  cats[i] = cats_of(it.p, it.c)
  if not all_given('popc:', cats[i]) then return retry() end
end
${BEHAVIOUR_PRELUDE}
for c, name in pairs(cjson.decode(A[10])) do redis.call('HSETNX', key('catname'), c, name) end
local paired = {}
for i, it in ipairs(items) do
  credit(user, it.p, cats[i], tonumber(A[6]) * grow)
  if user ~= '' then redis.call('SADD', key('u:' .. user .. ':bought'), it.p) end
  if i <= tonumber(A[9]) then paired[#paired + 1] = it.p end
end
for i = 1, #paired do
  for j = 1, #paired do
    if i ~= j then pair(paired[i], paired[j], grow, true) end
  end
end
return 'applied'`);

/** Last writer wins by (version, occurred-at); at equal stamps a delete beats an upsert. `listed`
 * checks that the keys of the product's stored categories and terms were given, `unlist` takes
 * the product out of them. */
const STAMP_PRELUDE = `
local pk = key('p:' .. A[2])
local v, t = tonumber(A[3]), tonumber(A[4])
local function newer(deleting)
  local cv = tonumber(redis.call('HGET', pk, 'v'))
  if not cv then return true end
  local ct = tonumber(redis.call('HGET', pk, 't')) or 0
  if v ~= cv then return v > cv end
  if t ~= ct then return t > ct end
  return deleting and redis.call('HGET', pk, 'deleted') ~= '1'
end
local stored = redis.call('HMGET', pk, 'ck', 'tm')
local old_cats = stored[1] and cjson.decode(stored[1]) or {}
local old_terms = stored[2] and cjson.decode(stored[2]) or { s = {}, w = {} }
local function listed()
  return all_given('popc:', old_cats) and all_given('tt:', old_terms.s) and all_given('td:', old_terms.w)
end
local function unlist()
  redis.call('ZREM', key('pop'), A[2])
  for _, c in ipairs(old_cats) do redis.call('ZREM', key('popc:' .. c), A[2]) end
  for _, w in ipairs(old_terms.s) do redis.call('SREM', key('tt:' .. w), A[2]) end
  for _, w in ipairs(old_terms.w) do redis.call('SREM', key('td:' .. w), A[2]) end
end
`;

/** A[2] id, A[3] version, A[4] occurred-at ms, A[5] fields JSON (incl. ck), A[6] category keys
 * JSON, A[7] category display names JSON (key → name), A[8] terms JSON {s: strong, w: weak},
 * A[9] the price's currency ('' without a price: the shop's currency is the last one seen). A new
 * product is listed with popularity 0, so it is recommendable at once, and indexed by its terms.
 * Keys: p:<id>, pop, meta, catname, popc:<c>, tt:<w>, td:<w> of the new categories and terms; read
 * first: those of the stored categories and terms. */
export const UPSERT_LUA = wrap(`${KEYS_PRELUDE}${STAMP_PRELUDE}
if not newer(false) then return 'stale' end
if not listed() then return retry() end
unlist()
redis.call('DEL', pk)
local flat = {}
for f, value in pairs(cjson.decode(A[5])) do flat[#flat + 1] = f; flat[#flat + 1] = value end
redis.call('HSET', pk, 'v', A[3], 't', A[4], 'deleted', '0', 'tm', A[8], unpack(flat))
local terms = cjson.decode(A[8])
for _, w in ipairs(terms.s) do redis.call('SADD', key('tt:' .. w), A[2]) end
for _, w in ipairs(terms.w) do redis.call('SADD', key('td:' .. w), A[2]) end
if A[9] ~= '' then redis.call('HSET', key('meta'), 'cur', A[9]) end
redis.call('PERSIST', pk)
redis.call('ZADD', key('pop'), 'NX', 0, A[2])
for _, c in ipairs(cjson.decode(A[6])) do redis.call('ZADD', key('popc:' .. c), 'NX', 0, A[2]) end
for c, name in pairs(cjson.decode(A[7])) do redis.call('HSET', key('catname'), c, name) end
return 'applied'`);

/** A[2] id, A[3] version, A[4] occurred-at ms, A[5] tombstone TTL s. Keys: p:<id>, pop, vec,
 * cn:<id>; read first: popc:<c>, tt:<w>, td:<w> of the stored categories and terms, cn:<n> of the
 * stored content neighbours. */
export const DELETE_LUA = wrap(`${KEYS_PRELUDE}${STAMP_PRELUDE}
if not newer(true) then return 'stale' end
local cn = key('cn:' .. A[2])
local neighbours = redis.call('ZRANGE', cn, 0, -1)
if not (listed() and all_given('cn:', neighbours)) then return retry() end
unlist()
redis.call('DEL', pk)
redis.call('HSET', pk, 'v', A[3], 't', A[4], 'deleted', '1')
redis.call('EXPIRE', pk, A[5])
for _, n in ipairs(neighbours) do redis.call('ZREM', key('cn:' .. n), A[2]) end
redis.call('DEL', cn)
redis.call('HDEL', key('vec'), A[2])
return 'applied'`);

/** K: gfv, gf:<id> (both known from the event: nothing read first). A[1] product id, A[2] product
 * version, A[3] '1' when the product left the graph, A[4] added fact keys JSON, A[5] removed fact
 * keys JSON. Last writer wins by product version. */
export const GRAPH_FACTS_LUA = wrap(`
local gfv, gk = K[1], K[2]
local cv = tonumber(redis.call('HGET', gfv, A[1]))
if cv and tonumber(A[2]) < cv then return end
redis.call('HSET', gfv, A[1], A[2])
if A[3] == '1' then redis.call('DEL', gk); return end
for _, f in ipairs(cjson.decode(A[5])) do redis.call('SREM', gk, f) end
for _, f in ipairs(cjson.decode(A[4])) do redis.call('SADD', gk, f) end`);

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

/** A[2] user: the user's profile and history, including their sessions' products. Popularity and
 * co-occurrence name no one and stay. Keys: u:<user>:p/:c/:seen/:bought/:s; read first: s:<session>
 * of the user's stored sessions. */
export const ERASE_USER_LUA = wrap(`${KEYS_PRELUDE}
local u = 'u:' .. A[2]
local sessions = redis.call('ZRANGE', key(u .. ':s'), 0, -1)
if not all_given('s:', sessions) then return retry() end
for _, session in ipairs(sessions) do redis.call('DEL', key('s:' .. session)) end
redis.call('DEL', key(u .. ':p'), key(u .. ':c'), key(u .. ':seen'), key(u .. ':bought'), key(u .. ':s'))
return 'applied'`);

// The read side (model-reader.ts). A top-k request reads its lists in pipelined reads (which keys
// it reads depends on what it reads first: a user's recent products, a product's categories), then
// the facts of its best candidates with READ_PRODUCTS; the guide adds READ_GUIDE. Both take every
// key they read in KEYS.

/** KEYS: p:<id>, gf:<id> of each product in turn; ARGV[1] '1' for the guide's full records → each
 * product's {packed facts or nil when unknown or deleted, graph fact keys} and, for the guide, its
 * content source and age range too. */
export const READ_PRODUCTS_LUA = `
local full = ARGV[1] == '1'
local out = {}
for i = 1, #KEYS / 2 do
  local h = redis.call('HMGET', KEYS[2 * i - 1], 'deleted', 'f', 'src', 'age')
  local live = h[1] == '0' and h[2]
  local record = {live and h[2] or false, redis.call('SMEMBERS', KEYS[2 * i])}
  if full then
    record[3] = live and h[3] or false
    record[4] = live and h[4] or false
  end
  out[i] = record
end
return out`;

/** The guide's interest matches. KEYS: meta, pop, guide:tmp, then tt:<w> and td:<w> of the words
 * asked. ARGV[1] items per list, ARGV[2] interests JSON (each, per word it must have, the positions
 * in KEYS of its tt: and td: keys) → {the shop's currency or nil, per interest {strong matches,
 * weak matches} (flat, most popular first; score = popularity + the number of words, so a product
 * nobody has interacted with yet still counts)}. */
export const READ_GUIDE_LUA = `
local n = tonumber(ARGV[1]) - 1
local tmp = KEYS[3]
local out = {}
for i, words in ipairs(cjson.decode(ARGV[2])) do
  local lists = {}
  for j = 1, 2 do
    local args = {tmp, #words + 1, KEYS[2]}
    for _, w in ipairs(words) do args[#args + 1] = KEYS[w[j]] end
    args[#args + 1] = 'WEIGHTS'
    for k = 1, #words + 1 do args[#args + 1] = 1 end
    redis.call('ZINTERSTORE', unpack(args))
    lists[j] = redis.call('ZREVRANGE', tmp, 0, n, 'WITHSCORES')
    redis.call('DEL', tmp)
  end
  out[i] = lists
end
return {redis.call('HGET', KEYS[1], 'cur'), out}`;
