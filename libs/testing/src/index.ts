// @shopmind/testing — servers, names, event builders, a fake OpenAI server, and the harness that
// drives services over the bus: publish events, collect results, wait, and check consumer state.
export { startInfra, type Infra, type InfraOptions, type InfraSource } from './infra.js';
export { startNatsServer, type LocalNatsServer, type NatsServerOptions } from './nats-server.js';
export { LocalServerProcess, type LocalServerSpec } from './local-server-process.js';
export { startRedisServer, type LocalRedisServer, type RedisServerOptions } from './redis-server.js';
export { InfraUnavailableError } from './infra-unavailable-error.js';
export { uniqueName, uniqueTenant } from './unique-name.js';
export { freePort } from './tcp-port.js';
export * from './fake-openai/index.js';
export * from './builders.js';
export { eventually, EventuallyTimeoutError, type EventuallyOptions } from './eventually.js';
export { publishEvent, type PublishEventOptions } from './publish-event.js';
export {
  collectResults,
  ResultCollector,
  type CollectResultsOptions,
  type Received,
  type WaitOptions,
} from './result-collector.js';
export {
  consumerSettled,
  expectConsumerIdle,
  type ConsumerSettledOptions,
  type ConsumerSettlement,
} from './consumer-state.js';
export { BusProbe } from './bus-probe.js';
export { provisionNamespace, type ProvisionNamespaceOptions } from './provision-namespace.js';
export { builtFile, repoRoot } from './built-file.js';
export { seededRandom } from './seeded-random.js';
export {
  startNatsCluster,
  type LocalNatsCluster,
  type NatsClusterNode,
  type NatsClusterOptions,
} from './nats-cluster.js';
export {
  CLUSTER_SLOTS,
  startRedisCluster,
  type LocalRedisCluster,
  type RedisClusterNode,
  type RedisClusterOptions,
} from './redis-cluster.js';
export { startRedisSentinel, type LocalRedisSentinel, type RedisSentinelOptions } from './redis-sentinel.js';
export {
  connectTestRedis,
  formatClusterNodes,
  parseClusterNodes,
  testRedisMode,
  type RedisNodeAddress,
  type TestRedisMode,
  type TestRedisSpec,
} from './test-redis.js';
