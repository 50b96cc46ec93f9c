// The providers a start has created, so that a start that fails can still close them: when a
// provider throws, NestFactory.create rejects without an app to close, while the providers created
// before the failure (or finishing after it) hold NATS and Redis connections.
import type { BeforeApplicationShutdown, OnApplicationShutdown, OnModuleDestroy } from '@nestjs/common';

type ShutdownHooks = Partial<OnModuleDestroy & BeforeApplicationShutdown & OnApplicationShutdown>;

export class StartedProviders {
  private readonly created: ShutdownHooks[] = [];
  private abandoned = false;
  private readonly closing: Promise<void>[] = [];

  /** Nest's `instrument.instanceDecorator`: sees every provider as it is created. */
  readonly track = (instance: unknown): unknown => {
    if (hasShutdownHooks(instance)) {
      // Created after the start failed (its dependencies were still connecting): close it at once.
      if (this.abandoned) this.closing.push(runShutdownHooks(instance));
      else this.created.push(instance);
    }
    return instance;
  };

  /**
   * Runs the shutdown hooks Nest's close() would have run, in reverse order of creation; providers
   * that are created later are closed as they arrive.
   */
  async abandon(): Promise<void> {
    this.abandoned = true;
    for (const instance of this.created.reverse()) await runShutdownHooks(instance);
    this.created.length = 0;
    await Promise.all(this.closing);
  }
}

function hasShutdownHooks(instance: unknown): instance is ShutdownHooks {
  if (typeof instance !== 'object' || instance === null) return false;
  const hooks = instance as Record<string, unknown>;
  return (
    typeof hooks.onModuleDestroy === 'function' ||
    typeof hooks.beforeApplicationShutdown === 'function' ||
    typeof hooks.onApplicationShutdown === 'function'
  );
}

async function runShutdownHooks(instance: ShutdownHooks): Promise<void> {
  // A hook that fails must not keep the others from running; the start's own error is what counts.
  await Promise.resolve(instance.onModuleDestroy?.()).catch(() => undefined);
  await Promise.resolve(instance.beforeApplicationShutdown?.()).catch(() => undefined);
  await Promise.resolve(instance.onApplicationShutdown?.()).catch(() => undefined);
}
