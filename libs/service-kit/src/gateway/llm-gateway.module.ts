// The LLM gateway as a Nest provider with its lifecycle: started before the service's providers
// need it, closed (pending budget corrections flushed) before the bus lets go of Redis.
import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { BUS_REDIS } from '@shopmind/bus';
import { LlmGateway, type GatewayConfig } from '@shopmind/llm-gateway';
import type { Redis } from 'ioredis';

class GatewayLifecycle implements OnApplicationShutdown {
  constructor(@Inject(LlmGateway) private readonly gateway: LlmGateway) {}

  async onApplicationShutdown(): Promise<void> {
    await this.gateway.close();
  }
}

@Global()
@Module({})
export class LlmGatewayModule {
  /**
   * `config.redisUrl` equal to the bus's Redis: the gateway uses the bus's client instead of opening
   * its own connection. Without a provider the gateway opens no Redis connection at all.
   */
  static forRoot(config: GatewayConfig, busRedisUrl?: string): DynamicModule {
    return {
      module: LlmGatewayModule,
      providers: [
        {
          provide: LlmGateway,
          inject: [BUS_REDIS],
          useFactory: async (busRedis: Redis | undefined): Promise<LlmGateway> => {
            const shared = busRedis && config.redisUrl === busRedisUrl ? busRedis : undefined;
            const gateway = new LlmGateway({ config, ...(shared ? { redis: shared } : {}) });
            await gateway.start();
            return gateway;
          },
        },
        GatewayLifecycle,
      ],
      exports: [LlmGateway],
    };
  }
}
