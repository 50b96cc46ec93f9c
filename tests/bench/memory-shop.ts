// What the memory bench sends: round `n` of a small toy shop — one event of every inbound kind and
// every result kind a service consumes, causally linked (the order is of the product, the review
// is of it, the chat asks about the order), then one query of every kind each service answers.
// Round 0 is the "one request of each kind" after start-up; rounds 1… are the platform load.
import type { DescMessage, MessageShape } from '@bufbuild/protobuf';
import { timestampNow } from '@bufbuild/protobuf/wkt';
import {
  Comparison,
  Events,
  InteractionKind,
  NodeKind,
  OrderStatus,
  Queries,
  Relation,
  type EventDefinition,
  type QueryDefinition,
} from '@shopmind/contracts';
import {
  aChargebackReported,
  aCustomerErasureRequested,
  aFraudScoreRequest,
  aGenerateCopyRequest,
  aGraphQueryRequest,
  aGraphUpdated,
  anOrder,
  anOrderPlaced,
  anOrderStatusChanged,
  aProduct,
  aProductDeleted,
  aProductUpserted,
  aReviewAnalysed,
  aReviewSubmitted,
  aReviewSummaryRequest,
  aShoppingGuideRequest,
  aSupportChatRequest,
  aSupportMessageReceived,
  aTopKRequest,
  aUserInteracted,
} from '@shopmind/testing';

export const SERVICES = [
  'review-sentiment',
  'product-copy',
  'knowledge-graph',
  'fraud-detection',
  'recommendation',
  'customer-service',
] as const;
export type ServiceName = (typeof SERVICES)[number];

export interface ShopEvent {
  def: EventDefinition;
  message: MessageShape<DescMessage>;
}

export interface ShopQuery {
  /** e.g. `graph.query neighbours` */
  label: string;
  def: QueryDefinition;
  message: MessageShape<DescMessage>;
}

const event = <D extends DescMessage>(def: EventDefinition<D>, message: MessageShape<D>): ShopEvent => ({
  def,
  message: message as MessageShape<DescMessage>,
});
const query = <Req extends DescMessage>(
  label: string,
  def: QueryDefinition<Req>,
  message: MessageShape<Req>,
): ShopQuery => ({ label, def, message: message as MessageShape<DescMessage> });

const CATEGORIES = [
  ['Toys', 'Wooden Toys', 'Train Sets'],
  ['Toys', 'Puzzles', 'Floor Puzzles'],
  ['Toys', 'Dinosaurs', 'Figures'],
  ['Toys', 'Baby & Toddler Toys', 'Stacking Toys'],
];
const THINGS = ['Train Set', 'Floor Puzzle', 'Dinosaur Figures', 'Stacking Rainbow', 'Marble Run', 'Tea Set'];
const BRANDS = ['Grimm', 'Hape', 'Brio', 'Djeco', 'Plan Toys'];
const REVIEWS: [rating: number, title: string, body: string][] = [
  [5, 'Lovely and sturdy', 'Beautiful colours and solid wood. Our daughter plays with it every day.'],
  [2, 'Broke quickly', 'One wheel fell off after two days and the paint chipped. Would not buy again.'],
  [4, 'Nice but small', 'Lovely quality, but smaller than I expected from the photos.'],
  [1, 'Missing pieces', 'Three pieces were missing and customer support never answered my emails.'],
  [5, 'Perfect gift', 'Bought it for my nephew’s third birthday, he has not put it down since.'],
  [3, 'Okay', 'Decent toy for the price, the instructions were confusing though.'],
];

const tenantEnvelope = (tenant: string) => ({ envelope: { tenantId: tenant, occurredAt: timestampNow() } });
const meta = (tenant: string, n: number, what: string) => ({
  meta: { tenantId: tenant, requestId: `mem-${what}-${n}` },
});

export const productId = (n: number): string => `p-${n}`;
export const userId = (n: number): string => `u-${n}`;
export const orderId = (n: number): string => `W${100_000 + n}`;

function product(n: number) {
  return aProduct({
    id: productId(n),
    sku: `SKU-${n}`,
    title: `${BRANDS[n % BRANDS.length]} ${THINGS[n % THINGS.length]} No. ${n}`,
    brand: BRANDS[n % BRANDS.length],
    categoryPath: CATEGORIES[n % CATEGORIES.length],
    description: `A ${THINGS[n % THINGS.length].toLowerCase()} made of beech wood, for children from 3 years.`,
  });
}

function order(n: number) {
  return anOrder({
    orderId: orderId(n),
    userId: userId(n),
    email: `u${n}@example.com`,
    items: [
      {
        productId: productId(n),
        sku: `SKU-${n}`,
        title: product(n).title,
        categoryPath: CATEGORIES[n % CATEGORIES.length],
        quantity: 1,
        unitPrice: { currency: 'EUR', amountMinor: 3499n },
      },
    ],
  });
}

/**
 * The events of round `n`, in publishing order. `erasure` is left out: it deletes what the round
 * stored, so the bench sends it after the queries (see `erasureEvent`).
 */
export function roundEvents(tenant: string, n: number): ShopEvent[] {
  const [rating, title, body] = REVIEWS[n % REVIEWS.length];
  const gone = `${productId(n)}-gone`;
  return [
    event(
      Events.productUpserted,
      aProductUpserted({ ...tenantEnvelope(tenant), product: product(n), version: 1n }),
    ),
    event(
      Events.productUpserted,
      aProductUpserted({ ...tenantEnvelope(tenant), product: aProduct({ id: gone }), version: 1n }),
    ),
    event(
      Events.productDeleted,
      aProductDeleted({ ...tenantEnvelope(tenant), productId: gone, version: 2n }),
    ),
    event(
      Events.userInteracted,
      aUserInteracted({
        ...tenantEnvelope(tenant),
        kind: InteractionKind.VIEW,
        userId: userId(n),
        sessionId: `s-${n}`,
        productId: productId(n),
      }),
    ),
    event(Events.orderPlaced, anOrderPlaced({ ...tenantEnvelope(tenant), order: order(n) })),
    event(
      Events.orderStatusChanged,
      anOrderStatusChanged({
        ...tenantEnvelope(tenant),
        orderId: orderId(n),
        userId: userId(n),
        status: OrderStatus.SHIPPED,
      }),
    ),
    event(Events.chargebackReported, aChargebackReported({ ...tenantEnvelope(tenant), orderId: orderId(n) })),
    event(
      Events.reviewSubmitted,
      aReviewSubmitted({
        ...tenantEnvelope(tenant),
        reviewId: `r-${n}`,
        productId: productId(n),
        userId: userId(n),
        rating,
        title,
        body,
      }),
    ),
    // Results other services publish; the bench sends them itself only to a service running alone.
    event(
      Events.reviewAnalysed,
      aReviewAnalysed({
        ...tenantEnvelope(tenant),
        reviewId: `r-${n}`,
        productId: productId(n),
        userId: userId(n),
      }),
    ),
    event(Events.graphUpdated, aGraphUpdated({ ...tenantEnvelope(tenant), productId: productId(n) })),
    event(
      Events.supportMessageReceived,
      aSupportMessageReceived({
        ...tenantEnvelope(tenant),
        conversationId: `c-${n}`,
        userId: userId(n),
        text: `Hi, where is my order #${orderId(n)}? It was supposed to arrive yesterday.`,
      }),
    ),
  ];
}

/** The erasure request for the customer of round `n`. */
export function erasureEvent(tenant: string, n: number): ShopEvent {
  return event(
    Events.erasureRequested,
    aCustomerErasureRequested({
      ...tenantEnvelope(tenant),
      userId: userId(n),
      emails: [`u${n}@example.com`],
    }),
  );
}

/** The queries each service answers, about round `n`'s shop. */
export function roundQueries(tenant: string, n: number): Record<ServiceName, ShopQuery[]> {
  const p = productId(n);
  return {
    'review-sentiment': [
      query(
        'reviews.summary',
        Queries.reviewSummary,
        aReviewSummaryRequest({ ...meta(tenant, n, 'summary'), productId: p }),
      ),
    ],
    'product-copy': [
      query(
        'copy.generate',
        Queries.generateCopy,
        aGenerateCopyRequest({ ...meta(tenant, n, 'copy'), productId: p, product: product(n) }),
      ),
    ],
    'knowledge-graph': [
      query(
        'graph.query neighbours',
        Queries.graphQuery,
        aGraphQueryRequest({
          ...meta(tenant, n, 'neighbours'),
          query: { case: 'neighbours', value: { node: { kind: NodeKind.PRODUCT, id: p } } },
        }),
      ),
      query(
        'graph.query paths',
        Queries.graphQuery,
        aGraphQueryRequest({
          ...meta(tenant, n, 'paths'),
          query: {
            case: 'paths',
            value: {
              from: { kind: NodeKind.PRODUCT, id: p },
              to: { kind: NodeKind.MATERIAL, id: 'wood' },
              maxHops: 3,
            },
          },
        }),
      ),
      query(
        'graph.query match',
        Queries.graphQuery,
        aGraphQueryRequest({
          ...meta(tenant, n, 'match'),
          query: {
            case: 'match',
            value: {
              conditions: [
                { relation: Relation.MADE_OF, object: 'wood' },
                { relation: Relation.AGE_MIN, comparison: Comparison.LTE, number: 3 },
              ],
            },
          },
        }),
      ),
    ],
    'fraud-detection': [
      query(
        'fraud.score',
        Queries.fraudScore,
        aFraudScoreRequest({ ...meta(tenant, n, 'score'), order: order(n + 1_000_000) }),
      ),
    ],
    recommendation: [
      query(
        'recommendation.top_k user',
        Queries.recommendTopK,
        aTopKRequest({ ...meta(tenant, n, 'topk-user'), seed: { case: 'userId', value: userId(n) } }),
      ),
      query(
        'recommendation.top_k product',
        Queries.recommendTopK,
        aTopKRequest({ ...meta(tenant, n, 'topk-product'), seed: { case: 'productId', value: p } }),
      ),
      query(
        'recommendation.top_k cart',
        Queries.recommendTopK,
        aTopKRequest({ ...meta(tenant, n, 'topk-cart'), seed: { case: 'cart', value: { productIds: [p] } } }),
      ),
      query(
        'recommendation.guide',
        Queries.shoppingGuide,
        aShoppingGuideRequest({
          ...meta(tenant, n, 'guide'),
          conversationId: `g-${n}`,
          text: 'I need a gift for my nephew, he turns 3 and loves trains, around 30 euros.',
        }),
      ),
    ],
    'customer-service': [
      query(
        'support.chat',
        Queries.supportChat,
        aSupportChatRequest({
          ...meta(tenant, n, 'chat'),
          conversationId: `chat-${n}`,
          userId: userId(n),
          text: `where is my order #${orderId(n)}?`,
        }),
      ),
    ],
  };
}

/** HTTP requests a service answers besides its health endpoints (paths on its HTTP port). */
export function roundHttpPaths(tenant: string): Partial<Record<ServiceName, string[]>> {
  return { 'knowledge-graph': [`/export/${tenant}/graph.cypher`, `/export/${tenant}/graph.jsonld`] };
}

/** Settings a service needs to start as in production, beyond NATS and Redis (see its README). */
export const PRODUCTION_SECRETS: Partial<Record<ServiceName, Record<string, string>>> = {
  // Bench values, as an operator's secrets would be.
  'fraud-detection': { FRAUD_HASH_SECRET: 'bench-fraud-hash-secret-0123456789' },
  'customer-service': { SUPPORT_SUBJECT_SECRET: 'bench-support-subject-secret-0123456789' },
};
