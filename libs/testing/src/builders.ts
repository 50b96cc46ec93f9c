// Test builders for every ShopMind event and query request: valid by the proto rules, with fresh
// ids, occurred-at now and tenant 'acme'. Overrides are deep: `aReviewSubmitted({ rating: 1,
// envelope: { tenantId: 'globex' } })` keeps every other default. An override that is a complete
// message (from `create`) or an array replaces the default as a whole.
import { randomUUID } from 'node:crypto';
import {
  create,
  toJson,
  type DescMessage,
  type JsonValue,
  type MessageInitShape,
  type MessageShape,
} from '@bufbuild/protobuf';
import { timestampNow } from '@bufbuild/protobuf/wkt';
import {
  AlertSubject,
  ChargebackReportedSchema,
  CustomerErasureRequestedSchema,
  Comparison,
  CopyChannel,
  Decision,
  EnvelopeSchema,
  FraudAlertSchema,
  FraudScoreRequestSchema,
  GenerateCopyRequestSchema,
  GraphOperation,
  GraphQueryRequestSchema,
  GraphUpdatedSchema,
  InteractionKind,
  NodeKind,
  OrderPlacedSchema,
  OrderSchema,
  OrderScoredSchema,
  OrderStatus,
  OrderStatusChangedSchema,
  PaymentMethod,
  Polarity,
  ProductCopyGeneratedSchema,
  ProductDeletedSchema,
  ProductSchema,
  ProductUpsertedSchema,
  Relation,
  ReplyMetaSchema,
  RequestMetaSchema,
  ReviewAnalysedSchema,
  ReviewFlagReason,
  ReviewFlaggedSchema,
  ReviewSubmittedSchema,
  ReviewSummaryRequestSchema,
  Severity,
  ShoppingGuideRequestSchema,
  SourceTier,
  SupportChannel,
  SupportChatRequestSchema,
  SupportEscalatedSchema,
  SupportMessageReceivedSchema,
  SupportRepliedSchema,
  EscalationReason,
  Priority,
  TopKRequestSchema,
  UserInteractedSchema,
  type ChargebackReported,
  type Envelope,
  type FraudAlert,
  type FraudScoreRequest,
  type GenerateCopyRequest,
  type GraphQueryRequest,
  type GraphUpdated,
  type Order,
  type OrderPlaced,
  type OrderScored,
  type OrderStatusChanged,
  type Product,
  type ProductCopyGenerated,
  type ProductDeleted,
  type ProductUpserted,
  type ReplyMeta,
  type RequestMeta,
  type ReviewAnalysed,
  type ReviewFlagged,
  type ReviewSubmitted,
  type ReviewSummaryRequest,
  type ShoppingGuideRequest,
  type SupportChatRequest,
  type SupportEscalated,
  type SupportMessageReceived,
  type CustomerErasureRequested,
  type SupportReplied,
  type TopKRequest,
  type UserInteracted,
} from '@shopmind/contracts';

/** Deep-partial initialiser of a message, as accepted by `create`. */
export type Overrides<D extends DescMessage> = MessageInitShape<D>;

export const DEFAULT_TENANT = 'acme';

/** A fresh id with a readable prefix, e.g. 'review-3f2a…'. */
export function freshId(prefix: string): string {
  return `${prefix}-${randomUUID()}`;
}

type Plain = Record<string, unknown>;

function isObject(v: unknown): v is Plain {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !ArrayBuffer.isView(v);
}

// A complete message (it has a $typeName) given as an override is an explicit value, not a partial.
function isPartial(v: unknown): v is Plain {
  return isObject(v) && !('$typeName' in v);
}

function deepMerge(base: Plain, over: Plain): Plain {
  // Drop the message marker so `create` rebuilds this level from the merged fields.
  const out: Plain = { ...base };
  delete out.$typeName;
  // A oneof init is { case, value }: switching the case replaces the whole oneof.
  if ('case' in base && 'case' in over && base.case !== over.case) return { ...over };
  for (const [key, value] of Object.entries(over)) {
    const current = out[key];
    out[key] = isObject(current) && isPartial(value) ? deepMerge(current, value) : value;
  }
  return out;
}

function build<D extends DescMessage>(
  schema: D,
  defaults: MessageInitShape<D>,
  overrides?: MessageInitShape<D>,
): MessageShape<D> {
  const init = overrides ? deepMerge(defaults as Plain, overrides as Plain) : defaults;
  return create(schema, init as MessageInitShape<D>);
}

/** Proto3 JSON of a message, as a shop system would publish it. */
export function jsonOf<D extends DescMessage>(schema: D, msg: MessageShape<D>): JsonValue {
  return toJson(schema, msg);
}

// --- metadata -------------------------------------------------------------------------------

function envelopeInit(producer: string, result: boolean): MessageInitShape<typeof EnvelopeSchema> {
  const eventId = randomUUID();
  return {
    eventId,
    occurredAt: timestampNow(),
    producer,
    tenantId: DEFAULT_TENANT,
    schemaVersion: 1,
    // Results name their cause; inbound events start a correlation of their own.
    correlationId: result ? randomUUID() : eventId,
    causationId: result ? randomUUID() : '',
  };
}

export function anEnvelope(overrides?: Overrides<typeof EnvelopeSchema>): Envelope {
  return build(EnvelopeSchema, envelopeInit('test-shop', false), overrides);
}

export function aRequestMeta(overrides?: Overrides<typeof RequestMetaSchema>): RequestMeta {
  const requestId = randomUUID();
  return build(
    RequestMetaSchema,
    { requestId, tenantId: DEFAULT_TENANT, correlationId: requestId },
    overrides,
  );
}

export function aReplyMeta(overrides?: Overrides<typeof ReplyMetaSchema>): ReplyMeta {
  return build(
    ReplyMetaSchema,
    {
      requestId: randomUUID(),
      correlationId: randomUUID(),
      source: { tier: SourceTier.LOCAL, provider: 'local', model: 'test' },
    },
    overrides,
  );
}

const localSource = { tier: SourceTier.LOCAL, provider: 'local', model: 'test-model' };
const eur = (amountMinor: bigint) => ({ currency: 'EUR', amountMinor });

// --- inbound events -------------------------------------------------------------------------

export function aProduct(overrides?: Overrides<typeof ProductSchema>): Product {
  return build(
    ProductSchema,
    {
      id: freshId('product'),
      sku: 'WT-0042',
      title: 'Wooden Stacking Rainbow',
      brand: 'Grimm',
      categoryPath: ['Toys', 'Baby & Toddler Toys', 'Stacking Toys'],
      price: eur(3499n),
      attributes: { material: 'wood', color: 'multicolour', pieces: '12' },
      description: 'Twelve arches of solid lime wood, coloured with water-based paint. For ages 1 to 6.',
      ageRange: { minMonths: 12, maxMonths: 72 },
      stock: 25n,
      language: 'en',
    },
    overrides,
  );
}

/**
 * A product with a fresh id, a title, language 'en' and otherwise exactly the fields given: no
 * default attributes, price, stock or age range, and maps and lists as passed (not merged), so a
 * test controls every fact the product carries (what a knowledge-graph or copy test asserts on).
 * Valid by the proto rules like every builder here (the title is required).
 */
export function aBareProduct(
  fields: Omit<MessageInitShape<typeof ProductSchema>, '$typeName'> = {},
): Product {
  return create(ProductSchema, { id: freshId('product'), title: 'Test product', language: 'en', ...fields });
}

export function aProductUpserted(overrides?: Overrides<typeof ProductUpsertedSchema>): ProductUpserted {
  return build(
    ProductUpsertedSchema,
    { envelope: envelopeInit('test-storefront', false), product: aProduct(), version: 1n },
    overrides,
  );
}

export function aProductDeleted(overrides?: Overrides<typeof ProductDeletedSchema>): ProductDeleted {
  return build(
    ProductDeletedSchema,
    {
      envelope: envelopeInit('test-storefront', false),
      productId: freshId('product'),
      sku: 'WT-0042',
      version: 2n,
    },
    overrides,
  );
}

export function aUserInteracted(overrides?: Overrides<typeof UserInteractedSchema>): UserInteracted {
  return build(
    UserInteractedSchema,
    {
      envelope: envelopeInit('test-storefront', false),
      kind: InteractionKind.VIEW,
      userId: freshId('user'),
      sessionId: freshId('session'),
      productId: freshId('product'),
      placement: 'category',
    },
    overrides,
  );
}

export function anOrder(overrides?: Overrides<typeof OrderSchema>): Order {
  return build(
    OrderSchema,
    {
      orderId: freshId('order'),
      userId: freshId('user'),
      items: [
        {
          productId: freshId('product'),
          sku: 'WT-0042',
          title: 'Wooden Stacking Rainbow',
          categoryPath: ['Toys'],
          quantity: 2,
          unitPrice: eur(3499n),
        },
      ],
      currency: 'EUR',
      totals: { subtotal: eur(6998n), shipping: eur(495n), tax: eur(1117n), total: eur(7493n) },
      paymentMethod: PaymentMethod.CARD,
      card: {
        bin: '424242',
        last4: '4242',
        fingerprint: freshId('card'),
        brand: 'visa',
        issuerCountry: 'DE',
      },
      billingAddress: {
        name: 'Alex Example',
        line1: 'Hauptstr. 1',
        postalCode: '10115',
        city: 'Berlin',
        country: 'DE',
      },
      shippingAddress: {
        name: 'Alex Example',
        line1: 'Hauptstr. 1',
        postalCode: '10115',
        city: 'Berlin',
        country: 'DE',
      },
      ip: '203.0.113.7',
      ipCountry: 'DE',
      deviceId: freshId('device'),
      email: 'alex@example.com',
      accountCreatedAt: { seconds: BigInt(Math.floor(Date.now() / 1000) - 400 * 86400) },
      placedAt: timestampNow(),
    },
    overrides,
  );
}

export function anOrderPlaced(overrides?: Overrides<typeof OrderPlacedSchema>): OrderPlaced {
  return build(OrderPlacedSchema, { envelope: envelopeInit('test-oms', false), order: anOrder() }, overrides);
}

export function anOrderStatusChanged(
  overrides?: Overrides<typeof OrderStatusChangedSchema>,
): OrderStatusChanged {
  return build(
    OrderStatusChangedSchema,
    {
      envelope: envelopeInit('test-oms', false),
      orderId: freshId('order'),
      userId: freshId('user'),
      status: OrderStatus.SHIPPED,
      previousStatus: OrderStatus.PAID,
      tracking: {
        carrier: 'DHL',
        trackingNumber: '00340434161234567890',
        url: 'https://tracking.example.com/00340434161234567890',
      },
    },
    overrides,
  );
}

export function aChargebackReported(
  overrides?: Overrides<typeof ChargebackReportedSchema>,
): ChargebackReported {
  return build(
    ChargebackReportedSchema,
    {
      envelope: envelopeInit('test-psp', false),
      orderId: freshId('order'),
      chargebackId: freshId('cb'),
      reasonCode: '10.4',
      reason: 'Other fraud, card-absent environment',
      amount: eur(7493n),
      fraudulent: true,
    },
    overrides,
  );
}

export function aReviewSubmitted(overrides?: Overrides<typeof ReviewSubmittedSchema>): ReviewSubmitted {
  return build(
    ReviewSubmittedSchema,
    {
      envelope: envelopeInit('test-reviews', false),
      reviewId: freshId('review'),
      productId: freshId('product'),
      userId: freshId('user'),
      rating: 5,
      title: 'Lovely and sturdy',
      body: 'Beautiful colours and solid wood. Our daughter plays with it every day.',
      language: 'en',
      verifiedPurchase: true,
    },
    overrides,
  );
}

/** A valid review submitted by shop `tenant`: aReviewSubmitted with that tenant and `overrides`. */
export function aReview(
  tenant: string,
  overrides: Partial<Omit<ReviewSubmitted, '$typeName' | 'envelope'>> = {},
): ReviewSubmitted {
  return aReviewSubmitted({ ...overrides, envelope: { tenantId: tenant } });
}

export function aSupportMessageReceived(
  overrides?: Overrides<typeof SupportMessageReceivedSchema>,
): SupportMessageReceived {
  return build(
    SupportMessageReceivedSchema,
    {
      envelope: envelopeInit('test-helpdesk', false),
      conversationId: freshId('conversation'),
      userId: freshId('user'),
      text: 'Hi, where is my order? It was supposed to arrive yesterday.',
      channel: SupportChannel.CHAT,
      locale: 'en',
    },
    overrides,
  );
}

export function aCustomerErasureRequested(
  overrides?: Overrides<typeof CustomerErasureRequestedSchema>,
): CustomerErasureRequested {
  return build(
    CustomerErasureRequestedSchema,
    {
      envelope: envelopeInit('test-privacy-desk', false),
      userId: freshId('user'),
      emails: ['alex@example.com'],
      requestReference: freshId('erasure'),
    },
    overrides,
  );
}

// --- results --------------------------------------------------------------------------------

export function aReviewAnalysed(overrides?: Overrides<typeof ReviewAnalysedSchema>): ReviewAnalysed {
  return build(
    ReviewAnalysedSchema,
    {
      envelope: envelopeInit('review-sentiment', true),
      reviewId: freshId('review'),
      productId: freshId('product'),
      userId: freshId('user'),
      rating: 5,
      polarity: Polarity.POSITIVE,
      score: 0.8,
      aspects: [{ aspect: 'quality', polarity: Polarity.POSITIVE, score: 0.7, evidence: 'solid wood' }],
      language: 'en',
      confidence: 0.9,
      source: localSource,
      verifiedPurchase: true,
    },
    overrides,
  );
}

export function aCopyGenerated(
  overrides?: Overrides<typeof ProductCopyGeneratedSchema>,
): ProductCopyGenerated {
  return build(
    ProductCopyGeneratedSchema,
    {
      envelope: envelopeInit('product-copy', true),
      productId: freshId('product'),
      productVersion: 1n,
      copy: {
        locale: 'en',
        tone: 'warm',
        channel: CopyChannel.WEB,
        title: 'Wooden Stacking Rainbow',
        shortDescription: 'Twelve arches of solid lime wood for little builders aged 1 to 6.',
        bullets: ['Solid lime wood', '12 arches', 'For ages 1 to 6'],
        seoTitle: 'Wooden Stacking Rainbow – 12 arches',
        metaDescription: 'Twelve arches of solid lime wood, coloured with water-based paint.',
        contentHash: 'sha256:0',
        copyVersion: 1,
      },
      source: localSource,
      faithfulness: { passed: true },
    },
    overrides,
  );
}

export function aGraphUpdated(overrides?: Overrides<typeof GraphUpdatedSchema>): GraphUpdated {
  const productId = freshId('product');
  return build(
    GraphUpdatedSchema,
    {
      envelope: envelopeInit('knowledge-graph', true),
      productId,
      productVersion: 1n,
      operation: GraphOperation.REPLACE,
      added: [
        {
          subject: { kind: NodeKind.PRODUCT, id: productId, label: 'Wooden Stacking Rainbow' },
          relation: Relation.MADE_OF,
          object: { kind: NodeKind.MATERIAL, id: 'wood', label: 'wood' },
          provenance: { extractor: 'attributes', confidence: 1 },
        },
      ],
      source: localSource,
      ontologyVersion: 'v1',
    },
    overrides,
  );
}

export function anOrderScored(overrides?: Overrides<typeof OrderScoredSchema>): OrderScored {
  return build(
    OrderScoredSchema,
    {
      envelope: envelopeInit('fraud-detection', true),
      orderId: freshId('order'),
      userId: freshId('user'),
      assessment: {
        score: 0.12,
        decision: Decision.APPROVE,
        reasons: [{ code: 'account_age', message: 'Account older than a year', contribution: -0.05 }],
        contributions: [{ feature: 'account_age_days', value: 400, contribution: -0.05 }],
        ruleSetVersion: 'rules-test',
        modelVersion: 'model-test',
      },
    },
    overrides,
  );
}

export function aFraudAlert(overrides?: Overrides<typeof FraudAlertSchema>): FraudAlert {
  return build(
    FraudAlertSchema,
    {
      envelope: envelopeInit('fraud-detection', true),
      alertId: freshId('alert'),
      subject: AlertSubject.ORDER,
      severity: Severity.HIGH,
      orderId: freshId('order'),
      score: 0.91,
      reasons: [
        { code: 'card_testing_burst', message: 'Many small orders with different cards', contribution: 0.6 },
      ],
    },
    overrides,
  );
}

export function aReviewFlagged(overrides?: Overrides<typeof ReviewFlaggedSchema>): ReviewFlagged {
  return build(
    ReviewFlaggedSchema,
    {
      envelope: envelopeInit('fraud-detection', true),
      reviewId: freshId('review'),
      productId: freshId('product'),
      userId: freshId('user'),
      score: 0.8,
      flags: [
        { reason: ReviewFlagReason.RATING_TEXT_MISMATCH, detail: 'five stars, negative text', weight: 0.5 },
      ],
    },
    overrides,
  );
}

export function aSupportReplied(overrides?: Overrides<typeof SupportRepliedSchema>): SupportReplied {
  return build(
    SupportRepliedSchema,
    {
      envelope: envelopeInit('customer-service', true),
      conversationId: freshId('conversation'),
      userId: freshId('user'),
      text: 'Your parcel is on its way with DHL and should arrive tomorrow.',
      channel: SupportChannel.CHAT,
      intent: 'order_status',
      confidence: 0.85,
      source: localSource,
      locale: 'en',
    },
    overrides,
  );
}

export function aSupportEscalated(overrides?: Overrides<typeof SupportEscalatedSchema>): SupportEscalated {
  return build(
    SupportEscalatedSchema,
    {
      envelope: envelopeInit('customer-service', true),
      conversationId: freshId('conversation'),
      userId: freshId('user'),
      reason: EscalationReason.CUSTOMER_ASKED,
      priority: Priority.NORMAL,
      summary: 'Customer asks for a person about a late delivery.',
      intent: 'order_status',
      source: localSource,
    },
    overrides,
  );
}

// --- query requests -------------------------------------------------------------------------

export function aReviewSummaryRequest(
  overrides?: Overrides<typeof ReviewSummaryRequestSchema>,
): ReviewSummaryRequest {
  return build(
    ReviewSummaryRequestSchema,
    { meta: aRequestMeta(), productId: freshId('product'), maxQuotes: 3 },
    overrides,
  );
}

export function aTopKRequest(overrides?: Overrides<typeof TopKRequestSchema>): TopKRequest {
  return build(
    TopKRequestSchema,
    { meta: aRequestMeta(), seed: { case: 'userId', value: freshId('user') }, k: 10 },
    overrides,
  );
}

export function aShoppingGuideRequest(
  overrides?: Overrides<typeof ShoppingGuideRequestSchema>,
): ShoppingGuideRequest {
  return build(
    ShoppingGuideRequestSchema,
    {
      meta: aRequestMeta(),
      conversationId: freshId('guide'),
      text: 'I need a gift for my nephew, he turns 3.',
      locale: 'en',
      k: 5,
    },
    overrides,
  );
}

export function aSupportChatRequest(
  overrides?: Overrides<typeof SupportChatRequestSchema>,
): SupportChatRequest {
  return build(
    SupportChatRequestSchema,
    {
      meta: aRequestMeta(),
      conversationId: freshId('conversation'),
      userId: freshId('user'),
      text: 'Can I return an opened toy?',
      channel: SupportChannel.CHAT,
      locale: 'en',
    },
    overrides,
  );
}

export function aGenerateCopyRequest(
  overrides?: Overrides<typeof GenerateCopyRequestSchema>,
): GenerateCopyRequest {
  const product = aProduct();
  return build(
    GenerateCopyRequestSchema,
    {
      meta: aRequestMeta(),
      productId: product.id,
      product,
      locale: 'en',
      tone: 'warm',
      channel: CopyChannel.WEB,
    },
    overrides,
  );
}

export function aGraphQueryRequest(overrides?: Overrides<typeof GraphQueryRequestSchema>): GraphQueryRequest {
  return build(
    GraphQueryRequestSchema,
    {
      meta: aRequestMeta(),
      query: {
        case: 'match',
        value: {
          conditions: [
            { relation: Relation.MADE_OF, object: 'wood' },
            { relation: Relation.AGE_MIN, comparison: Comparison.LTE, number: 3 },
          ],
        },
      },
      limit: 20,
    },
    overrides,
  );
}

export function aFraudScoreRequest(overrides?: Overrides<typeof FraudScoreRequestSchema>): FraudScoreRequest {
  return build(FraudScoreRequestSchema, { meta: aRequestMeta(), order: anOrder() }, overrides);
}
