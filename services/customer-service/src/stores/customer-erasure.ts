// A customer's erasure: every order view entry of their account and of their e-mail addresses,
// the indexes that name them, and their conversations, deleted in one script (once per event id).
// An erased order is marked for `markerTtlSeconds`, so a late status change does not bring it back.
// Then the stored copies of the results published about them (support replied / escalated) and the
// gateway's cached support plans of their text, listed under each of their subjects (user id, hashed
// addresses; see customer-subjects.ts). Every step is idempotent; a Redis failure is a transient
// error, so the bus delivers the request again and the repeat finishes what is left.
import { TransientError, type BusPublisher, type EffectsLedger, type LedgerOp } from '@shopmind/bus';
import type { LlmGateway } from '@shopmind/llm-gateway';
import { ConversationStore } from './conversation-store.js';
import type { CustomerSubjects } from './customer-subjects.js';
import { OrderViewStore } from './order-view-store.js';
import { SupportKeys, tenantEntity } from './support-keys.js';

export interface ErasedCustomer {
  readonly orders: number;
  readonly conversations: number;
  /** Stored results (support replied / escalated) deleted. */
  readonly results: number;
  /** Gateway keys (cached plans, stored event results) deleted. */
  readonly cached: number;
}

export class CustomerErasure {
  constructor(
    private readonly ledger: EffectsLedger,
    private readonly orders: OrderViewStore,
    private readonly conversations: ConversationStore,
    private readonly subjects: CustomerSubjects,
    private readonly published: Pick<BusPublisher, 'eraseResultsOf'>,
    private readonly gateway: Pick<LlmGateway, 'eraseSubject'>,
    private readonly options: { markerTtlSeconds: number },
  ) {}

  async erase(
    tenant: string,
    eventId: string,
    customer: { userId: string; emails: readonly string[] },
  ): Promise<ErasedCustomer> {
    try {
      const { orders, conversations } = await this.eraseState(tenant, eventId, customer);
      let results = 0;
      let cached = 0;
      for (const subject of this.subjects.of(customer.userId, customer.emails)) {
        results += await this.published.eraseResultsOf(tenant, subject);
        cached += await this.gateway.eraseSubject(tenant, subject);
      }
      return { orders, conversations, results, cached };
    } catch (err) {
      if (err instanceof TransientError) throw err;
      throw new TransientError(`customer erasure interrupted: ${(err as Error).message}`);
    }
  }

  private async eraseState(
    tenant: string,
    eventId: string,
    customer: { userId: string; emails: readonly string[] },
  ): Promise<{ orders: number; conversations: number }> {
    const orderIds = await this.orders.orderIdsOf(tenant, customer);
    const conversationIds = await this.conversations.conversationIdsOf(tenant, customer);
    const del = (key: string): LedgerOp => ({ op: 'del', key });
    const ops: LedgerOp[] = [
      ...orderIds.flatMap((id): LedgerOp[] => [
        del(SupportKeys.orderFacts(id)),
        { op: 'set', key: SupportKeys.erasedOrder(id), value: '1' },
        { op: 'expire', key: SupportKeys.erasedOrder(id), seconds: this.options.markerTtlSeconds },
      ]),
      ...conversationIds.map((id) => del(SupportKeys.conversation(id))),
      ...(customer.userId
        ? [del(SupportKeys.userOrders(customer.userId)), del(SupportKeys.userConversations(customer.userId))]
        : []),
      ...customer.emails.flatMap((e) => [
        del(SupportKeys.emailOrders(e)),
        del(SupportKeys.emailConversations(e)),
      ]),
    ];
    await this.ledger.applyOnce({ ...tenantEntity(tenant), eventId, ops });
    return { orders: orderIds.length, conversations: conversationIds.length };
  }
}
