// A customer's erasure: every order view entry of their account and of their e-mail addresses,
// the indexes that name them, and their conversations, deleted in one script (once per event id).
// An erased order is marked for `markerTtlSeconds`, so a late status change does not bring it back.
import type { EffectsLedger, LedgerOp } from '@shopmind/bus';
import { ConversationStore } from './conversation-store.js';
import { OrderViewStore } from './order-view-store.js';
import { SupportKeys, tenantEntity } from './support-keys.js';

export interface ErasedCustomer {
  readonly orders: number;
  readonly conversations: number;
}

export class CustomerErasure {
  constructor(
    private readonly ledger: EffectsLedger,
    private readonly orders: OrderViewStore,
    private readonly conversations: ConversationStore,
    private readonly options: { markerTtlSeconds: number },
  ) {}

  async erase(
    tenant: string,
    eventId: string,
    customer: { userId: string; emails: readonly string[] },
  ): Promise<ErasedCustomer> {
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
