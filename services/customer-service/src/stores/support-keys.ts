// Where customer-service keeps a shop's state in Redis. Every key of a tenant shares one hash tag,
// `{customer-service:<tenant>:support}` (the effects ledger's layout), so an erasure, an order fact
// and its indexes commit in one script on one Redis Cluster slot.
import type { EntityRef } from '@shopmind/bus';
import { normaliseOrderId } from '../domain/support-entities.js';

export const tenantEntity = (tenant: string): EntityRef => ({ tenant, entity: 'support' });

/** Order ids match with or without "#" and in any letter case: one key for all spellings. */
export const orderKeyId = (orderId: string): string => normaliseOrderId(orderId).toUpperCase();

export const SupportKeys = {
  /** Hash: event id → one order fact (JSON); the view is their fold. */
  orderFacts: (orderId: string) => `order:${orderKeyId(orderId)}`,
  /** An erased order: later facts about it are not kept. */
  erasedOrder: (orderId: string) => `erased-order:${orderKeyId(orderId)}`,
  /** Sorted set: a customer account's order ids by placed-at. */
  userOrders: (userId: string) => `user-orders:${userId}`,
  /** Set: the order ids placed with an e-mail address (lower case). */
  emailOrders: (email: string) => `email-orders:${email.trim().toLowerCase()}`,
  /** Hash: product id → title, brand, version stamp and the title's terms (JSON; deletes stay as tombstones). */
  productTitles: () => 'product-titles',
  /** Sorted set: the products whose title has `term` (domain titleTerms), scored 1 / the title's term count. */
  titleTerm: (term: string) => `title-term:${term}`,
  /** Scratch sorted set of one title lookup, deleted before its script ends. */
  titleMatch: () => 'title-match',
  /** Hash of the previous layout (product id → title JSON, no index): moved into the above on a
   * shop's first title lookup, then gone. */
  legacyProducts: () => 'products',
  /** String: one conversation's state (JSON). */
  conversation: (conversationId: string) => `conversation:${conversationId}`,
  /** Set: the conversations of an account / of an address the customer wrote from or typed. */
  userConversations: (userId: string) => `user-conversations:${userId}`,
  emailConversations: (email: string) => `email-conversations:${email.trim().toLowerCase()}`,
} as const;
