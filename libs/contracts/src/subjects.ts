// The subject catalogue: the only place that names NATS subjects, JetStream streams and durable
// consumers. Inbound events `shop.<tenant>.<domain>.<event>`, results `ai.<tenant>.<domain>.<event>`,
// queries `q.<tenant>.<service-domain>.<query>` (captured by no stream), dead letters
// `dlq.<service>.<original subject>`.
import type { DescMessage } from '@bufbuild/protobuf';
import { ContractError } from './contract-error.js';
import { ProductDeletedSchema, ProductUpsertedSchema } from './gen/shopmind/catalog/v1/catalog_pb.js';
import {
  GenerateCopyReplySchema,
  GenerateCopyRequestSchema,
  ProductCopyGeneratedSchema,
} from './gen/shopmind/copy/v1/copy_pb.js';
import {
  FraudAlertSchema,
  FraudScoreReplySchema,
  FraudScoreRequestSchema,
  OrderScoredSchema,
  ReviewFlaggedSchema,
} from './gen/shopmind/fraud/v1/fraud_pb.js';
import {
  GraphQueryReplySchema,
  GraphQueryRequestSchema,
  GraphUpdatedSchema,
} from './gen/shopmind/graph/v1/graph_pb.js';
import { UserInteractedSchema } from './gen/shopmind/interaction/v1/interaction_pb.js';
import {
  ChargebackReportedSchema,
  OrderPlacedSchema,
  OrderStatusChangedSchema,
} from './gen/shopmind/order/v1/order_pb.js';
import { CustomerErasureRequestedSchema } from './gen/shopmind/privacy/v1/privacy_pb.js';
import {
  ShoppingGuideReplySchema,
  ShoppingGuideRequestSchema,
  TopKReplySchema,
  TopKRequestSchema,
} from './gen/shopmind/recommendation/v1/recommendation_pb.js';
import {
  ReviewAnalysedSchema,
  ReviewSubmittedSchema,
  ReviewSummaryReplySchema,
  ReviewSummaryRequestSchema,
} from './gen/shopmind/review/v1/review_pb.js';
import {
  SupportChatReplySchema,
  SupportChatRequestSchema,
  SupportEscalatedSchema,
  SupportMessageReceivedSchema,
  SupportRepliedSchema,
} from './gen/shopmind/support/v1/support_pb.js';

/** A tenant id is one NATS subject token: no dots, no wildcards, no spaces. Same rule as the proto. */
export const TENANT_PATTERN = /^[a-z0-9][a-z0-9_-]{0,62}$/;
/** Service names appear in consumer names and dead-letter subjects. */
export const SERVICE_PATTERN = /^[a-z0-9][a-z0-9_-]{0,62}$/;

export interface StreamDefinition {
  name: string;
  subjects: string[];
}

const SHOP_EVENTS = 'SHOP_EVENTS';
const AI_RESULTS = 'AI_RESULTS';

export interface EventDefinition<D extends DescMessage = DescMessage> {
  /** `<domain>.<event>`, e.g. 'review.submitted'. */
  key: string;
  domain: string;
  event: string;
  direction: 'inbound' | 'result';
  schema: D;
  /** 'SHOP_EVENTS' | 'AI_RESULTS' */
  stream: string;
  /** Subject filter across tenants, e.g. 'shop.*.review.submitted'. */
  filter: string;
  subject(tenant: string): string;
}

export interface QueryDefinition<
  Req extends DescMessage = DescMessage,
  Res extends DescMessage = DescMessage,
> {
  /** `<service-domain>.<query>`, e.g. 'reviews.summary'. */
  key: string;
  request: Req;
  reply: Res;
  /** e.g. 'q.*.reviews.summary' */
  filter: string;
  subject(tenant: string): string;
}

function checkTenant(tenant: string): string {
  if (!TENANT_PATTERN.test(tenant)) {
    throw new ContractError(
      'invalid_subject',
      `tenant id ${JSON.stringify(tenant)} is not a valid subject token (${TENANT_PATTERN.source})`,
    );
  }
  return tenant;
}

function defineEvent<D extends DescMessage>(
  direction: 'inbound' | 'result',
  domain: string,
  event: string,
  schema: D,
): EventDefinition<D> {
  const prefix = direction === 'inbound' ? 'shop' : 'ai';
  return {
    key: `${domain}.${event}`,
    domain,
    event,
    direction,
    schema,
    stream: direction === 'inbound' ? SHOP_EVENTS : AI_RESULTS,
    filter: `${prefix}.*.${domain}.${event}`,
    subject: (tenant) => `${prefix}.${checkTenant(tenant)}.${domain}.${event}`,
  };
}

function defineQuery<Req extends DescMessage, Res extends DescMessage>(
  domain: string,
  query: string,
  request: Req,
  reply: Res,
): QueryDefinition<Req, Res> {
  return {
    key: `${domain}.${query}`,
    request,
    reply,
    filter: `q.*.${domain}.${query}`,
    subject: (tenant) => `q.${checkTenant(tenant)}.${domain}.${query}`,
  };
}

export const Events = {
  // inbound: published by the shop's systems on shop.<tenant>.…
  productUpserted: defineEvent('inbound', 'catalog', 'product_upserted', ProductUpsertedSchema),
  productDeleted: defineEvent('inbound', 'catalog', 'product_deleted', ProductDeletedSchema),
  userInteracted: defineEvent('inbound', 'interaction', 'user_interacted', UserInteractedSchema),
  orderPlaced: defineEvent('inbound', 'order', 'placed', OrderPlacedSchema),
  orderStatusChanged: defineEvent('inbound', 'order', 'status_changed', OrderStatusChangedSchema),
  chargebackReported: defineEvent('inbound', 'order', 'chargeback_reported', ChargebackReportedSchema),
  reviewSubmitted: defineEvent('inbound', 'review', 'submitted', ReviewSubmittedSchema),
  supportMessageReceived: defineEvent('inbound', 'support', 'message_received', SupportMessageReceivedSchema),
  erasureRequested: defineEvent('inbound', 'privacy', 'erasure_requested', CustomerErasureRequestedSchema),
  // results: published by ShopMind services on ai.<tenant>.…
  reviewAnalysed: defineEvent('result', 'review', 'analysed', ReviewAnalysedSchema),
  copyGenerated: defineEvent('result', 'copy', 'generated', ProductCopyGeneratedSchema),
  graphUpdated: defineEvent('result', 'graph', 'updated', GraphUpdatedSchema),
  orderScored: defineEvent('result', 'fraud', 'order_scored', OrderScoredSchema),
  fraudAlert: defineEvent('result', 'fraud', 'alert', FraudAlertSchema),
  reviewFlagged: defineEvent('result', 'fraud', 'review_flagged', ReviewFlaggedSchema),
  supportReplied: defineEvent('result', 'support', 'replied', SupportRepliedSchema),
  supportEscalated: defineEvent('result', 'support', 'escalated', SupportEscalatedSchema),
};

export const Streams = {
  // Only the contract's inbound events (`shop.*.<domain>.<event>`): a publish on any other
  // `shop.…` subject finds no stream and fails, so the shop system learns of it at once instead of
  // the event being stored and never read.
  shopEvents: {
    name: SHOP_EVENTS,
    subjects: Object.values(Events)
      .filter((e) => e.direction === 'inbound')
      .map((e) => e.filter),
  },
  aiResults: { name: AI_RESULTS, subjects: ['ai.>'] },
  deadLetters: { name: 'DEAD_LETTERS', subjects: ['dlq.>'] },
} as const satisfies Record<string, StreamDefinition>;

export const Queries = {
  reviewSummary: defineQuery('reviews', 'summary', ReviewSummaryRequestSchema, ReviewSummaryReplySchema),
  recommendTopK: defineQuery('recommendation', 'top_k', TopKRequestSchema, TopKReplySchema),
  shoppingGuide: defineQuery('recommendation', 'guide', ShoppingGuideRequestSchema, ShoppingGuideReplySchema),
  supportChat: defineQuery('support', 'chat', SupportChatRequestSchema, SupportChatReplySchema),
  generateCopy: defineQuery('copy', 'generate', GenerateCopyRequestSchema, GenerateCopyReplySchema),
  graphQuery: defineQuery('graph', 'query', GraphQueryRequestSchema, GraphQueryReplySchema),
  fraudScore: defineQuery('fraud', 'score', FraudScoreRequestSchema, FraudScoreReplySchema),
};

/**
 * Whether `subject` names one subject, as a message's own subject must to be mirrored under
 * `dlq.<service>.`: non-empty tokens, no wildcards (`*`, `>`) and no whitespace. NATS stores a
 * message published on a literal `shop.*.review.submitted`, so a consumer can receive one that is not.
 */
export function isConcreteSubject(subject: string): boolean {
  return subject !== '' && !/[\s*>]/.test(subject) && !subject.split('.').includes('');
}

function checkService(service: string): string {
  if (!SERVICE_PATTERN.test(service)) {
    throw new ContractError(
      'invalid_subject',
      `service name ${JSON.stringify(service)} is not a valid subject token`,
    );
  }
  return service;
}

/** Where `service` dead-letters a message it received on `originalSubject`. */
export function deadLetterSubject(service: string, originalSubject: string): string {
  checkService(service);
  if (!isConcreteSubject(originalSubject)) {
    throw new ContractError(
      'invalid_subject',
      `${JSON.stringify(originalSubject)} is not a concrete subject`,
    );
  }
  return `dlq.${service}.${originalSubject}`;
}

/** The last token of `dlq.<service>.unroutable`; no original subject starts with it. */
export const UNROUTABLE_TOKEN = 'unroutable';

/**
 * Where `service` dead-letters a message whose subject is not concrete (see `isConcreteSubject`)
 * and so cannot be mirrored: `dlq.<service>.unroutable`. The original subject travels in the
 * dead letter's `Shopmind-Dlq-Original-Subject` header.
 */
export function unroutableDeadLetterSubject(service: string): string {
  return `dlq.${checkService(service)}.${UNROUTABLE_TOKEN}`;
}

/**
 * The tenant of a concrete subject: its second token (`shop.<tenant>.…`, `ai.<tenant>.…`,
 * `q.<tenant>.…`). For a dead letter `dlq.<service>.<original>` it is the original's tenant; for
 * `dlq.<service>.unroutable` (an original subject that named no tenant) it is `''`, "no tenant",
 * which no valid tenant id equals. Any other subject without a valid tenant token throws.
 */
export function tenantOfSubject(subject: string): string {
  const tokens = subject.split('.');
  if (tokens[0] === 'dlq' && tokens.length === 3 && tokens[2] === UNROUTABLE_TOKEN) return '';
  const tenant = tokens[0] === 'dlq' ? tokens[3] : tokens[1];
  if (tenant === undefined || !TENANT_PATTERN.test(tenant)) {
    throw new ContractError(
      'invalid_subject',
      `subject ${JSON.stringify(subject)} carries no valid tenant token`,
    );
  }
  return tenant;
}

/** The durable consumer a service uses for one event type, e.g. 'review-sentiment__review_submitted'. */
export function consumerName(service: string, def: EventDefinition): string {
  if (!SERVICE_PATTERN.test(service)) {
    throw new ContractError(
      'invalid_subject',
      `service name ${JSON.stringify(service)} is not a valid consumer name part`,
    );
  }
  return `${service}__${def.domain}_${def.event}`;
}

const eventsByKey = new Map<string, EventDefinition>(
  Object.values(Events).map((d): [string, EventDefinition] => [`${d.direction}:${d.key}`, d]),
);

/** The event definition a concrete event subject belongs to, or undefined (e.g. a query subject). */
export function eventForSubject(subject: string): EventDefinition | undefined {
  const [prefix, , domain, event, ...rest] = subject.split('.');
  if (rest.length > 0 || (prefix !== 'shop' && prefix !== 'ai')) return undefined;
  return eventsByKey.get(`${prefix === 'shop' ? 'inbound' : 'result'}:${domain}.${event}`);
}
