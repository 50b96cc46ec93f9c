// A service's main.ts in one call: load the configuration, start, log, stop on signals. A start-up
// failure (bad settings, a rule file that does not parse, a server that cannot be reached) ends the
// process with code 1 and a message that says what to fix.
import { createLogger } from '@shopmind/telemetry';
import { ConfigError, type ServiceConfig, type ServiceConfigDefinition } from '../config/service-config.js';
import {
  closeOnSignals,
  startService,
  type RunningService,
  type ServiceDefinition,
} from './start-service.js';

export async function runService<Own>(
  configDefinition: ServiceConfigDefinition<Own>,
  definition: ServiceDefinition<ServiceConfig & Own>,
): Promise<RunningService | undefined> {
  const log = createLogger(configDefinition.service);
  try {
    const config = configDefinition.load();
    const service = await startService(definition, config);
    closeOnSignals(service, config.shutdownGraceMs);
    log.info(
      {
        http_port: config.httpPort,
        llm: config.llm.providers.length ? config.llm.providers.map((p) => p.name) : 'local-only',
        ...definition.describe?.(config),
      },
      `${configDefinition.service} started`,
    );
    return service;
  } catch (err) {
    if (err instanceof ConfigError) console.error(err.message);
    else log.error({ err }, `${configDefinition.service} could not start`);
    process.exitCode = 1;
    // Connections a half-started app opened must not keep the process alive.
    setTimeout(() => process.exit(1), 1000).unref();
    return undefined;
  }
}
