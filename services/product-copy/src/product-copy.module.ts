// Wiring only: the bus (publisher, Redis), the LLM gateway, the copy store, generation, the
// handlers and the health endpoints.
import { Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { BUS_REDIS, BusModule, type BusOptions } from '@shopmind/bus';
import { LlmGateway } from '@shopmind/llm-gateway';
import { shutdownTelemetry } from '@shopmind/telemetry';
import type { Redis } from 'ioredis';
import type { ProductCopyConfig } from './config.js';
import { CopyGeneration } from './copy/copy-generation.js';
import { CopyWriterService } from './copy/copy-writer-service.js';
import { GenerateCopyHandler } from './copy/generate-copy.handler.js';
import { ProductEventsHandler } from './copy/product-events.handler.js';
import { HealthController } from './health/health.controller.js';
import { TransportStatus } from './health/transport-status.js';
import { PRODUCT_COPY_CONFIG } from './product-copy-tokens.js';
import { CopyStore } from './stores/copy-store.js';

export const SERVICE_NAME = 'product-copy';

export function busOptionsOf(config: ProductCopyConfig): BusOptions {
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
export class ProductCopyModule {
  static forRoot(config: ProductCopyConfig, transportStatus = new TransportStatus()): DynamicModule {
    return {
      module: ProductCopyModule,
      imports: [BusModule.forRoot(busOptionsOf(config))],
      controllers: [ProductEventsHandler, GenerateCopyHandler, HealthController],
      providers: [
        { provide: PRODUCT_COPY_CONFIG, useValue: config },
        { provide: TransportStatus, useValue: transportStatus },
        {
          provide: LlmGateway,
          useFactory: async (): Promise<LlmGateway> => {
            const gateway = new LlmGateway({ config: config.llm });
            await gateway.start();
            return gateway;
          },
        },
        {
          provide: CopyStore,
          inject: [BUS_REDIS],
          useFactory: (redis: Redis) => new CopyStore(redis, config.tombstoneTtlSeconds),
        },
        {
          provide: CopyGeneration,
          inject: [LlmGateway],
          useFactory: (g: LlmGateway) => new CopyGeneration(g),
        },
        {
          provide: CopyWriterService,
          inject: [CopyGeneration, CopyStore],
          useFactory: (g: CopyGeneration, s: CopyStore) => new CopyWriterService(g, s),
        },
        GracefulShutdown,
      ],
    };
  }
}
