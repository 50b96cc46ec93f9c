// Nest wiring: the NATS connection, the options and the publisher (and, with Redis configured, a
// Redis connection watched by DependencyState, and the EffectsLedger) for a service's providers.
import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/transport-node';
import { resolveBusOptions, type BusOptions } from './bus-options.js';
import { BusPublisher } from './bus-publisher.js';
import { BUS_CONNECTION, BUS_OPTIONS, BUS_REDIS } from './bus-tokens.js';
import { DependencyState } from './dependency-state.js';
import {
  createRedisConnection,
  EffectsLedger,
  type RedisConnection,
  type RedisEndpoint,
} from '@shopmind/redis';
import { acquireConnection, releaseConnection } from './nats-connections.js';

class BusLifecycle implements OnApplicationShutdown {
  constructor(
    @Inject(BUS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(BUS_REDIS) private readonly redis: RedisConnection | undefined,
    @Inject(DependencyState) private readonly dependencies: DependencyState,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    // Transports are closed by now (Nest closes microservices before shutdown hooks); the
    // connection is shared with them and drained by whichever lets go last.
    await releaseConnection(this.nc);
    this.dependencies.close(); // closing Redis is no outage
    if (this.redis) await this.redis.quit().catch(() => undefined);
  }
}

@Global()
@Module({})
export class BusModule {
  static forRoot(options: BusOptions): DynamicModule {
    const resolved = resolveBusOptions(options);
    return {
      module: BusModule,
      providers: [
        { provide: BUS_OPTIONS, useValue: resolved },
        {
          provide: BUS_CONNECTION,
          // Shared with the transport of the same service in this process (see nats-connections.ts).
          useFactory: (): Promise<NatsConnection> => acquireConnection(resolved),
        },
        { provide: DependencyState, useFactory: () => new DependencyState() },
        {
          provide: BUS_REDIS,
          inject: [DependencyState],
          useFactory: (dependencies: DependencyState): RedisConnection | undefined => {
            const endpoint = busRedisEndpoint(resolved);
            if (!endpoint) return undefined;
            // Commands wait in ioredis's offline queue while it reconnects (event handlers rely on
            // that); queries ask DependencyState first so that they fail fast instead.
            // A restricted ACL user (the edge's, deploy/redis/start.sh) may not run INFO, which
            // ioredis's ready check needs: the factory skips the check for such a user instead of
            // warning on every connect. A Redis still loading its data answers LOADING, a
            // transient error. The same for a single server, a Sentinel master and a cluster.
            const redis = createRedisConnection(endpoint, { lazyConnect: false });
            dependencies.watchRedis('redis', redis);
            return redis;
          },
        },
        {
          provide: EffectsLedger,
          inject: [BUS_REDIS],
          useFactory: (redis: RedisConnection | undefined): EffectsLedger | undefined =>
            redis ? new EffectsLedger(redis, { service: resolved.service }) : undefined,
        },
        BusPublisher,
        BusLifecycle,
      ],
      exports: [BUS_OPTIONS, BUS_CONNECTION, BUS_REDIS, DependencyState, EffectsLedger, BusPublisher],
    };
  }
}

/** The Redis the bus connects to: `redis`, else `redisUrl` as a single server, else none. */
export function busRedisEndpoint(options: {
  redis?: RedisEndpoint;
  redisUrl?: string;
}): RedisEndpoint | undefined {
  return options.redis ?? (options.redisUrl ? { kind: 'single', url: options.redisUrl } : undefined);
}
