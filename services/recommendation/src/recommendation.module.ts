// Wiring only: the model stores, content neighbours, the top-k recommender, the shopping guide and the handlers. The bus, the gateway and
// health come from the service kit (see main.ts).
import { Module, type DynamicModule } from '@nestjs/common';
import { BUS_REDIS, EffectsLedger } from '@shopmind/bus';
import type { ServiceDefinition } from '@shopmind/service-kit';
import { LlmGateway } from '@shopmind/llm-gateway';
import type { RedisConnection } from '@shopmind/redis';
import { ContentNeighbours } from './application/content-neighbours.js';
import { GuideCandidates } from './application/guide-candidates.js';
import { ShoppingGuide } from './application/shopping-guide.js';
import { TopKRecommender } from './application/top-k-recommender.js';
import type { RecommendationConfig } from './config.js';
import { CatalogEventsHandler } from './handlers/catalog-events.handler.js';
import { GraphUpdatedHandler } from './handlers/graph-updated.handler.js';
import { GuideHandler } from './handlers/guide.handler.js';
import { OrderPlacedHandler } from './handlers/order-placed.handler.js';
import { PrivacyEventsHandler } from './handlers/privacy-events.handler.js';
import { TopKHandler } from './handlers/top-k.handler.js';
import { UserInteractedHandler } from './handlers/user-interacted.handler.js';
import { ContentNeighbourStore } from './stores/content-neighbour-store.js';
import { GuideConversationStore } from './stores/guide-conversation-store.js';
import { RecommendationModelStore } from './stores/recommendation-model-store.js';
import { ModelReader } from './stores/model-reader.js';

@Module({})
export class RecommendationModule {
  static forRoot(config: RecommendationConfig): DynamicModule {
    return {
      module: RecommendationModule,
      controllers: [
        CatalogEventsHandler,
        UserInteractedHandler,
        OrderPlacedHandler,
        PrivacyEventsHandler,
        GraphUpdatedHandler,
        TopKHandler,
        GuideHandler,
      ],
      providers: [
        {
          provide: RecommendationModelStore,
          inject: [BUS_REDIS, EffectsLedger],
          useFactory: (redis: RedisConnection, ledger: EffectsLedger) =>
            new RecommendationModelStore(redis, ledger, config.model),
        },
        {
          provide: ContentNeighbourStore,
          inject: [BUS_REDIS, EffectsLedger],
          useFactory: (redis: RedisConnection, ledger: EffectsLedger) =>
            new ContentNeighbourStore(redis, ledger),
        },
        {
          provide: ContentNeighbours,
          inject: [ContentNeighbourStore, LlmGateway],
          useFactory: (store: ContentNeighbourStore, gateway: LlmGateway) =>
            new ContentNeighbours(store, gateway, config.content),
        },
        {
          provide: ModelReader,
          inject: [BUS_REDIS, EffectsLedger],
          useFactory: (redis: RedisConnection, ledger: EffectsLedger) => new ModelReader(redis, ledger),
        },
        {
          provide: TopKRecommender,
          inject: [ModelReader],
          useFactory: (reader: ModelReader) => new TopKRecommender(reader, config.topK),
        },
        {
          provide: GuideConversationStore,
          inject: [BUS_REDIS, EffectsLedger],
          useFactory: (redis: RedisConnection, ledger: EffectsLedger) =>
            new GuideConversationStore(redis, ledger, config.guide.ttlSeconds),
        },
        {
          provide: ShoppingGuide,
          inject: [GuideConversationStore, ModelReader, LlmGateway],
          useFactory: (conversations: GuideConversationStore, reader: ModelReader, gateway: LlmGateway) =>
            new ShoppingGuide(conversations, new GuideCandidates(reader, config.guide.candidates), gateway),
        },
      ],
    };
  }
}

export const recommendation: ServiceDefinition<RecommendationConfig> = {
  module: (config) => RecommendationModule.forRoot(config),
};
