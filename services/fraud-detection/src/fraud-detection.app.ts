// Builds and starts the service: HTTP (health, readiness) plus the JetStream bus transport.
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { JetStreamTransport, enableBusShutdownHooks } from '@shopmind/bus';
import type { FraudConfig } from './fraud-config.js';
import { FraudDetectionModule, busOptionsOf } from './fraud-detection.module.js';

export async function startFraudDetection(
  config: FraudConfig,
  opts: { listenHttp?: boolean } = {},
): Promise<INestApplication> {
  const app = await NestFactory.create(FraudDetectionModule.forRoot(config), { logger: ['error', 'warn'] });
  app.connectMicroservice(
    { strategy: new JetStreamTransport(busOptionsOf(config)) },
    { inheritAppConfig: true },
  );
  // SIGTERM/SIGINT: the bus first (stop pulling, finish in-flight checkouts and events, drain), then
  // Nest closes the Redis clients and the audit trail.
  enableBusShutdownHooks(app);
  await app.startAllMicroservices();
  if (opts.listenHttp ?? true) await app.listen(config.httpPort);
  else await app.init();
  return app;
}
