// What an evaluation that runs a service needs: fresh NATS and Redis (or the servers at NATS_URL /
// REDIS_URL), the service in-process on its own subject prefix with its settings from the
// environment, and a NATS client with JetStream, all stopped together.
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { startService, type ServiceConfig, type ServiceDefinition } from '@shopmind/service-kit';
import { startInfra, uniqueName, provisionNamespace } from '@shopmind/testing';

export interface EvalRig {
  prefix: string;
  /** The service's name (its consumers are named after it). */
  service: string;
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
  close(): Promise<void>;
}

export async function startEvalRig<C extends ServiceConfig>(
  name: string,
  definition: ServiceDefinition<C>,
  loadConfig: (env: Record<string, string | undefined>) => C,
): Promise<EvalRig> {
  const infra = await startInfra();
  const prefix = await provisionNamespace(
    infra.natsUrl,
    uniqueName(name)
      .toLowerCase()
      .replace(/[^a-z0-9]/g, ''),
  );
  const config = loadConfig({
    ...process.env,
    NATS_URL: infra.natsUrl,
    REDIS_URL: infra.redisUrl,
    HTTP_PORT: '0',
    SHOPMIND_SUBJECT_PREFIX: prefix,
  });
  const running = await startService(definition, config, { listenHttp: false });
  const nc = await connect({ servers: infra.natsUrl });
  return {
    prefix,
    service: config.service,
    nc,
    js: jetstream(nc),
    jsm: await jetstreamManager(nc),
    close: async () => {
      await nc.drain();
      await running.close();
      await infra.stop();
    },
  };
}
