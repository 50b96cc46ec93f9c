// The results a service has published, kept in Redis by their de-duplication id, so that an event
// that comes again (redelivered, or its id reused with other content) sends the first result again
// or nothing, never a new one: JetStream de-duplicates only in its stream and only within its
// duplicate window, while core subscribers see every publish.
import { TransientError } from '@shopmind/errors';
import {
  execBySlot,
  RedisScript,
  type RedisConnection,
  type ScriptArg,
  type SlotGroup,
} from '@shopmind/redis';

/** An encoded result as it goes on the wire. */
export interface EncodedResult {
  data: Uint8Array;
  contentType: string;
}

/** Where the stream stored a result (a PubAck's stream and sequence). */
export interface StoredAt {
  stream: string;
  seq: number;
}

export interface ResultStoreOptions {
  /** Namespaces every key: `{<service>:<tenant>:result:<causeEventId>}:<kind>[:<discriminator>]`. */
  service: string;
  /**
   * How long a result is kept. At least as long as the streams keep events and the effects
   * ledger keeps its done marks, so any repeat of an event that was counted finds its result.
   */
  ttlSeconds: number;
}

/** Identifies one result, as `resultMsgId` does on the wire. */
export interface ResultRef {
  tenant: string;
  causeEventId: string;
  kind: string;
  discriminator?: string;
}

/** The offered result, or the one stored before it. */
export interface ClaimedResult extends EncodedResult {
  /** Set when the stored result is known to be in the stream: then nothing needs to be sent. */
  storedAt?: StoredAt;
}

// A hash: `type` and `data` (the claim), then `stream` and `seq` once the stream has the result.
// KEYS[1] the result; ARGV[1] TTL, ARGV[2] content type, ARGV[3] bytes.
const CLAIM = new RedisScript({
  name: 'results.claim',
  keys: ['result'],
  lua: `
local prev = redis.call('HMGET', KEYS[1], 'type', 'data', 'stream', 'seq')
if prev[2] then return prev end
redis.call('HSET', KEYS[1], 'type', ARGV[2], 'data', ARGV[3])
redis.call('EXPIRE', KEYS[1], ARGV[1])
return false
`,
});

// KEYS[1] a subject's index; ARGV[1] TTL, ARGV[2] the result's key. The index outlives every result
// it lists: each addition is the newest result and resets the TTL to a result's full TTL.
const INDEX = new RedisScript({
  name: 'results.index',
  keys: ['index'],
  lua: `
redis.call('SADD', KEYS[1], ARGV[2])
redis.call('EXPIRE', KEYS[1], ARGV[1])
return 0
`,
});

// KEYS[1] the result; ARGV[1] stream, ARGV[2] sequence. Never creates a key (it would have no TTL).
const MARK = new RedisScript({
  name: 'results.mark',
  keys: ['result'],
  lua: `
if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('HSET', KEYS[1], 'stream', ARGV[1], 'seq', ARGV[2]) end
return 0
`,
});

export class ResultStore {
  constructor(
    private readonly redis: RedisConnection,
    private readonly options: ResultStoreOptions,
  ) {}

  /**
   * The hash tag holds the cause event, not just the tenant: the keys of one event's results (a copy
   * per locale) share a slot, while a large tenant's results still spread over a Redis Cluster
   * instead of filling one slot for the whole retention period.
   */
  key(ref: ResultRef): string {
    const suffix = ref.discriminator ? `${ref.kind}:${ref.discriminator}` : ref.kind;
    return `{${this.options.service}:${ref.tenant}:result:${ref.causeEventId}}:${suffix}`;
  }

  /**
   * The index of the results about one subject (a customer, named as the service chooses):
   * `{<service>:<tenant>:subject:<subject>}:results`, a set of result keys. Its own hash tag: the
   * results it lists live in other slots, so it is written and erased key by key, never in a script
   * with them.
   */
  indexKey(tenant: string, subject: string): string {
    return `{${this.options.service}:${tenant}:subject:${subject}}:results`;
  }

  /** Lists the result's key under each subject (before it is claimed, so no stored result is unlisted). */
  async index(ref: ResultRef, subjects: readonly string[]): Promise<void> {
    const key = this.key(ref);
    await Promise.all(
      subjects.map((s) => this.run(INDEX, this.indexKey(ref.tenant, s), [this.options.ttlSeconds, key])),
    );
  }

  /**
   * Deletes every stored result listed under the subject, then the index. Idempotent. Resolves the
   * number of results deleted. One command per key: they live in different slots.
   */
  async eraseSubject(tenant: string, subject: string): Promise<number> {
    const index = this.indexKey(tenant, subject);
    const keys = await this.redis.smembers(index);
    // One pipeline on a server; one command per key on a cluster (a cluster pipeline stays on one node).
    const replies = await execBySlot(this.redis, [
      ...keys.map(
        (key): SlotGroup =>
          (p) =>
            void p.del(key),
      ),
      (p) => void p.del(index),
    ]);
    let deleted = 0;
    for (const [err, n] of replies.slice(0, keys.length)) {
      if (err) throw err;
      deleted += Number(n);
    }
    const [err] = replies.at(-1) ?? [null];
    if (err) throw err;
    return deleted;
  }

  /**
   * Stores `offered` as the result for `ref` unless one is stored already (one round trip) and
   * returns the result to send: the stored one if there is one. Claiming before publishing also
   * covers a crash between the two: the repeat sends the stored result.
   */
  async claim(ref: ResultRef, offered: EncodedResult): Promise<ClaimedResult> {
    const args = [this.options.ttlSeconds, offered.contentType, Buffer.from(offered.data)];
    const prev = (await this.run(CLAIM, this.key(ref), args)) as (Buffer | null)[] | null;
    if (!prev) return offered;
    const [contentType, data, stream, seq] = prev;
    return {
      contentType: contentType!.toString(),
      data: new Uint8Array(data!.buffer, data!.byteOffset, data!.length),
      storedAt: stream && seq ? { stream: stream.toString(), seq: Number(seq.toString()) } : undefined,
    };
  }

  /** Records that the stream has the result, so a later repeat sends nothing at all. */
  async markPublished(ref: ResultRef, at: StoredAt): Promise<void> {
    await this.run(MARK, this.key(ref), [at.stream, at.seq]);
  }

  private async run(script: RedisScript, key: string, args: ScriptArg[]): Promise<unknown> {
    try {
      return await script.run(this.redis, [key], args, { buffers: true });
    } catch (err) {
      // Sending without the store could send a different result for an event already answered.
      throw new TransientError(`result store unavailable: ${(err as Error).message}`);
    }
  }
}
