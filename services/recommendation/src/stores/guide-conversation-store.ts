// Shopping-guide conversations in Redis, one key per conversation with a TTL
// (`{recommendation:<tenant>:guide}:c:<conversation id>`), and per user the set of their
// conversations (`…:u:<user id>`, same TTL) so an erasure finds them. Redis may evict a
// conversation (deploy/redis/redis.conf evicts keys with a TTL first): the guide then starts afresh.
import type { EffectsLedger } from '@shopmind/bus';
import type { RedisConnection } from '@shopmind/redis';
import type { GuideState } from '../domain/guide/guide-state.js';

const GUIDE_ENTITY = 'guide';

interface StoredConversation {
  /** '' for a shopper who is not signed in. */
  userId: string;
  state: GuideState;
}

/** Prices hold bigints, which JSON cannot: they are kept as `{"$bigint": "1999"}`. */
const toJson = (value: unknown): string =>
  JSON.stringify(value, (_, v: unknown) => (typeof v === 'bigint' ? { $bigint: v.toString() } : v));
const fromJson = <T>(text: string): T =>
  JSON.parse(text, (_, v: unknown) =>
    v !== null && typeof v === 'object' && '$bigint' in v ? BigInt((v as { $bigint: string }).$bigint) : v,
  ) as T;

export class GuideConversationStore {
  constructor(
    private readonly redis: RedisConnection,
    private readonly ledger: EffectsLedger,
    private readonly ttlSeconds: number,
  ) {}

  /** The conversation's state; undefined when it is unknown, expired or evicted, or when it belongs
   * to another user than the one asking (a shopper never continues someone else's conversation). */
  async load(tenant: string, conversationId: string, userId: string): Promise<GuideState | undefined> {
    const raw = await this.redis.get(this.key(tenant, `c:${conversationId}`));
    if (!raw) return undefined;
    const stored = fromJson<StoredConversation>(raw);
    return stored.userId === userId ? stored.state : undefined;
  }

  async save(tenant: string, conversationId: string, userId: string, state: GuideState): Promise<void> {
    const stored: StoredConversation = { userId, state };
    const pipe = this.redis
      .multi()
      .set(this.key(tenant, `c:${conversationId}`), toJson(stored), 'EX', this.ttlSeconds);
    if (userId) {
      const index = this.key(tenant, `u:${userId}`);
      pipe.sadd(index, conversationId).expire(index, this.ttlSeconds);
    }
    await pipe.exec();
  }

  /** Deletes every conversation of the user. */
  async eraseUser(tenant: string, userId: string): Promise<void> {
    const index = this.key(tenant, `u:${userId}`);
    const ids = await this.redis.smembers(index);
    await this.redis.del(index, ...ids.map((id) => this.key(tenant, `c:${id}`)));
  }

  private key(tenant: string, suffix: string): string {
    return this.ledger.key({ tenant, entity: GUIDE_ENTITY }, suffix);
  }
}
