// Wiring only: the copy store, generation through the LLM gateway, the copy writer and the
// handlers. The bus, the gateway, health and shutdown come from the service kit (see main.ts).
import { Module, type DynamicModule } from '@nestjs/common';
import { BUS_REDIS } from '@shopmind/bus';
import { LlmGateway } from '@shopmind/llm-gateway';
import type { ServiceDefinition } from '@shopmind/service-kit';
import type { RedisConnection } from '@shopmind/redis';
import { CopyGeneration } from './application/copy-generation.js';
import { CopyWriterService } from './application/copy-writer-service.js';
import type { ProductCopyConfig } from './config.js';
import { GenerateCopyHandler } from './handlers/generate-copy.handler.js';
import { ProductEventsHandler } from './handlers/product-events.handler.js';
import { PRODUCT_COPY_CONFIG } from './product-copy-tokens.js';
import { CopyStore } from './stores/copy-store.js';

@Module({})
export class ProductCopyModule {
  static forRoot(config: ProductCopyConfig): DynamicModule {
    return {
      module: ProductCopyModule,
      controllers: [ProductEventsHandler, GenerateCopyHandler],
      providers: [
        { provide: PRODUCT_COPY_CONFIG, useValue: config },
        {
          provide: CopyStore,
          inject: [BUS_REDIS],
          useFactory: (redis: RedisConnection) => new CopyStore(redis, config.tombstoneTtlSeconds),
        },
        {
          provide: CopyGeneration,
          inject: [LlmGateway],
          useFactory: (gateway: LlmGateway) => new CopyGeneration(gateway),
        },
        {
          provide: CopyWriterService,
          inject: [CopyGeneration, CopyStore],
          useFactory: (generation: CopyGeneration, store: CopyStore) =>
            new CopyWriterService(generation, store),
        },
      ],
    };
  }
}

export const productCopy: ServiceDefinition<ProductCopyConfig> = {
  module: (config) => ProductCopyModule.forRoot(config),
};
