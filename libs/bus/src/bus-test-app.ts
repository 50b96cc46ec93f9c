// For the bus's own integration specs (not exported): a Nest app around one handler class. The rest
// of the test harness (BusProbe, eventually, builders, provisionNamespace) is in @shopmind/testing;
// the specs call provisionNamespace first, as services expect their streams to be provisioned.
import { Module, type INestMicroservice, type Type } from '@nestjs/common';
import type { BusOptions } from './bus-options.js';
import { BusModule } from './bus.module.js';
import { createBusApp } from './create-bus-app.js';

export interface RunningBusTestApp {
  app: INestMicroservice;
  /** Closes the app once; later calls do nothing. */
  close(): Promise<void>;
}

/** Starts BusModule.forRoot(options) with `handlers` as its only controller. */
export async function startBusTestApp(
  options: BusOptions,
  handlers: Type<unknown>,
): Promise<RunningBusTestApp> {
  @Module({ imports: [BusModule.forRoot(options)], controllers: [handlers] })
  class BusTestAppModule {}
  const app = await createBusApp(BusTestAppModule, options, { logger: false, shutdownHooks: false });
  let closed = false;
  return {
    app,
    close: async () => {
      if (closed) return;
      closed = true;
      await app.close();
    },
  };
}
