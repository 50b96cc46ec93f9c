// Wiring only: the model stores, content neighbours, the top-k recommender and the handlers. The bus, the gateway and
// health come from the service kit (see main.ts).
import { Module, type DynamicModule } from '@nestjs/common';
import { BUS_REDIS, EffectsLedger } from '@shopmind/bus';
import type { ServiceDefinition } from '@shopmind/service-kit';
import { LlmGateway } from '@shopmind/llm-gateway';
import type { Redis } from 'ioredis';
import { ContentNeighbours } from './application/content-neighbours.js';
import { TopKRecommender } from './application/top-k-recommender.js';
import type { RecommendationConfig } from './config.js';
import { CatalogEventsHandler } from './handlers/catalog-events.handler.js';
import { GraphUpdatedHandler } from './handlers/graph-updated.handler.js';
import { OrderPlacedHandler } from './handlers/order-placed.handler.js';
import { PrivacyEventsHandler } from './handlers/privacy-events.handler.js';
import { TopKHandler } from './handlers/top-k.handler.js';
import { UserInteractedHandler } from './handlers/user-interacted.handler.js';
import { ContentNeighbourStore } from './stores/content-neighbour-store.js';
import { RecommendationModelStore } from './stores/recommendation-model-store.js';
import { TopKReader } from './stores/top-k-reader.js';

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
      ],
      providers: [
        {
          provide: RecommendationModelStore,
          inject: [BUS_REDIS, EffectsLedger],
          useFactory: (redis: Redis, ledger: EffectsLedger) =>
            new RecommendationModelStore(redis, ledger, config.model),
        },
        {
          provide: ContentNeighbourStore,
          inject: [BUS_REDIS, EffectsLedger],
          useFactory: (redis: Redis, ledger: EffectsLedger) => new ContentNeighbourStore(redis, ledger),
        },
        {
          provide: ContentNeighbours,
          inject: [ContentNeighbourStore, LlmGateway],
          useFactory: (store: ContentNeighbourStore, gateway: LlmGateway) =>
            new ContentNeighbours(store, gateway, config.content),
        },
        {
          provide: TopKRecommender,
          inject: [BUS_REDIS, EffectsLedger],
          useFactory: (redis: Redis, ledger: EffectsLedger) =>
            new TopKRecommender(new TopKReader(redis, ledger), config.topK),
        },
      ],
    };
  }
}

export const recommendation: ServiceDefinition<RecommendationConfig> = {
  module: (config) => RecommendationModule.forRoot(config),
};
