// Conversations in Redis: one JSON value per conversation that expires `ttlSeconds` after its last
// turn, plus the indexes an erasure needs (the conversations of an account and of an address). A
// turn of a support message is saved once per event id (a redelivery does not count a turn twice);
// a chat turn is saved as it is answered.
import type { EffectsLedger, LedgerOp } from '@shopmind/bus';
import type { RedisConnection } from '@shopmind/redis';
import type { ConversationState } from '../domain/conversation.js';
import { SupportKeys, tenantEntity } from './support-keys.js';

export class ConversationStore {
  constructor(
    private readonly redis: RedisConnection,
    private readonly ledger: EffectsLedger,
    private readonly options: { ttlSeconds: number },
  ) {}

  async load(tenant: string, conversationId: string): Promise<ConversationState | undefined> {
    const json = await this.redis.get(this.key(tenant, SupportKeys.conversation(conversationId)));
    return json ? (JSON.parse(json) as ConversationState) : undefined;
  }

  /** Saves the state; with `eventId`, only if that event's turn was not saved before. */
  async save(
    tenant: string,
    state: ConversationState,
    senderEmail?: string,
    eventId?: string,
  ): Promise<void> {
    const ops = this.opsFor(state, senderEmail);
    if (eventId) {
      await this.ledger.applyOnce({ ...tenantEntity(tenant), eventId, ops });
      return;
    }
    const tx = this.redis.multi();
    for (const op of ops) {
      const key = this.key(tenant, op.key);
      if (op.op === 'set') tx.set(key, op.value);
      else if (op.op === 'sadd') tx.sadd(key, op.member);
      else if (op.op === 'expire') tx.expire(key, op.seconds);
    }
    await tx.exec();
  }

  /** The conversation ids of an account and of addresses (for an erasure). */
  async conversationIdsOf(
    tenant: string,
    customer: { userId: string; emails: readonly string[] },
  ): Promise<string[]> {
    const pipeline = this.redis.pipeline();
    if (customer.userId) pipeline.smembers(this.key(tenant, SupportKeys.userConversations(customer.userId)));
    for (const e of customer.emails) pipeline.smembers(this.key(tenant, SupportKeys.emailConversations(e)));
    const results = (await pipeline.exec()) ?? [];
    return [
      ...new Set(
        results.flatMap(([err, members]) => {
          if (err) throw err;
          return members as string[];
        }),
      ),
    ];
  }

  private opsFor(state: ConversationState, senderEmail: string | undefined): LedgerOp[] {
    const ttl = this.options.ttlSeconds;
    const key = SupportKeys.conversation(state.conversationId);
    const ops: LedgerOp[] = [
      { op: 'set', key, value: JSON.stringify(state) },
      { op: 'expire', key, seconds: ttl },
    ];
    const indexes = [
      ...(state.userId ? [SupportKeys.userConversations(state.userId)] : []),
      ...[...state.emails, ...(senderEmail ? [senderEmail] : [])].map((e) =>
        SupportKeys.emailConversations(e),
      ),
    ];
    for (const index of new Set(indexes)) {
      ops.push(
        { op: 'sadd', key: index, member: state.conversationId },
        { op: 'expire', key: index, seconds: ttl },
      );
    }
    return ops;
  }

  private key(tenant: string, suffix: string): string {
    return this.ledger.key(tenantEntity(tenant), suffix);
  }
}
