// @shopmind/service-kit — the chassis every service stands on: configuration, start-up, health,
// the LLM gateway's lifecycle and graceful shutdown. A service writes a config, a module and handlers.
export {
  ConfigError,
  busOptionsOf,
  defineServiceConfig,
  type ConfigOf,
  type Env,
  type ServiceConfig,
  type ServiceConfigDefinition,
  type ServiceConfigSpec,
} from './config/service-config.js';
export {
  redisUrlWithCredentials,
  serviceEnvSchema,
  serviceSettingsOf,
  type ServiceEnv,
  type ServiceEnvDefaults,
  type ServiceSettings,
} from './config/shared-settings.js';
export { settingsCatalogue } from './config/settings-catalogue.js';
export { LlmGatewayModule } from './gateway/llm-gateway.module.js';
export { runOptionsForEvent, runOptionsForQuery } from './gateway/run-options.js';
export { resultSourceOf, type ResultSourceMessage } from './gateway/result-source.js';
export { resultEnvelope, resultEventId, type ResultCause } from './messages/result-envelope.js';
export { HealthModule } from './health/health.module.js';
export type { ReadinessCheck } from './health/readiness-check.js';
export {
  closeOnSignals,
  startService,
  type RunningService,
  type ServiceDefinition,
  type StartOptions,
} from './start/start-service.js';
export { runService } from './start/run-service.js';
