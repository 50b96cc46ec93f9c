// Remembers delivered webhooks in Redis (keys `edge:webhook:<event id>`, within the edge user's
// `edge:*` ACL), so a platform's retry days later publishes nothing: JetStream's own
// de-duplication window is two minutes, platforms retry for up to 48 hours.
import type { Redis } from 'ioredis';

export class WebhookDedupeStore {
  constructor(
    private readonly redis: Redis,
    private readonly ttlSeconds: number,
  ) {}

  key(eventId: string): string {
    return `edge:webhook:${eventId}`;
  }

  async delivered(eventId: string): Promise<boolean> {
    return (await this.redis.exists(this.key(eventId))) === 1;
  }

  /** Written only after the stream acknowledged the event. */
  async markDelivered(eventId: string, streamSeq: number): Promise<void> {
    await this.redis.set(this.key(eventId), String(streamSeq), 'EX', this.ttlSeconds);
  }
}
