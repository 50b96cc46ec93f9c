// @shopmind/redis — how ShopMind talks to Redis beyond single commands: one connection factory for
// a single server, Sentinel or Redis Cluster; scripts with declared keys (one hash slot per call, so
// Redis Cluster holds) and the one way to apply an event's effects once.
export {
  createRedisConnection,
  describeRedisEndpoint,
  duplicateRedisConnection,
  isRedisCluster,
  parseNodeList,
  RedisCluster,
  redisEndpointFromEnv,
  RedisEndpointError,
  redisEndpointOf,
  redisEnvShape,
  redisSettingsProblems,
  redisUserOf,
  sameRedisEndpoint,
  urlWithCredentials,
  type RedisConnection,
  type RedisConnectionOptions,
  type RedisEndpoint,
  type RedisEnv,
  type RedisNodeAddress,
} from './redis-connection.js';
export { execBySlot, scanKeys, type SlotGroup } from './slot-batch.js';
export { RedisScript, ScriptKeysError, type ScriptArg, type ScriptSpec } from './redis-script.js';
export {
  EffectsLedger,
  type ApplyOnce,
  type EffectsLedgerOptions,
  type EntityRef,
  type EntityWrite,
  type LedgerOp,
  type OnceScript,
  type RunOnce,
} from './effects-ledger.js';
export { COVER_ATTEMPTS, untilCovered } from './until-covered.js';
