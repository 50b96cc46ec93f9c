// Wiring only: the stores, the knowledge base, the peers (guide, graph), the support agent and the
// handlers. The bus, the gateway and health come from the service kit (see main.ts).
import { Module, type DynamicModule } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/transport-node';
import { BUS_CONNECTION, BUS_REDIS, BusPublisher, EffectsLedger } from '@shopmind/bus';
import { LlmGateway } from '@shopmind/llm-gateway';
import type { ServiceDefinition } from '@shopmind/service-kit';
import { createLogger } from '@shopmind/telemetry';
import type { RedisConnection } from '@shopmind/redis';
import { KnowledgeBaseLoader } from './application/knowledge-base-loader.js';
import { ShopPeers } from './application/shop-peers.js';
import { SupportAgent } from './application/support-agent.js';
import type { CustomerServiceConfig } from './config.js';
import { CatalogEventsHandler } from './handlers/catalog-events.handler.js';
import { OrderEventsHandler } from './handlers/order-events.handler.js';
import { PrivacyEventsHandler } from './handlers/privacy-events.handler.js';
import { KnowledgeBaseCheck } from './handlers/readiness-checks.js';
import { SupportChatHandler } from './handlers/support-chat.handler.js';
import { SupportMessageHandler } from './handlers/support-message.handler.js';
import { ConversationStore } from './stores/conversation-store.js';
import { CustomerErasure } from './stores/customer-erasure.js';
import { CustomerSubjects } from './stores/customer-subjects.js';
import { OrderViewStore } from './stores/order-view-store.js';
import { ProductTitleStore } from './stores/product-title-store.js';
import { supportMetrics } from './support-metrics.js';
import { loadIntentClassifiers } from './tasks/support-intent/support-intent-task.js';
import { createSupportPlanTask } from './tasks/support-plan/support-plan-task.js';

const log = createLogger('customer-service.knowledge-base');
const configLog = createLogger('customer-service.config');
/** An erased order's marker outlives any redelivery of its events (the stream keeps 7 days by default). */
const ERASED_MARKER_TTL_S = 30 * 86_400;

@Module({})
export class CustomerServiceModule {
  static forRoot(config: CustomerServiceConfig): DynamicModule {
    if (config.usingDevSubjectSecret)
      configLog.warn(
        'SUPPORT_SUBJECT_SECRET is not set: using the development secret (set it outside development)',
      );
    return {
      module: CustomerServiceModule,
      controllers: [
        OrderEventsHandler,
        CatalogEventsHandler,
        PrivacyEventsHandler,
        SupportMessageHandler,
        SupportChatHandler,
      ],
      providers: [
        KnowledgeBaseCheck,
        {
          provide: KnowledgeBaseLoader,
          useFactory: () =>
            new KnowledgeBaseLoader({
              ...config.knowledgeBase,
              onLoaded: (source, kb) => {
                supportMetrics().kbReloads.add(1, { outcome: 'loaded' });
                log.info({ source, sections: kb.sections.length }, 'knowledge base loaded');
              },
              onRefused: (error) => {
                supportMetrics().kbReloads.add(1, { outcome: 'refused' });
                log.warn({ source: error.source, problems: error.problems }, 'knowledge base refused');
              },
            }),
        },
        {
          provide: OrderViewStore,
          inject: [BUS_REDIS, EffectsLedger],
          useFactory: (redis: RedisConnection, ledger: EffectsLedger) =>
            new OrderViewStore(redis, ledger, config.orders),
        },
        {
          provide: ProductTitleStore,
          inject: [BUS_REDIS, EffectsLedger],
          useFactory: (redis: RedisConnection, ledger: EffectsLedger) => new ProductTitleStore(redis, ledger),
        },
        {
          provide: ConversationStore,
          inject: [BUS_REDIS, EffectsLedger],
          useFactory: (redis: RedisConnection, ledger: EffectsLedger) =>
            new ConversationStore(redis, ledger, { ttlSeconds: config.conversations.ttlSeconds }),
        },
        { provide: CustomerSubjects, useFactory: () => new CustomerSubjects(config.subjectSecret) },
        {
          provide: CustomerErasure,
          inject: [
            EffectsLedger,
            OrderViewStore,
            ConversationStore,
            CustomerSubjects,
            BusPublisher,
            LlmGateway,
          ],
          useFactory: (
            ledger: EffectsLedger,
            orders: OrderViewStore,
            conversations: ConversationStore,
            subjects: CustomerSubjects,
            publisher: BusPublisher,
            gateway: LlmGateway,
          ) =>
            new CustomerErasure(ledger, orders, conversations, subjects, publisher, gateway, {
              markerTtlSeconds: ERASED_MARKER_TTL_S,
            }),
        },
        {
          provide: ShopPeers,
          inject: [BUS_CONNECTION],
          useFactory: (nc: NatsConnection) =>
            new ShopPeers(nc, { subjectPrefix: config.subjectPrefix, ...config.peers }),
        },
        {
          provide: SupportAgent,
          inject: [
            OrderViewStore,
            ProductTitleStore,
            ConversationStore,
            KnowledgeBaseLoader,
            ShopPeers,
            LlmGateway,
            CustomerSubjects,
          ],
          useFactory: (
            orders: OrderViewStore,
            products: ProductTitleStore,
            conversations: ConversationStore,
            knowledgeBase: KnowledgeBaseLoader,
            peers: ShopPeers,
            gateway: LlmGateway,
            subjects: CustomerSubjects,
          ) =>
            new SupportAgent({
              orders,
              products,
              conversations,
              knowledgeBase,
              peers,
              gateway,
              subjects,
              planTask: createSupportPlanTask(loadIntentClassifiers()),
              settings: {
                escalation: config.escalation,
                historyTurns: config.conversations.historyTurns,
                kbMinScore: config.knowledgeBase.search.minScore,
              },
            }),
        },
      ],
    };
  }
}

export const customerService: ServiceDefinition<CustomerServiceConfig> = {
  module: (config) => CustomerServiceModule.forRoot(config),
  readiness: [KnowledgeBaseCheck],
};
