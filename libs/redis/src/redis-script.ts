// The one way ShopMind runs a Lua script on Redis: declared once with its source and the names of
// the keys it takes, run with (client, keys, args) by EVALSHA (the source only when Redis does not
// know it yet), on a client or queued in a pipeline or MULTI. Every call's keys must hash to one
// slot: checked here, in every environment, so a Redis Cluster CROSSSLOT bug fails single-node tests.
import { generateMulti } from 'cluster-key-slot';
import { Command, type ChainableCommander } from 'ioredis';
import { createHash } from 'node:crypto';
import type { RedisConnection } from './redis-connection.js';

export type ScriptArg = string | number | Buffer;

export interface ScriptSpec {
  /** Names the script in errors, e.g. 'gateway.flightAcquire'. */
  name: string;
  /**
   * The names of the keys the script takes, in KEYS order. A last name written `...name` takes any
   * number of further keys (a script over a variable set of entries). At least one key: a script
   * with none has no slot to run in under Redis Cluster.
   */
  keys: readonly string[];
  /**
   * The Lua. It touches only the keys it is given (KEYS), never a key name it builds itself from
   * ARGV or from what it reads: Redis Cluster routes a script by its KEYS alone.
   */
  lua: string;
}

/** A script called with keys that do not fit its declaration; a programming error, never retried. */
export class ScriptKeysError extends Error {
  override readonly name = 'ScriptKeysError';
}

/** The options of one call. */
interface CallOptions {
  /** Replies as Buffers (binary values), instead of strings. */
  buffers?: boolean;
}

/** An ioredis pipeline or MULTI as it is at run time (ChainableCommander does not show it). */
interface PipelineInternals {
  isPipeline?: boolean;
  redis?: RedisConnection;
  sendCommand(command: Command): unknown;
}

export class RedisScript<Reply = unknown> {
  readonly name: string;
  readonly lua: string;
  readonly sha: string;
  private readonly fixedKeys: number;
  private readonly variadic: boolean;

  constructor(spec: ScriptSpec) {
    const last = spec.keys.at(-1);
    this.variadic = last?.startsWith('...') ?? false;
    this.fixedKeys = spec.keys.length - (this.variadic ? 1 : 0);
    if (spec.keys.length === 0)
      throw new ScriptKeysError(
        `script ${spec.name}: declare at least one key (its slot under Redis Cluster)`,
      );
    if (spec.keys.slice(0, -1).some((k) => k.startsWith('...')))
      throw new ScriptKeysError(`script ${spec.name}: only the last key name may be '...rest'`);
    this.name = spec.name;
    this.lua = spec.lua;
    this.sha = createHash('sha1').update(spec.lua).digest('hex');
  }

  /** Runs the script on a client; resolves its reply (strings, or Buffers with `buffers`). */
  run(
    redis: RedisConnection,
    keys: readonly string[],
    args: readonly ScriptArg[] = [],
    options: CallOptions = {},
  ): Promise<Reply> {
    const command = this.command(redis, keys, args, options);
    redis.sendCommand(command);
    return command.promise as Promise<Reply>;
  }

  /**
   * Queues the script in a pipeline or MULTI (its reply is in `exec()`'s results, in order). Returns
   * the pipeline, for chaining.
   */
  queue<P extends ChainableCommander>(
    pipeline: P,
    keys: readonly string[],
    args: readonly ScriptArg[] = [],
    options: CallOptions = {},
  ): P {
    const p = pipeline as unknown as PipelineInternals;
    if (!p.isPipeline || !p.redis)
      throw new TypeError(`script ${this.name}: queue() takes a pipeline or multi`);
    const command = this.command(p.redis, keys, args, options);
    p.sendCommand(command);
    // Inside a MULTI a NOSCRIPT would only show in EXEC's results, too late to send the source:
    // there the script always goes with its source (EVAL), so the transaction holds.
    if (command.inTransaction) {
      command.name = 'eval';
      command.args[0] = this.lua;
    }
    return pipeline;
  }

  /** Throws ScriptKeysError unless `keys` fit the declaration and hash to one slot. */
  checkKeys(keys: readonly string[]): void {
    const counted = this.variadic ? keys.length >= this.fixedKeys : keys.length === this.fixedKeys;
    if (!counted)
      throw new ScriptKeysError(
        `script ${this.name}: ${keys.length} keys given, ${this.variadic ? 'at least ' : ''}${this.fixedKeys} declared`,
      );
    if (keys.length > 1 && generateMulti(keys as string[]) < 0)
      throw new ScriptKeysError(
        `script ${this.name}: its keys hash to different slots (CROSSSLOT under Redis Cluster): ${keys.join(', ')}`,
      );
  }

  /**
   * EVALSHA; when Redis answers NOSCRIPT (first use since it started, or after SCRIPT FLUSH) the
   * same call goes again as EVAL with the source, which also caches it. In a pipeline the retry goes
   * on the client, and its reply takes the first one's place in the pipeline's results.
   */
  private command(
    redis: RedisConnection,
    keys: readonly string[],
    args: readonly ScriptArg[],
    options: CallOptions,
  ) {
    this.checkKeys(keys);
    const replyEncoding = options.buffers ? null : 'utf8';
    const tail = [keys.length, ...keys, ...args];
    const command = new Command('evalsha', [this.sha, ...tail], { replyEncoding });
    const withSourceOnNoscript = (): void => {
      command.promise = command.promise.catch((err: unknown) => {
        if (!(err instanceof Error) || !err.message.startsWith('NOSCRIPT')) throw err;
        const retry = new Command('eval', [this.lua, ...tail], { replyEncoding });
        redis.sendCommand(retry);
        return retry.promise;
      });
    };
    withSourceOnNoscript();
    // A Redis Cluster pipeline sent again after MOVED/ASK (a failover, a slot migration) renews its
    // commands' promises; the new node may never have seen the script, so the fallback goes again.
    const internals = command as unknown as { initPromise(): void };
    const init = internals.initPromise.bind(command);
    internals.initPromise = () => {
      init();
      withSourceOnNoscript();
    };
    return command;
  }
}
