// Exactly-once effects on Redis for at-least-once delivery: a handler's writes and its "done" mark
// commit in one Lua script on keys sharing a hash tag (so it also works on Redis Cluster), and
// entity writes apply last-writer-wins by version with tombstones for deletes.
import type { ChainableCommander } from 'ioredis';
import type { RedisConnection } from './redis-connection.js';
import { RedisScript, type ScriptArg } from './redis-script.js';

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
  /** Namespaces every key: `{<service>:<tenant>:<entity>}:<suffix>` (unless `keyOf` says otherwise). */
  service: string;
  /**
   * Where an entity's keys live, for a store whose layout predates the ledger or whose scripts span
   * entities (the knowledge graph keeps a tenant's graph under one tag). Every key of one entity must
   * share a hash tag. Default `{<service>:<tenant>:<entity>}:<suffix>`.
   */
  keyOf?: (ref: EntityRef, suffix: string) => string;
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

/**
 * Lua run in the ledger's script after its done check. It sees `K` (the full keys of `keys`, in
 * order), `A` (`args`, as strings) and `FIRST` (false when the event was applied before), and
 * touches only the keys in K.
 */
export interface OnceScript {
  lua: string;
  /** Key suffixes under the entity's hash tag. */
  keys: string[];
  args?: ScriptArg[];
  /**
   * A Lua expression over K and A, read only when the done mark is missing: true when the event's
   * effects were applied under an earlier key layout (the mark that layout kept). The event then
   * counts as applied, and the done mark is written.
   */
  appliedBefore?: string;
}

export interface ApplyOnce extends EntityRef {
  eventId: string;
  ops?: LedgerOp[];
  /** Runs only when the event was not applied before (FIRST is always true in it). */
  script?: OnceScript;
}

/**
 * An effect whose script runs on every delivery, knowing whether it is the first (FIRST), and
 * whose reply is returned: for effects that also answer (counters read back after counting once).
 * The script may call `keep_unmarked()` to leave the event unmarked (nothing was applied).
 */
export interface RunOnce extends EntityRef {
  eventId: string;
  script: OnceScript;
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

// KEYS[1] done mark, then the ops' keys, then the script's keys; ARGV[1] done TTL, ARGV[2] ops JSON,
// then the script's args. The done mark is written last: a script that fails half-way is not
// recorded as done.
function onceLua(script: OnceScript | undefined, opKeys: number, always: boolean): string {
  // K and A are copied by a loop, so one script serves a store's calls whatever their number of
  // keys (a script over a variable set of keys is cached once, not once per count).
  return `${OPS_LUA}
local K, A = {}, {}
for i = ${2 + opKeys}, #KEYS do K[#K + 1] = KEYS[i] end
for i = 3, #ARGV do A[#A + 1] = ARGV[i] end
local done = redis.call('EXISTS', KEYS[1]) == 1
local migrated = false
${script?.appliedBefore ? `if not done and (${script.appliedBefore}) then done = true migrated = true end` : ''}
local FIRST = not done
local unmarked = false
local function keep_unmarked() unmarked = true end
local reply = false
if FIRST then apply_ops(cjson.decode(ARGV[2]), 1) end
${script ? `if FIRST or ${always} then reply = (function()\n${script.lua}\nend)() end` : ''}
if (FIRST and not unmarked) or migrated then redis.call('SET', KEYS[1], '1', 'EX', ARGV[1]) end
${always ? 'if reply == nil then reply = false end return {FIRST and 1 or 0, reply}' : 'return FIRST and 1 or 0'}
`;
}

// KEYS[1] state hash, KEYS[2] version hash, KEYS[3..] op keys.
// ARGV[1] version, ARGV[2] 'upsert'|'delete', ARGV[3] tombstone TTL, ARGV[4] fields JSON, ARGV[5] ops JSON.
const WRITE_IF_NEWER = new RedisScript({
  name: 'ledger.writeIfNewer',
  keys: ['state', 'version', '...ops'],
  lua: `${OPS_LUA}
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
`,
});

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
  /** Per caller's Lua, per call shape, the script run (a store has a handful). */
  private readonly scripts = new Map<string, Map<string, RedisScript>>();

  constructor(
    private readonly redis: RedisConnection,
    private readonly options: EffectsLedgerOptions,
  ) {
    this.doneTtl = options.doneTtlSeconds ?? 7 * 24 * 3600;
    this.tombstoneTtl = options.tombstoneTtlSeconds ?? 30 * 24 * 3600;
  }

  /** Full key of `suffix` under the entity's hash tag. */
  key(ref: EntityRef, suffix: string): string {
    return this.options.keyOf
      ? this.options.keyOf(ref, suffix)
      : `{${this.options.service}:${ref.tenant}:${ref.entity}}:${suffix}`;
  }

  /** The done mark of one event on one entity. */
  doneKey(ref: EntityRef, eventId: string): string {
    return this.key(ref, `done:${eventId}`);
  }

  /**
   * Runs the effects of `eventId` unless they already ran. Resolves true when applied now, false
   * when this event was already applied (a redelivery or duplicate).
   */
  async applyOnce(req: ApplyOnce): Promise<boolean> {
    const { script, keys, args } = this.once(req, req.ops ?? [], req.script, false);
    return (await script.run(this.redis, keys, args)) === 1;
  }

  /**
   * Runs `req.script` on every delivery with FIRST telling whether this is the first, marks the
   * event done, and resolves the script's reply.
   */
  async runOnce<T>(req: RunOnce): Promise<{ first: boolean; reply: T }> {
    const { script, keys, args } = this.once(req, [], req.script, true);
    return EffectsLedger.onceReply<T>(await script.run(this.redis, keys, args));
  }

  /** `runOnce` queued in a pipeline; decode its entry of `exec()` with `EffectsLedger.onceReply`. */
  queueOnce<P extends ChainableCommander>(pipeline: P, req: RunOnce): P {
    const { script, keys, args } = this.once(req, [], req.script, true);
    return script.queue(pipeline, keys, args);
  }

  /** A `runOnce` script's raw reply as { first, reply }. */
  static onceReply<T>(raw: unknown): { first: boolean; reply: T } {
    const [first, reply] = raw as [number, T];
    return { first: first === 1, reply };
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
    return (await WRITE_IF_NEWER.run(this.redis, keys, args)) === 1;
  }

  /** Current state of an entity, or undefined when it does not exist or was deleted. */
  async readEntity(ref: EntityRef): Promise<Record<string, string> | undefined> {
    const state = await this.redis.hgetall(this.key(ref, 'state'));
    return Object.keys(state).length ? state : undefined;
  }

  private once(
    ref: EntityRef & { eventId: string },
    ledgerOps: LedgerOp[],
    custom: OnceScript | undefined,
    always: boolean,
  ): { script: RedisScript; keys: string[]; args: ScriptArg[] } {
    const opKeys: string[] = [];
    const ops = encodeOps(ledgerOps, opKeys);
    // Looked up by the caller's Lua (a constant, so its hash is computed once) and then the call's
    // shape: no script text is built on the hot path.
    const shape = `${always}|${opKeys.length}|${custom?.appliedBefore ?? ''}`;
    let shapes = this.scripts.get(custom?.lua ?? '');
    if (!shapes) this.scripts.set(custom?.lua ?? '', (shapes = new Map()));
    let script = shapes.get(shape);
    if (!script) {
      const lua = onceLua(custom, opKeys.length, always);
      script = new RedisScript({ name: 'ledger.once', keys: ['done', '...effects'], lua });
      shapes.set(shape, script);
    }
    const keys = [
      this.doneKey(ref, ref.eventId),
      ...opKeys.map((s) => this.key(ref, s)),
      ...(custom?.keys ?? []).map((s) => this.key(ref, s)),
    ];
    return { script, keys, args: [this.doneTtl, JSON.stringify(ops), ...(custom?.args ?? [])] };
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
