// @shopmind/redis — how ShopMind talks to Redis beyond single commands: scripts with declared keys
// (one hash slot per call, so Redis Cluster holds) and the shared idempotency marks.
export { RedisScript, ScriptKeysError, type ScriptArg, type ScriptSpec } from './redis-script.js';
