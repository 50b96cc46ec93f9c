// Wiring only: the bus (publisher, Redis), the LLM gateway, entity resolution with the tenant's
// aliases, the graph store, extraction, similarity, the handlers and the HTTP endpoints.
import { Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { BUS_REDIS, BusModule, type BusOptions } from '@shopmind/bus';
import { LlmGateway } from '@shopmind/llm-gateway';
import { shutdownTelemetry } from '@shopmind/telemetry';
import type { Redis } from 'ioredis';
import type { KnowledgeGraphConfig } from './config.js';
import { EntityResolver } from './domain/entity-resolver.js';
import { GraphExportController } from './graph/graph-export.controller.js';
import { GraphExtraction } from './graph/graph-extraction.js';
import { GraphQueryHandler } from './graph/graph-query.handler.js';
import { ProductEventsHandler } from './graph/product-events.handler.js';
import { ReviewAnalysedHandler } from './graph/review-analysed.handler.js';
import { SimilarityRefresher } from './graph/similarity-refresher.js';
import { HealthController } from './health/health.controller.js';
import { TransportStatus } from './health/transport-status.js';
import { KNOWLEDGE_GRAPH_CONFIG } from './knowledge-graph-tokens.js';
import { GraphStore } from './stores/graph-store.js';

export const SERVICE_NAME = 'knowledge-graph';

export function busOptionsOf(config: KnowledgeGraphConfig): BusOptions {
  return {
    service: SERVICE_NAME,
    natsUrl: config.natsUrl,
    redisUrl: config.redisUrl,
    publishFormat: config.publishFormat,
    subjectPrefix: config.subjectPrefix,
    replicas: config.bus.replicas,
    retention: config.bus.retention,
    maxDeliver: config.bus.maxDeliver,
    ackWaitMs: config.bus.ackWaitMs,
    maxAckPending: config.bus.maxAckPending,
    concurrency: config.bus.concurrency,
    retryDelayMs: config.bus.retryDelayMs,
  };
}

/** Runs after the transport stopped pulling and finished in-flight handlers. */
class GracefulShutdown implements OnApplicationShutdown {
  constructor(@Inject(LlmGateway) private readonly gateway: LlmGateway) {}

  async onApplicationShutdown(): Promise<void> {
    await this.gateway.close();
    await shutdownTelemetry();
  }
}

@Module({})
export class KnowledgeGraphModule {
  static forRoot(config: KnowledgeGraphConfig, transportStatus = new TransportStatus()): DynamicModule {
    return {
      module: KnowledgeGraphModule,
      imports: [BusModule.forRoot(busOptionsOf(config))],
      controllers: [
        ProductEventsHandler,
        ReviewAnalysedHandler,
        GraphQueryHandler,
        GraphExportController,
        HealthController,
      ],
      providers: [
        { provide: KNOWLEDGE_GRAPH_CONFIG, useValue: config },
        { provide: TransportStatus, useValue: transportStatus },
        { provide: EntityResolver, useValue: new EntityResolver(config.aliases) },
        {
          provide: LlmGateway,
          useFactory: async (): Promise<LlmGateway> => {
            const gateway = new LlmGateway({ config: config.llm });
            await gateway.start();
            return gateway;
          },
        },
        {
          provide: GraphStore,
          inject: [BUS_REDIS],
          useFactory: (redis: Redis) =>
            new GraphStore(redis, { tombstoneTtlSeconds: config.tombstoneTtlSeconds }),
        },
        {
          provide: GraphExtraction,
          inject: [LlmGateway, EntityResolver],
          useFactory: (g: LlmGateway, r: EntityResolver) => new GraphExtraction(g, r),
        },
        {
          provide: SimilarityRefresher,
          inject: [GraphStore],
          useFactory: (s: GraphStore) =>
            new SimilarityRefresher(s, config.similar.topK, config.similar.threshold),
        },
        GracefulShutdown,
      ],
    };
  }
}
