// The whole platform as production runs it, for chaos tests: its own nats-server (JetStream store
// kept across a SIGKILL) and redis-server (append-only file, as deployed), the fake OpenAI server
// failing every call, and the six services (service-fleet.ts). Everything can be killed and
// started again.
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import {
  startFakeOpenAi,
  startNatsServer,
  startRedisServer,
  type FakeOpenAiServer,
  type LocalNatsServer,
  type LocalRedisServer,
  provisionNamespace,
} from '@shopmind/testing';
import { ServiceFleet, type ServiceName } from './service-fleet.js';

export class ChaosPlatform {
  private constructor(
    readonly nats: LocalNatsServer,
    readonly redis: LocalRedisServer,
    readonly llm: FakeOpenAiServer,
    /** The test's own client (reconnects forever, so it rides out a NATS restart). */
    readonly nc: NatsConnection,
    readonly jsm: JetStreamManager,
    readonly services: ServiceFleet,
  ) {}

  static async start(): Promise<ChaosPlatform> {
    const nats = await startNatsServer();
    const redis = await startRedisServer({ persistent: true });
    const llm = await startFakeOpenAi();
    llm.setDefaultReply({ kind: 'error', status: 503, message: 'provider down' });
    const nc = await connect({
      servers: nats.url,
      name: 'chaos-shop',
      maxReconnectAttempts: -1,
      reconnectTimeWait: 200,
    });
    const services = new ServiceFleet({
      natsUrl: nats.url,
      redis: { REDIS_URL: redis.url },
      llmBaseUrl: llm.baseURL,
    });
    const platform = new ChaosPlatform(nats, redis, llm, nc, await jetstreamManager(nc), services);
    try {
      // Services only verify the streams: provision them first, as `shopmind provision` would.
      await provisionNamespace(nats.url, '');
      await services.startAll();
    } catch (err) {
      await platform.stop();
      throw err;
    }
    return platform;
  }

  get unexpectedExits(): string[] {
    return this.services.unexpectedExits;
  }

  pids(): Record<ServiceName, number> {
    return this.services.pids();
  }

  startService(name: ServiceName): Promise<void> {
    return this.services.startService(name);
  }

  killService(name: ServiceName, signal?: NodeJS.Signals): Promise<void> {
    return this.services.killService(name, signal);
  }

  waitAllReady(timeoutMs?: number): Promise<void> {
    return this.services.waitAllReady(timeoutMs);
  }

  describe(): string {
    return this.services.describe();
  }

  async stop(): Promise<void> {
    await this.services.stop();
    await this.nc.close().catch(() => undefined);
    await this.llm.stop();
    await this.redis.stop();
    await this.nats.stop();
  }
}
