// Builds and starts the service: HTTP (health, readiness, export) plus the JetStream bus transport.
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { JetStreamTransport, enableBusShutdownHooks } from '@shopmind/bus';
import type { KnowledgeGraphConfig } from './config.js';
import { TransportStatus } from './health/transport-status.js';
import { KnowledgeGraphModule, busOptionsOf } from './knowledge-graph.module.js';

export async function startKnowledgeGraph(
  config: KnowledgeGraphConfig,
  opts: { listenHttp?: boolean } = {},
): Promise<INestApplication> {
  const transport = new JetStreamTransport(busOptionsOf(config));
  const status = new TransportStatus().watch(transport);
  const app = await NestFactory.create(KnowledgeGraphModule.forRoot(config, status), {
    logger: ['error', 'warn'],
  });
  app.connectMicroservice({ strategy: transport }, { inheritAppConfig: true });
  // SIGTERM/SIGINT → the bus first (stop pulling, finish in-flight handlers, drain), then app.close():
  // plain enableShutdownHooks() would let Nest close the Redis clients while a handler still runs.
  enableBusShutdownHooks(app);
  await app.startAllMicroservices();
  if (opts.listenHttp ?? true) await app.listen(config.httpPort);
  else await app.init();
  return app;
}
