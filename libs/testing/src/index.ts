// @shopmind/testing — servers, names, event builders and a fake OpenAI server for tests.
export { startInfra, type Infra, type InfraOptions, type InfraSource } from './infra.js';
export { startNatsServer, type LocalNatsServer, type NatsServerOptions } from './nats-server.js';
export { startRedisServer, type LocalRedisServer, type RedisServerOptions } from './redis-server.js';
export { InfraUnavailableError } from './infra-unavailable-error.js';
export { uniqueName, uniqueTenant } from './unique-name.js';
export { freePort } from './tcp-port.js';
export * from './fake-openai/index.js';
export * from './builders.js';
