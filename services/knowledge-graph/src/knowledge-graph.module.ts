// Wiring only: entity resolution with the deployment's aliases, the graph store, extraction,
// similarity, the bus handlers and the export endpoints. The bus, the gateway, health and the
// shutdown order come from the service kit (see main.ts).
import { Module, type DynamicModule } from '@nestjs/common';
import { BUS_REDIS } from '@shopmind/bus';
import { LlmGateway } from '@shopmind/llm-gateway';
import type { ServiceDefinition } from '@shopmind/service-kit';
import type { RedisConnection } from '@shopmind/redis';
import { GraphExtraction } from './application/graph-extraction.js';
import { SimilarityRefresher } from './application/similarity-refresher.js';
import type { KnowledgeGraphConfig } from './config.js';
import { EntityResolver } from './domain/entity-resolver.js';
import { GraphExportController } from './handlers/graph-export.controller.js';
import { GraphQueryHandler } from './handlers/graph-query.handler.js';
import { PrivacyEventsHandler } from './handlers/privacy-events.handler.js';
import { ProductEventsHandler } from './handlers/product-events.handler.js';
import { ReviewAnalysedHandler } from './handlers/review-analysed.handler.js';
import { KNOWLEDGE_GRAPH_CONFIG } from './knowledge-graph-tokens.js';
import { GraphStore } from './stores/graph-store.js';

@Module({})
export class KnowledgeGraphModule {
  static forRoot(config: KnowledgeGraphConfig): DynamicModule {
    return {
      module: KnowledgeGraphModule,
      controllers: [
        ProductEventsHandler,
        ReviewAnalysedHandler,
        PrivacyEventsHandler,
        GraphQueryHandler,
        GraphExportController,
      ],
      providers: [
        { provide: KNOWLEDGE_GRAPH_CONFIG, useValue: config },
        { provide: EntityResolver, useValue: new EntityResolver(config.aliases) },
        {
          provide: GraphStore,
          inject: [BUS_REDIS],
          useFactory: (redis: RedisConnection) =>
            new GraphStore(redis, { tombstoneTtlSeconds: config.tombstoneTtlSeconds }),
        },
        {
          provide: GraphExtraction,
          inject: [LlmGateway, EntityResolver],
          useFactory: (gateway: LlmGateway, resolver: EntityResolver) =>
            new GraphExtraction(gateway, resolver),
        },
        {
          provide: SimilarityRefresher,
          inject: [GraphStore],
          useFactory: (store: GraphStore) =>
            new SimilarityRefresher(store, config.similar.topK, config.similar.threshold),
        },
      ],
    };
  }
}

export const knowledgeGraph: ServiceDefinition<KnowledgeGraphConfig> = {
  module: (config) => KnowledgeGraphModule.forRoot(config),
};
