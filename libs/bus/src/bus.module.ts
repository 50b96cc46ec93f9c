// Nest wiring: the NATS connection, the options and the publisher (and, with a redisUrl, a Redis
// client watched by DependencyState, and the EffectsLedger) for a service's providers.
import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/transport-node';
import { Redis } from 'ioredis';
import { resolveBusOptions, type BusOptions } from './bus-options.js';
import { BusPublisher } from './bus-publisher.js';
import { BUS_CONNECTION, BUS_OPTIONS, BUS_REDIS } from './bus-tokens.js';
import { DependencyState } from './dependency-state.js';
import { EffectsLedger } from '@shopmind/redis';
import { acquireConnection, releaseConnection } from './nats-connections.js';

class BusLifecycle implements OnApplicationShutdown {
  constructor(
    @Inject(BUS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(BUS_REDIS) private readonly redis: Redis | undefined,
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
          useFactory: (dependencies: DependencyState): Redis | undefined => {
            if (!resolved.redisUrl) return undefined;
            // Commands wait in ioredis's offline queue while it reconnects (event handlers rely on
            // that); queries ask DependencyState first so that they fail fast instead.
            // A restricted ACL user (the edge's, deploy/redis/start.sh) may not run INFO, which
            // ioredis's ready check needs: skip the check for such a user instead of warning on
            // every connect. A Redis still loading its data answers LOADING, a transient error.
            const user = URL.canParse(resolved.redisUrl)
              ? decodeURIComponent(new URL(resolved.redisUrl).username)
              : '';
            const redis = new Redis(resolved.redisUrl, {
              lazyConnect: false,
              enableReadyCheck: user === '' || user === 'default',
            });
            dependencies.watchRedis('redis', redis);
            return redis;
          },
        },
        {
          provide: EffectsLedger,
          inject: [BUS_REDIS],
          useFactory: (redis: Redis | undefined): EffectsLedger | undefined =>
            redis ? new EffectsLedger(redis, { service: resolved.service }) : undefined,
        },
        BusPublisher,
        BusLifecycle,
      ],
      exports: [BUS_OPTIONS, BUS_CONNECTION, BUS_REDIS, DependencyState, EffectsLedger, BusPublisher],
    };
  }
}
