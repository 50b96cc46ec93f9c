// Shutdown in the right order for an HTTP + bus (hybrid) Nest app. Nest runs every onModuleDestroy
// hook before it closes connected microservices, so with plain `enableShutdownHooks()` a handler
// still running could find its stores (Redis clients, …) already closed. Stop the bus first.
import type { INestApplicationContext } from '@nestjs/common';
import { closeRunningTransports } from './jetstream-transport.js';

/** Stops consuming and answering, waits for in-flight handlers (they ack), then closes the app. */
export async function closeBusApp(app: INestApplicationContext): Promise<void> {
  await closeRunningTransports();
  await app.close();
}
