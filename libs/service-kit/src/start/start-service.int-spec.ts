// close() stops the parts in the order that loses nothing: the bus first (no new pulls, in-flight
// handlers finish and ack with Redis still open), then the service's own shutdown hooks, the
// gateway and the bus's Redis and NATS connections.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Body, Controller, Inject, Module, Post, Req, type OnApplicationShutdown } from '@nestjs/common';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { Redis } from 'ioredis';
import { BUS_CONNECTION, BUS_REDIS, OnEvent, type EventContext } from '@shopmind/bus';
import { Events, Streams, consumerName, type ReviewSubmitted } from '@shopmind/contracts';
import { LlmGateway } from '@shopmind/llm-gateway';
import {
  aReviewSubmitted,
  consumerSettled,
  eventually,
  provisionNamespace,
  publishEvent,
  startInfra,
  uniqueName,
  uniqueTenant,
  type Infra,
} from '@shopmind/testing';
import { installTestTelemetry } from '@shopmind/telemetry/testing';
import type { HealthIndicatorService } from '@nestjs/terminus';
import { defineServiceConfig } from '../config/service-config.js';
import type { ReadinessCheck } from '../health/readiness-check.js';
import { startService, type ServiceDefinition } from './start-service.js';

let infra: Infra;
let nc: NatsConnection;
let jsm: JetStreamManager;
let redis: Redis;

beforeAll(async () => {
  infra = await startInfra();
  nc = await connect({ servers: infra.natsUrl });
  jsm = await jetstreamManager(nc);
  redis = new Redis(infra.redisUrl);
});

afterAll(async () => {
  await nc?.drain();
  redis?.disconnect();
  await infra?.stop();
});

const steps: string[] = [];
let handlerStarted: () => void = () => undefined;

@Controller()
class SlowHandler {
  constructor(@Inject(BUS_REDIS) private readonly redis: Redis) {}

  @OnEvent(Events.reviewSubmitted)
  async handle(review: ReviewSubmitted, ctx: EventContext): Promise<void> {
    handlerStarted();
    await new Promise((r) => setTimeout(r, 400));
    await this.redis.set(`slow:${ctx.tenant}:${review.reviewId}`, 'done');
    steps.push('handler finished');
  }
}

class LastWrite implements OnApplicationShutdown {
  constructor(
    @Inject(BUS_REDIS) private readonly redis: Redis,
    @Inject(LlmGateway) private readonly gateway: LlmGateway,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    // Runs after the bus stopped and before Redis closes; the gateway is still open too.
    await this.redis.set(`slow:shutdown:${steps.length}`, this.gateway.mode);
    steps.push('service hook ran with Redis open');
  }
}

@Module({ controllers: [SlowHandler], providers: [LastWrite] })
class SlowModule {}

const slowConfig = defineServiceConfig({
  service: 'slow-kit',
  defaults: { httpPort: 0 },
  env: {},
  settings: () => ({}),
});
const slow: ServiceDefinition<ReturnType<typeof slowConfig.load>> = {
  module: () => ({ module: SlowModule }),
};

describe('startService close()', () => {
  it('lets an in-flight handler finish and ack, then runs the service hooks with Redis still open', async () => {
    const prefix = await provisionNamespace(infra.natsUrl, uniqueName('slow'));
    const service = await startService(
      slow,
      slowConfig.load({
        NATS_URL: infra.natsUrl,
        REDIS_URL: infra.redisUrl,
        SHOPMIND_SUBJECT_PREFIX: prefix,
      }),
      { listenHttp: false },
    );
    const started = new Promise<void>((resolve) => (handlerStarted = resolve));
    const review = aReviewSubmitted({ envelope: { tenantId: uniqueTenant('slow') } });
    const ack = await publishEvent(nc, Events.reviewSubmitted, review, { prefix });
    await started;
    await service.close();

    expect(steps).toEqual(['handler finished', 'service hook ran with Redis open']);
    expect(await redis.get(`slow:${review.envelope?.tenantId}:${review.reviewId}`)).toBe('done');
    expect(await redis.get('slow:shutdown:1')).toBe('local-only');
    // The message was acknowledged before the connection closed: nothing is left for a redelivery.
    const state = await eventually(
      () =>
        consumerSettled(jsm, Streams.shopEvents.name, consumerName('slow-kit', Events.reviewSubmitted), {
          prefix,
          streamSeq: ack.seq,
        }),
      (s) => s.settled,
      { what: 'the consumer to show the message acknowledged' },
    );
    expect(state.info.num_redelivered).toBe(0);
  });

  it('rejects when a provider of the service fails to start, leaving the process to the caller', async () => {
    @Module({
      providers: [
        {
          provide: 'RULES',
          useFactory: () => {
            throw new Error('rules.yaml: line 3: not a rule');
          },
        },
      ],
    })
    class BrokenModule {}
    const broken: ServiceDefinition<ReturnType<typeof slowConfig.load>> = {
      module: () => ({ module: BrokenModule }),
    };
    const config = slowConfig.load({
      NATS_URL: infra.natsUrl,
      REDIS_URL: infra.redisUrl,
      SHOPMIND_SUBJECT_PREFIX: uniqueName('broken'),
    });
    await expect(startService(broken, config, { listenHttp: false })).rejects.toThrow('rules.yaml: line 3');
  });

  it('closes the NATS and Redis connections it opened when a provider fails to start', async () => {
    class Connections {
      constructor(
        @Inject(BUS_CONNECTION) readonly nats: NatsConnection,
        @Inject(BUS_REDIS) readonly redis: Redis,
      ) {}
    }
    let opened: Connections | undefined;
    @Module({
      providers: [
        Connections,
        {
          provide: 'RULES',
          inject: [Connections],
          useFactory: (connections: Connections) => {
            opened = connections;
            throw new Error('rules.yaml: line 3: not a rule');
          },
        },
      ],
    })
    class BrokenAfterConnectingModule {}
    const config = slowConfig.load({
      NATS_URL: infra.natsUrl,
      REDIS_URL: infra.redisUrl,
      SHOPMIND_SUBJECT_PREFIX: uniqueName('broken'),
    });
    await expect(
      startService({ module: () => ({ module: BrokenAfterConnectingModule }) }, config, {
        listenHttp: false,
      }),
    ).rejects.toThrow('rules.yaml: line 3');
    // Providers still connecting when the start failed are closed as they finish.
    await eventually(() => opened?.nats.isClosed() && opened.redis.status === 'end', {
      what: "the failed start's NATS and Redis connections to close",
    });
  });
});

let switchReady = true;
class SwitchCheck implements ReadinessCheck {
  readonly name = 'switch';
  check(indicator: HealthIndicatorService) {
    const session = indicator.check(this.name);
    return switchReady ? session.up() : session.down({ message: 'switched off' });
  }
}

@Module({ providers: [SwitchCheck] })
class SwitchModule {}

describe('shopmind.service.ready', () => {
  it('reports the /readyz verdict as 1 or 0 at each collection', async () => {
    const telemetry = installTestTelemetry();
    // Provisioned, so the bus is ready and only the switch decides.
    const prefix = await provisionNamespace(infra.natsUrl, uniqueName('ready'));
    try {
      const service = await startService(
        { module: () => ({ module: SwitchModule }), readiness: [SwitchCheck] },
        slowConfig.load({
          NATS_URL: infra.natsUrl,
          REDIS_URL: infra.redisUrl,
          SHOPMIND_SUBJECT_PREFIX: prefix,
        }),
        { listenHttp: false },
      );
      const ready = async (): Promise<number[]> =>
        (await telemetry.metricPoints('shopmind.service.ready')).map((p) => p.value);
      expect(await ready()).toEqual([1]);
      switchReady = false;
      expect(await ready()).toEqual([0]);
      switchReady = true;
      expect(await ready()).toEqual([1]);
      await service.close();
    } finally {
      await telemetry.shutdown();
    }
  });
});

type SeenRequest = IncomingMessage & { body?: unknown; rawText?: string; parsedBeforeHook?: boolean };

@Controller('raw')
class RawEcho {
  @Post('echo')
  echo(@Req() req: SeenRequest, @Body() body: unknown) {
    return { rawText: req.rawText, parsedBeforeHook: req.parsedBeforeHook, body };
  }
}

const GREETING = 'GREETING';

@Module({ controllers: [RawEcho], providers: [{ provide: GREETING, useValue: 'hello from the module' }] })
class RawModule {}

describe('ServiceDefinition.configureApp', () => {
  it('runs on the created app before it listens, ahead of Nest’s body parsers, with the config', async () => {
    const seen: { port?: number; greeting?: string; listening?: boolean } = {};
    const definition: ServiceDefinition<ReturnType<typeof slowConfig.load>> = {
      module: () => ({ module: RawModule }),
      async configureApp(app, config) {
        await Promise.resolve(); // an async hook is awaited before the app initialises
        seen.port = config.httpPort;
        seen.greeting = app.get<string>(GREETING);
        seen.listening = (app.getHttpServer() as { listening: boolean }).listening;
        app.use('/raw', (req: SeenRequest, _res: ServerResponse, next: () => void) => {
          req.parsedBeforeHook = req.body !== undefined;
          const chunks: Buffer[] = [];
          req.on('data', (c: Buffer) => chunks.push(c));
          req.once('end', () => {
            req.rawText = Buffer.concat(chunks).toString('utf8');
            req.body = JSON.parse(req.rawText) as unknown;
            next();
          });
        });
      },
    };
    const service = await startService(
      definition,
      slowConfig.load({
        NATS_URL: infra.natsUrl,
        REDIS_URL: infra.redisUrl,
        SHOPMIND_SUBJECT_PREFIX: uniqueName('hook'),
      }),
    );
    try {
      expect(seen).toEqual({ port: 0, greeting: 'hello from the module', listening: false });
      const port = (service.app.getHttpServer().address() as AddressInfo).port;
      const text = '{ "a" :  1 }';
      const res = await fetch(`http://127.0.0.1:${port}/raw/echo`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: text,
      });
      expect(res.status).toBe(201);
      // The exact bytes reached the hook's middleware: Nest's JSON parser had not read them first.
      expect(await res.json()).toEqual({ rawText: text, parsedBeforeHook: false, body: { a: 1 } });
    } finally {
      await service.close();
    }
  });

  it('fails the start when the hook throws, closing what was opened', async () => {
    const definition: ServiceDefinition<ReturnType<typeof slowConfig.load>> = {
      module: () => ({ module: RawModule }),
      configureApp: () => {
        throw new Error('swagger: bad document');
      },
    };
    const config = slowConfig.load({
      NATS_URL: infra.natsUrl,
      REDIS_URL: infra.redisUrl,
      SHOPMIND_SUBJECT_PREFIX: uniqueName('hookfail'),
    });
    await expect(startService(definition, config)).rejects.toThrow('swagger: bad document');
  });
});
