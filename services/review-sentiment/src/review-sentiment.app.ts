// Builds and starts the service: HTTP (health, readiness) plus the JetStream bus transport.
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { JetStreamTransport } from '@shopmind/bus';
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
  // SIGTERM/SIGINT → app.close(): the transport stops pulling, finishes in-flight handlers and
  // drains; then the shutdown hooks refresh pending summaries and flush telemetry.
  app.enableShutdownHooks();
  await app.startAllMicroservices();
  if (opts.listenHttp ?? true) await app.listen(config.httpPort);
  else await app.init();
  return app;
}
