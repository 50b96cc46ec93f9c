// The service catalogue: for each ShopMind service, the events it consumes and publishes and the
// queries it answers and asks. NATS permissions (deploy/nats/auth.conf) are generated from it, so a
// service that starts handling, publishing or asking something new must be listed here first.
import { Events, Queries, type EventDefinition, type QueryDefinition } from './subjects.js';

export interface ServiceDefinition {
  /** The service's name: its folder under services/, its NATS user and its consumer-name prefix. */
  readonly name: string;
  /** Events it handles with @OnEvent (one durable consumer each). */
  readonly consumes: readonly EventDefinition[];
  /** Result events it publishes on ai.<tenant>.…. */
  readonly publishes: readonly EventDefinition[];
  /** Queries it answers with @OnQuery (queue subscription on q.*.<query>). */
  readonly answers: readonly QueryDefinition[];
  /** Queries it requests from its peers. */
  readonly asks: readonly QueryDefinition[];
}

function defineService<N extends string>(
  service: ServiceDefinition & { readonly name: N },
): ServiceDefinition & { readonly name: N } {
  return service;
}

export const ServiceCatalogue = {
  reviewSentiment: defineService({
    name: 'review-sentiment',
    consumes: [Events.reviewSubmitted, Events.erasureRequested],
    publishes: [Events.reviewAnalysed],
    answers: [Queries.reviewSummary],
    asks: [],
  }),
  productCopy: defineService({
    name: 'product-copy',
    consumes: [Events.productUpserted, Events.productDeleted],
    publishes: [Events.copyGenerated],
    answers: [Queries.generateCopy],
    asks: [],
  }),
  knowledgeGraph: defineService({
    name: 'knowledge-graph',
    consumes: [Events.productUpserted, Events.productDeleted, Events.reviewAnalysed, Events.erasureRequested],
    publishes: [Events.graphUpdated],
    answers: [Queries.graphQuery],
    asks: [],
  }),
  fraudDetection: defineService({
    name: 'fraud-detection',
    consumes: [
      Events.orderPlaced,
      Events.chargebackReported,
      Events.reviewSubmitted,
      Events.reviewAnalysed,
      Events.erasureRequested,
    ],
    publishes: [Events.orderScored, Events.fraudAlert, Events.reviewFlagged],
    answers: [Queries.fraudScore],
    asks: [],
  }),
  recommendation: defineService({
    name: 'recommendation',
    consumes: [
      Events.productUpserted,
      Events.productDeleted,
      Events.userInteracted,
      Events.orderPlaced,
      Events.graphUpdated,
      Events.erasureRequested,
    ],
    publishes: [],
    answers: [Queries.recommendTopK, Queries.shoppingGuide],
    asks: [],
  }),
  customerService: defineService({
    name: 'customer-service',
    consumes: [
      Events.supportMessageReceived,
      Events.productUpserted,
      Events.productDeleted,
      Events.orderPlaced,
      Events.orderStatusChanged,
      Events.erasureRequested,
    ],
    publishes: [Events.supportReplied, Events.supportEscalated],
    answers: [Queries.supportChat],
    asks: [Queries.shoppingGuide, Queries.graphQuery],
  }),
} as const satisfies Record<string, ServiceDefinition>;

export type ServiceKey = keyof typeof ServiceCatalogue;
export type ServiceName = (typeof ServiceCatalogue)[ServiceKey]['name'];

/** The catalogue entry of the service called `name` (e.g. 'review-sentiment'), or undefined. */
export function serviceDefinition(name: string): ServiceDefinition | undefined {
  return Object.values(ServiceCatalogue).find((s) => s.name === name);
}
