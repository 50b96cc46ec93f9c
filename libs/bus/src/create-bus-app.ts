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
export async function createBusApp(module: Type<unknown>, options: BusOptions, nest: { logger?: false } = {}): Promise<INestMicroservice> {
  const app = await NestFactory.createMicroservice(module, { strategy: new JetStreamTransport(options), ...nest });
  app.enableShutdownHooks();
  await app.listen();
  return app;
}
