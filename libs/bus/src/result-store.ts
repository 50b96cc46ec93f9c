// The results a service has published, kept in Redis by their de-duplication id, so that an event
// that comes again (redelivered, or its id reused with other content) publishes the first result
// again instead of a new one: JetStream de-duplicates only in the stream, core subscribers see
// every publish.
import type { Redis } from 'ioredis';
import { TransientError } from '@shopmind/errors';

/** An encoded result as it goes on the wire. */
export interface EncodedResult {
  data: Uint8Array;
  contentType: string;
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

export interface ClaimedResult extends EncodedResult {
  /** True when a result was stored before: this is that one, not the one just offered. */
  repeated: boolean;
}

// Stored as `<content type>\n<bytes>` in one string value: one SET can then claim it atomically.
const SEPARATOR = 0x0a;

export class ResultStore {
  constructor(
    private readonly redis: Redis,
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
   * Stores `offered` as the result for `ref` unless one is stored already, in one round trip
   * (SET NX GET, Redis ≥ 7.0), and returns the result to publish: the stored one if there is one.
   * Claiming before publishing also covers a crash between the two: the repeat publishes the
   * stored result.
   */
  async claim(ref: ResultRef, offered: EncodedResult): Promise<ClaimedResult> {
    let previous: Buffer | null;
    try {
      previous = await this.redis.setBuffer(
        this.key(ref),
        encode(offered),
        'EX',
        this.options.ttlSeconds,
        'NX',
        'GET',
      );
    } catch (err) {
      // Publishing without the claim could send a different result for an event already answered.
      throw new TransientError(`result store unavailable: ${(err as Error).message}`);
    }
    return previous ? { ...decode(previous), repeated: true } : { ...offered, repeated: false };
  }
}

function encode(result: EncodedResult): Buffer {
  return Buffer.concat([Buffer.from(result.contentType, 'latin1'), Buffer.of(SEPARATOR), result.data]);
}

function decode(stored: Buffer): EncodedResult {
  const at = stored.indexOf(SEPARATOR);
  return {
    contentType: stored.subarray(0, at).toString('latin1'),
    data: new Uint8Array(stored.buffer, stored.byteOffset + at + 1, stored.length - at - 1),
  };
}
