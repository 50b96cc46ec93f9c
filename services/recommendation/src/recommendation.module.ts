// Wiring only: the model store, the top-k recommender and the handlers. The bus, the gateway and
// health come from the service kit (see main.ts).
import { Module, type DynamicModule } from '@nestjs/common';
import { BUS_REDIS, EffectsLedger } from '@shopmind/bus';
import type { ServiceDefinition } from '@shopmind/service-kit';
import type { Redis } from 'ioredis';
import { TopKRecommender } from './application/top-k-recommender.js';
import type { RecommendationConfig } from './config.js';
import { CatalogEventsHandler } from './handlers/catalog-events.handler.js';
import { OrderPlacedHandler } from './handlers/order-placed.handler.js';
import { PrivacyEventsHandler } from './handlers/privacy-events.handler.js';
import { TopKHandler } from './handlers/top-k.handler.js';
import { UserInteractedHandler } from './handlers/user-interacted.handler.js';
import { RecommendationModelStore } from './stores/recommendation-model-store.js';

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
          provide: TopKRecommender,
          inject: [RecommendationModelStore],
          useFactory: (store: RecommendationModelStore) => new TopKRecommender(store, config.topK),
        },
      ],
    };
  }
}

export const recommendation: ServiceDefinition<RecommendationConfig> = {
  module: (config) => RecommendationModule.forRoot(config),
};
