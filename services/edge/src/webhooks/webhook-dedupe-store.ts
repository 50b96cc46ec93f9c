// Remembers delivered events in Redis, so a sender's retry days later publishes nothing: JetStream's
// own de-duplication window is two minutes, platforms retry for up to 48 hours. Webhooks are kept
// under `edge:webhook:<event id>`, events taken by the HTTP API under `edge:api-event:<tenant>:<event id>`
// (see event-ingest.ts); every key is within the edge user's `edge:*` ACL.
import type { RedisConnection } from '@shopmind/redis';

/** How long a delivered event is remembered by default: Shopify retries a webhook for 48 hours. */
export const DEFAULT_DEDUPE_HOURS = 48;

/** Where the stream stored a remembered event (the stream's name is kept by the API's marks only). */
export interface DeliveredMark {
  sequence: number;
  stream?: string;
}

export class WebhookDedupeStore {
  constructor(
    private readonly redis: RedisConnection,
    private readonly ttlSeconds: number,
    /** The keys' prefix; it must stay within the edge user's `edge:*`. */
    private readonly keyPrefix = 'edge:webhook',
  ) {
    if (!/^edge:[^\s]+$/.test(keyPrefix)) throw new Error(`dedupe keys must start with edge: (${keyPrefix})`);
  }

  key(eventId: string): string {
    return `${this.keyPrefix}:${eventId}`;
  }

  async delivered(eventId: string): Promise<boolean> {
    return (await this.redis.exists(this.key(eventId))) === 1;
  }

  /** Where the event was stored, when it was delivered before. */
  async recall(eventId: string): Promise<DeliveredMark | undefined> {
    const value = await this.redis.get(this.key(eventId));
    if (value === null) return undefined;
    const at = value.indexOf('@');
    const sequence = Number(at < 0 ? value : value.slice(0, at));
    return {
      sequence: Number.isSafeInteger(sequence) ? sequence : 0,
      stream: at < 0 ? undefined : value.slice(at + 1),
    };
  }

  /** Written only after the stream acknowledged the event: `<sequence>` or `<sequence>@<stream>`. */
  async markDelivered(eventId: string, streamSeq: number, stream?: string): Promise<void> {
    const value = stream ? `${streamSeq}@${stream}` : String(streamSeq);
    await this.redis.set(this.key(eventId), value, 'EX', this.ttlSeconds);
  }
}
