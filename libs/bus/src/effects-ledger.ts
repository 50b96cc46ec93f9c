// Exactly-once effects on Redis for at-least-once delivery: a handler's writes and its "done" mark
// commit in one Lua script on keys sharing a hash tag (so it also works on Redis Cluster), and
// entity writes apply last-writer-wins by version with tombstones for deletes.
import type { Redis } from 'ioredis';

/** One write; `key` is a suffix under the entity's hash tag, e.g. 'aggregate'. */
export type LedgerOp =
  | { op: 'hincrby'; key: string; field: string; by: number }
  | { op: 'hincrbyfloat'; key: string; field: string; by: number }
  | { op: 'hset'; key: string; field: string; value: string }
  | { op: 'hdel'; key: string; field: string }
  | { op: 'incrby'; key: string; by: number }
  | { op: 'set'; key: string; value: string }
  | { op: 'sadd'; key: string; member: string }
  | { op: 'srem'; key: string; member: string }
  | { op: 'zadd'; key: string; member: string; score: number }
  | { op: 'zincrby'; key: string; member: string; by: number }
  | { op: 'rpush'; key: string; value: string }
  | { op: 'ltrim'; key: string; start: number; stop: number }
  | { op: 'del'; key: string }
  | { op: 'expire'; key: string; seconds: number };

export interface EffectsLedgerOptions {
  /** Namespaces every key: `{<service>:<tenant>:<entity>}:<suffix>`. */
  service: string;
  /**
   * How long a done mark is kept. Keep it at least as long as the stream keeps events (default
   * retention is 7 days) so any redelivery or re-publish of a retained event is recognised.
   */
  doneTtlSeconds?: number;
  /** How long a deleted entity's tombstone blocks older upserts (default 30 days). */
  tombstoneTtlSeconds?: number;
}

export interface EntityRef {
  tenant: string;
  /** Entity id, e.g. `product:p-1`; all keys of one call live under this entity's hash tag. */
  entity: string;
}

export interface ApplyOnce extends EntityRef {
  eventId: string;
  ops?: LedgerOp[];
  /**
   * Custom Lua run in the same script after the done check, when `ops` cannot express it.
   * It sees `K` (full keys for `keys`, in order) and `A` (`args`, as strings).
   */
  script?: { lua: string; keys: string[]; args?: (string | number)[] };
}

export type EntityWrite = EntityRef & { version: number; ops?: LedgerOp[] } & (
    { kind: 'upsert'; fields: Record<string, string> } | { kind: 'delete' }
  );

const OPS_LUA = `
local function apply_ops(ops, base)
  for _, o in ipairs(ops) do
    local k = KEYS[base + o.k]
    local op = o.op
    if op == 'hincrby' then redis.call('HINCRBY', k, o.f, o.n)
    elseif op == 'hincrbyfloat' then redis.call('HINCRBYFLOAT', k, o.f, o.n)
    elseif op == 'hset' then redis.call('HSET', k, o.f, o.v)
    elseif op == 'hdel' then redis.call('HDEL', k, o.f)
    elseif op == 'incrby' then redis.call('INCRBY', k, o.n)
    elseif op == 'set' then redis.call('SET', k, o.v)
    elseif op == 'sadd' then redis.call('SADD', k, o.v)
    elseif op == 'srem' then redis.call('SREM', k, o.v)
    elseif op == 'zadd' then redis.call('ZADD', k, o.n, o.v)
    elseif op == 'zincrby' then redis.call('ZINCRBY', k, o.n, o.v)
    elseif op == 'rpush' then redis.call('RPUSH', k, o.v)
    elseif op == 'ltrim' then redis.call('LTRIM', k, o.n, o.m)
    elseif op == 'del' then redis.call('DEL', k)
    elseif op == 'expire' then redis.call('EXPIRE', k, o.n)
    end
  end
end
`;

// KEYS[1] done mark, KEYS[2..] op keys; ARGV[1] done TTL, ARGV[2] ops JSON.
// The done mark is written last: a script that fails half-way is not recorded as done.
const APPLY_ONCE_LUA = `${OPS_LUA}
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
apply_ops(cjson.decode(ARGV[2]), 1)
-- custom
redis.call('SET', KEYS[1], '1', 'EX', ARGV[1])
return 1
`;

// KEYS[1] state hash, KEYS[2] version hash, KEYS[3..] op keys.
// ARGV[1] version, ARGV[2] 'upsert'|'delete', ARGV[3] tombstone TTL, ARGV[4] fields JSON, ARGV[5] ops JSON.
const WRITE_IF_NEWER_LUA = `${OPS_LUA}
local incoming = tonumber(ARGV[1])
local current = tonumber(redis.call('HGET', KEYS[2], 'v'))
if current then
  if current > incoming then return 0 end
  if current == incoming then
    -- Same version: a delete beats an upsert; anything else is a repeat.
    if not (ARGV[2] == 'delete' and redis.call('HGET', KEYS[2], 'deleted') ~= '1') then return 0 end
  end
end
redis.call('DEL', KEYS[1])
if ARGV[2] == 'delete' then
  redis.call('HSET', KEYS[2], 'v', ARGV[1], 'deleted', '1')
  redis.call('EXPIRE', KEYS[2], ARGV[3])
else
  local fields = cjson.decode(ARGV[4])
  local flat = {}
  for f, v in pairs(fields) do flat[#flat + 1] = f; flat[#flat + 1] = v end
  if #flat > 0 then redis.call('HSET', KEYS[1], unpack(flat)) end
  redis.call('HSET', KEYS[2], 'v', ARGV[1], 'deleted', '0')
  redis.call('PERSIST', KEYS[2])
end
apply_ops(cjson.decode(ARGV[5]), 2)
return 1
`;

interface EncodedOp {
  k: number;
  op: string;
  f?: string;
  v?: string;
  n?: number;
  m?: number;
}

export class EffectsLedger {
  private readonly doneTtl: number;
  private readonly tombstoneTtl: number;
  private readonly shas = new Map<string, string>();

  constructor(
    private readonly redis: Redis,
    private readonly options: EffectsLedgerOptions,
  ) {
    this.doneTtl = options.doneTtlSeconds ?? 7 * 24 * 3600;
    this.tombstoneTtl = options.tombstoneTtlSeconds ?? 30 * 24 * 3600;
  }

  /** Full key of `suffix` under the entity's hash tag. */
  key(ref: EntityRef, suffix: string): string {
    return `{${this.options.service}:${ref.tenant}:${ref.entity}}:${suffix}`;
  }

  /**
   * Runs the effects of `eventId` unless they already ran. Resolves true when applied now, false
   * when this event was already applied (a redelivery or duplicate).
   */
  async applyOnce(req: ApplyOnce): Promise<boolean> {
    const opKeys: string[] = [];
    const ops = encodeOps(req.ops ?? [], opKeys);
    let lua = APPLY_ONCE_LUA;
    const args: (string | number)[] = [this.doneTtl, JSON.stringify(ops)];
    if (req.script) {
      const first = opKeys.length + 2;
      for (const k of req.script.keys) opKeys.push(k);
      const kList = req.script.keys.map((_, i) => `KEYS[${first + i}]`).join(', ');
      const aList = (req.script.args ?? []).map((_, i) => `ARGV[${3 + i}]`).join(', ');
      lua = lua.replace(
        '-- custom',
        `do\nlocal K = {${kList}}\nlocal A = {${aList}}\n${req.script.lua}\nend`,
      );
      args.push(...(req.script.args ?? []));
    }
    const keys = [this.key(req, `done:${req.eventId}`), ...opKeys.map((s) => this.key(req, s))];
    return (await this.run(lua, keys, args)) === 1;
  }

  /**
   * Writes an entity's state if `version` (occurred-at in ms, or a version counter) is newer than
   * what is stored; a delete leaves a tombstone so an older upsert arriving late is ignored.
   * `ops` run only when the write wins. Resolves true when applied, false when stale.
   */
  async writeIfNewer(write: EntityWrite): Promise<boolean> {
    const opKeys: string[] = [];
    const ops = encodeOps(write.ops ?? [], opKeys);
    const keys = [
      this.key(write, 'state'),
      this.key(write, 'version'),
      ...opKeys.map((s) => this.key(write, s)),
    ];
    const fields = write.kind === 'upsert' ? write.fields : {};
    const args = [write.version, write.kind, this.tombstoneTtl, JSON.stringify(fields), JSON.stringify(ops)];
    return (await this.run(WRITE_IF_NEWER_LUA, keys, args)) === 1;
  }

  /** Current state of an entity, or undefined when it does not exist or was deleted. */
  async readEntity(ref: EntityRef): Promise<Record<string, string> | undefined> {
    const state = await this.redis.hgetall(this.key(ref, 'state'));
    return Object.keys(state).length ? state : undefined;
  }

  private async run(lua: string, keys: string[], args: (string | number)[]): Promise<unknown> {
    let sha = this.shas.get(lua);
    if (sha) {
      try {
        return await this.redis.evalsha(sha, keys.length, ...keys, ...args);
      } catch (err) {
        if (!(err instanceof Error) || !err.message.includes('NOSCRIPT')) throw err;
      }
    }
    sha = (await this.redis.script('LOAD', lua)) as string;
    this.shas.set(lua, sha);
    return this.redis.evalsha(sha, keys.length, ...keys, ...args);
  }
}

/** Turns ops into the compact form the script reads; keys are referenced by position. */
function encodeOps(ops: LedgerOp[], keys: string[]): EncodedOp[] {
  const index = (suffix: string): number => {
    let i = keys.indexOf(suffix);
    if (i < 0) i = keys.push(suffix) - 1;
    return i + 1;
  };
  return ops.map((o): EncodedOp => {
    const k = index(o.key);
    switch (o.op) {
      case 'hincrby':
      case 'hincrbyfloat':
        return { k, op: o.op, f: o.field, n: o.by };
      case 'hset':
        return { k, op: o.op, f: o.field, v: o.value };
      case 'hdel':
        return { k, op: o.op, f: o.field };
      case 'incrby':
        return { k, op: o.op, n: o.by };
      case 'set':
      case 'rpush':
        return { k, op: o.op, v: o.value };
      case 'sadd':
      case 'srem':
        return { k, op: o.op, v: o.member };
      case 'zadd':
        return { k, op: o.op, v: o.member, n: o.score };
      case 'zincrby':
        return { k, op: o.op, v: o.member, n: o.by };
      case 'ltrim':
        return { k, op: o.op, n: o.start, m: o.stop };
      case 'del':
        return { k, op: o.op };
      case 'expire':
        return { k, op: o.op, n: o.seconds };
    }
  });
}
