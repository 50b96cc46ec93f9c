// Builds and starts the service: HTTP (health, readiness) plus the JetStream bus transport.
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { JetStreamTransport, enableBusShutdownHooks } from '@shopmind/bus';
import type { ReviewSentimentConfig } from './config.js';
import { TransportStatus } from './health/transport-status.js';
import { ReviewSentimentModule, busOptionsOf } from './review-sentiment.module.js';

export async function startReviewSentiment(
  config: ReviewSentimentConfig,
  opts: { listenHttp?: boolean } = {},
): Promise<INestApplication> {
  const transport = new JetStreamTransport(busOptionsOf(config));
  const status = new TransportStatus().watch(transport);
  const app = await NestFactory.create(ReviewSentimentModule.forRoot(config, status), {
    logger: ['error', 'warn'],
  });
  app.connectMicroservice({ strategy: transport }, { inheritAppConfig: true });
  // SIGTERM/SIGINT → the bus first (stop pulling, finish in-flight handlers, drain), then app.close():
  // its shutdown hooks refresh pending summaries and flush telemetry with Redis still open.
  enableBusShutdownHooks(app);
  await app.startAllMicroservices();
  if (opts.listenHttp ?? true) await app.listen(config.httpPort);
  else await app.init();
  return app;
}
