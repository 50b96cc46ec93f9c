// Starts a Nest microservice whose transport is the JetStream bus.
import { NestFactory } from '@nestjs/core';
import type { INestMicroservice, Type } from '@nestjs/common';
import type { BusOptions } from './bus-options.js';
import { JetStreamTransport } from './jetstream-transport.js';

/**
 * Creates and starts the microservice (consumers pulling, queries answered). For an app that also
 * serves HTTP, use `app.connectMicroservice({ strategy: new JetStreamTransport(options) })` and
 * `app.startAllMicroservices()` instead.
 */
export async function createBusApp(
  module: Type<unknown>,
  options: BusOptions,
  settings: { logger?: false; shutdownHooks?: boolean } = {},
): Promise<INestMicroservice> {
  const app = await NestFactory.createMicroservice(module, {
    strategy: new JetStreamTransport(options),
    ...(settings.logger === false ? { logger: false } : {}),
  });
  // SIGTERM/SIGINT → app.close() → transport close(): stop pulling, finish, drain.
  if (settings.shutdownHooks !== false) app.enableShutdownHooks();
  await app.listen();
  return app;
}
