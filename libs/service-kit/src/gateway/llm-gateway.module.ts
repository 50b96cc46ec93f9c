// The LLM gateway as a Nest provider with its lifecycle: started before the service's providers
// need it, closed (pending budget corrections flushed) before the bus lets go of Redis.
import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { BUS_REDIS } from '@shopmind/bus';
import { LlmGateway, type GatewayConfig } from '@shopmind/llm-gateway';
import { sameRedisEndpoint, type RedisConnection, type RedisEndpoint } from '@shopmind/redis';

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
   * `config.redis` the same as the bus's Redis: the gateway uses the bus's connection instead of
   * opening its own. Without a provider the gateway opens no Redis connection at all.
   */
  static forRoot(config: GatewayConfig, busRedis?: RedisEndpoint): DynamicModule {
    return {
      module: LlmGatewayModule,
      providers: [
        {
          provide: LlmGateway,
          inject: [BUS_REDIS],
          useFactory: async (busConnection: RedisConnection | undefined): Promise<LlmGateway> => {
            const shared =
              busConnection && sameRedisEndpoint(config.redis, busRedis) ? busConnection : undefined;
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
