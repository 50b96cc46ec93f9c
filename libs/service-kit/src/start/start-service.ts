// Starts a service the one way every service starts: the Nest app with the service's module, the
// JetStream transport, the LLM gateway, HTTP health, and a close() that stops them in order.
import { Module, type DynamicModule, type INestApplication, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { BusModule, JetStreamTransport } from '@shopmind/bus';
import { createLogger, shutdownTelemetry } from '@shopmind/telemetry';
import { busOptionsOf, type ServiceConfig } from '../config/service-config.js';
import { LlmGatewayModule } from '../gateway/llm-gateway.module.js';
import { HealthModule } from '../health/health.module.js';
import type { ReadinessCheck } from '../health/readiness-check.js';
import { StartedProviders } from './started-providers.js';

/** What a service is: its wiring and what its readiness needs besides the transport and Redis. */
export interface ServiceDefinition<C extends ServiceConfig> {
  /** The service's own module (wiring only): handlers, stores, tasks. */
  module(config: C): DynamicModule;
  /** Checks of the service's own (providers of its module) that readiness must pass. */
  readiness?: Type<ReadinessCheck>[];
  /** Extra fields for the "started" log line (rules file, model version, …). */
  describe?(config: C): Record<string, unknown>;
  /**
   * Configures the HTTP app once it is created and before it initialises and listens: the place
   * for middleware that must run before Nest's body parsers (they are registered at init, so
   * `app.use(...)` here comes first), documentation routes (Swagger UI) and anything else that
   * needs the application object. The service's providers exist already (`app.get(...)` works);
   * routes and the microservice transport are not started yet. A hook that throws (or rejects)
   * fails the start like a provider that fails: the app is closed and startService rejects.
   */
  configureApp?(app: INestApplication, config: C): void | Promise<void>;
}

export interface RunningService {
  readonly app: INestApplication;
  readonly transport: JetStreamTransport;
  /**
   * Stops the service in order: the bus stops pulling and answering and waits for in-flight
   * handlers (they ack); then the service's shutdown hooks (flushes), the gateway (budget
   * corrections), Redis and NATS; last, telemetry is flushed. Safe to call more than once.
   */
  close(): Promise<void>;
}

export interface StartOptions {
  /** Listen for HTTP (health) on config.httpPort; tests that need no HTTP pass false. */
  listenHttp?: boolean;
}

@Module({})
class ServiceRootModule {}

export async function startService<C extends ServiceConfig>(
  definition: ServiceDefinition<C>,
  config: C,
  options: StartOptions = {},
): Promise<RunningService> {
  const transport = new JetStreamTransport(busOptionsOf(config));
  const root: DynamicModule = {
    module: ServiceRootModule,
    // Order matters for shutdown: Nest closes global modules last, in reverse import order, so the
    // gateway (which may write to the bus's Redis) closes before the bus lets go of Redis and NATS.
    imports: [
      BusModule.forRoot(busOptionsOf(config)),
      LlmGatewayModule.forRoot(config.llm, config.redis),
      HealthModule.forRoot({
        transport,
        redisTimeoutMs: config.readinessTimeoutMs,
        checks: definition.readiness ?? [],
      }),
      definition.module(config),
    ],
  };
  // abortOnError false: a provider that fails (a rule file that does not parse) rejects here, so
  // the caller reports it (runService: a message and exit code 1; a test: a failed test), instead
  // of Nest ending the process itself. The providers created by then are closed first: the bus's
  // NATS and Redis connections would otherwise keep the caller's process alive.
  const started = new StartedProviders();
  const app = await NestFactory.create(root, {
    logger: ['error', 'warn'],
    abortOnError: false,
    instrument: { instanceDecorator: started.track },
  }).catch(async (err: unknown) => {
    await started.abandon();
    throw err;
  });
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      await transport.close();
      await app.close();
      await shutdownTelemetry();
    })());
  try {
    await definition.configureApp?.(app, config);
    app.connectMicroservice({ strategy: transport }, { inheritAppConfig: true });
    await app.startAllMicroservices();
    if (options.listenHttp ?? true) await app.listen(config.httpPort);
    else await app.init();
  } catch (err) {
    await close().catch(() => undefined);
    throw err;
  }
  return { app, transport, close };
}

/**
 * Closes on SIGTERM / SIGINT within the grace period; past it the process exits with code 1 so an
 * orchestrator never waits on a hung handler. The signal is re-raised after a clean close, so the
 * process ends as it would have.
 */
export function closeOnSignals(
  service: RunningService,
  graceMs: number,
  signals: NodeJS.Signals[] = ['SIGTERM', 'SIGINT'],
): void {
  const log = createLogger('service-kit');
  const onSignal = (signal: NodeJS.Signals): void => {
    for (const s of signals) process.off(s, onSignal);
    log.info({ signal, grace_ms: graceMs }, 'stopping');
    const deadline = setTimeout(() => {
      log.error({ grace_ms: graceMs }, 'shutdown did not finish within the grace period; exiting');
      process.exit(1);
    }, graceMs);
    deadline.unref();
    void service
      .close()
      .catch((err: unknown) => log.error({ err }, 'shutdown failed'))
      .finally(() => {
        clearTimeout(deadline);
        process.kill(process.pid, signal);
      });
  };
  for (const s of signals) process.on(s, onSignal);
}
